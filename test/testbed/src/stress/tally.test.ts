import { failuresOf, JestResults, report, SUITE_FAILED, tally } from './tally';

const root = '/repo';
const results = (
  suites: Array<
    [string, 'passed' | 'failed', Array<[string, 'passed' | 'failed']>]
  >,
): JestResults => ({
  numPassedTests: suites
    .flatMap(([, , tests]) => tests)
    .filter(([, s]) => s === 'passed').length,
  numFailedTests: suites
    .flatMap(([, , tests]) => tests)
    .filter(([, s]) => s === 'failed').length,
  testResults: suites.map(([name, status, tests]) => ({
    name: `${root}/${name}`,
    status,
    assertionResults: tests.map(([fullName, s]) => ({ fullName, status: s })),
  })),
});

describe('the stress run tally', () => {
  it('names each failed test by file and name, and a suite that failed outside its tests', () => {
    const run = failuresOf(
      results([
        [
          'a.test.ts',
          'failed',
          [
            ['a works', 'passed'],
            ['a stops', 'failed'],
          ],
        ],
        ['b.integration.test.ts', 'failed', []],
        ['c.test.ts', 'passed', [['c', 'passed']]],
      ]),
      root,
    );
    expect(run).toEqual({
      passed: 2,
      failed: 1,
      failures: [
        'a.test.ts › a stops',
        `b.integration.test.ts › ${SUITE_FAILED}`,
      ],
    });
    expect(failuresOf(null, root)).toEqual({
      passed: 0,
      failed: 0,
      failures: [],
    });
  });

  it('counts in how many runs each test failed, most often first, and runs that failed outside jest', () => {
    const run = (
      n: number,
      failures: string[],
      exitCode = failures.length ? 1 : 0,
    ) => ({
      run: n,
      seconds: 60,
      exitCode,
      passed: 10,
      failed: failures.length,
      failures,
    });
    const runs = [
      run(1, ['x › flaky', 'y › once']),
      run(2, ['x › flaky']),
      run(3, [], 2),
    ];
    expect(tally(runs)).toEqual([
      ['x › flaky', 2],
      ['(run failed outside jest: exit 2)', 1],
      ['y › once', 1],
    ]);
    expect(report(runs, 1)).toContain('  2/3  x › flaky');
    expect(report([run(1, []), run(2, [])], 1)).toContain(
      'no failures in 2 runs under a load of 1 busy core',
    );
  });
});
