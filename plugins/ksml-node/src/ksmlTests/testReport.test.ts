import { parseTestResults, testReport } from './testReport';

// What KSML 1.3.0's test runner printed for its own sample suites on the test bed's build.
const OUTPUT = `INFO  KSMLTestRunner - Running suite: Filter pipeline passes blue sensors (1 test(s))
WARN  sensor_is_blue - Unknown color: red

=== KSML Test Results ===

  PASS  Filtering & transforming pipeline (with intentional failure) › Valid sensor data is filtered through and transformed
  FAIL  Filtering & transforming pipeline (with intentional failure) › Out-of-range temperature is filtered out
        AssertionError: Intentional failure: expected records on filtered_data, got 0
  ERROR Filter pipeline with apicurio_avro › blue_sensor_passes
        KSML parse error: Error in input node x->pipelines: Error in pipeline definition "filter_pipeline"
second line of the error
  ERROR broken › <parse>
        Invalid test definition: Missing required 'tests' map in /t/broken.yaml

6 passed, 1 failed, 2 errors
`;

describe('parseTestResults', () => {
  it("reads each result of the runner's report, with its message", () => {
    expect(parseTestResults(OUTPUT)).toEqual([
      {
        suite: 'Filtering & transforming pipeline (with intentional failure)',
        test: 'Valid sensor data is filtered through and transformed',
        status: 'PASS',
      },
      {
        suite: 'Filtering & transforming pipeline (with intentional failure)',
        test: 'Out-of-range temperature is filtered out',
        status: 'FAIL',
        message:
          'AssertionError: Intentional failure: expected records on filtered_data, got 0',
      },
      {
        suite: 'Filter pipeline with apicurio_avro',
        test: 'blue_sensor_passes',
        status: 'ERROR',
        message:
          'KSML parse error: Error in input node x->pipelines: Error in pipeline definition "filter_pipeline"\nsecond line of the error',
      },
      {
        suite: 'broken',
        test: '<parse>',
        status: 'ERROR',
        message:
          "Invalid test definition: Missing required 'tests' map in /t/broken.yaml",
      },
    ]);
  });

  it('gives undefined when the runner reported nothing', () => {
    expect(
      parseTestResults('ERROR: KSML Test Runner requires GraalVM to run.'),
    ).toBeUndefined();
  });
});

describe('testReport', () => {
  it('passes only when every test passed', () => {
    const pass = { suite: 's', test: 't', status: 'PASS' as const };
    expect(testReport([pass, pass], 'local', 5)).toMatchObject({
      passed: true,
      counts: { passed: 2, failed: 0, errors: 0 },
    });
    expect(
      testReport([pass, { ...pass, status: 'ERROR' }], 'local', 5),
    ).toMatchObject({ passed: false, counts: { passed: 1, errors: 1 } });
    expect(testReport([], 'cluster', 5).passed).toBe(false);
  });
});
