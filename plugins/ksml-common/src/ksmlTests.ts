import { isMap, isScalar, parseDocument } from 'yaml';

// KSML 1.3.0's pipeline tests (its ksml-test-runner module, `ksml-test` in the runner image): a
// test suite is a YAML file naming the definition it tests, the streams it produces to and
// asserts on, and its tests (records in, Python assertions out). The runner runs each suite on
// Kafka's TopologyTestDriver: no broker. Here: what a request's suites must hold before they are
// run, and what a run reports. The runner itself checks the rest of a suite and reports a suite
// it cannot read as an ERROR result, in its own words.

/** A suite name: the file name the suite is written to. */
export const KSML_TEST_SUITE_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62}$/;

/** How one test ended: KSML's own statuses. */
export type KsmlTestStatus = 'PASS' | 'FAIL' | 'ERROR';

/** One test's result, as KSML's test runner reports it. */
export interface KsmlTestResult {
  /** The suite's `name`, else its file name (the request's suite name). */
  suite: string;
  /** The test's `description`, else its key; `<parse>` for a suite the runner could not read. */
  test: string;
  status: KsmlTestStatus;
  /** Why it failed: the assertion's message, or the runner's error. */
  message?: string;
}

/** What a run of an app's test suites gave. */
export interface KsmlTestReport {
  /** True when every test passed (and there was at least one). */
  passed: boolean;
  counts: { passed: number; failed: number; errors: number };
  results: KsmlTestResult[];
  /** Where the tests ran: a JVM beside the backend, or a Job on the environment's cluster. */
  ranOn: 'local' | 'cluster';
  durationMs: number;
}

/** A problem with one suite of a request, before anything runs. */
export interface KsmlTestSuiteProblem {
  suite: string;
  message: string;
}

/**
 * What is wrong with the request's test suites before they can run: each must be a YAML
 * mapping with a `tests` mapping, and name in `definition` one of the request's definitions
 * (its KSML namespace, or that name with `.yaml`); `moduleDirectory` is refused, since no
 * Python modules travel with a request. `schemaDirectory` is set by the portal to the request's
 * schemas, whatever the suite says.
 */
export function testSuiteProblems(
  suites: Record<string, string>,
  definitionNames: readonly string[],
): KsmlTestSuiteProblem[] {
  const problems: KsmlTestSuiteProblem[] = [];
  for (const [suite, text] of Object.entries(suites)) {
    const problem = suiteProblem(text, definitionNames);
    if (problem) problems.push({ suite, message: problem });
  }
  return problems;
}

function suiteProblem(
  text: string,
  definitionNames: readonly string[],
): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return `YAML syntax: line ${error.linePos?.[0].line ?? 1}: ${
      error.message.split('\n')[0]
    }`;
  }
  if (!isMap(doc.contents)) {
    return 'must be a KSML test suite (a mapping with definition and tests)';
  }
  const definition = doc.get('definition');
  if (typeof definition !== 'string' || definition.trim() === '') {
    return `definition: is required: the definition it tests (${quoteList(
      definitionNames,
    )})`;
  }
  if (definitionNameOf(definition, definitionNames) === undefined) {
    return `definition: "${definition}" is none of this request's definitions (${quoteList(
      definitionNames,
    )})`;
  }
  const tests = doc.get('tests');
  if (!isMap(tests) || tests.items.length === 0) {
    return 'tests: is required: a mapping of at least one test';
  }
  if (doc.has('moduleDirectory')) {
    return 'moduleDirectory: is not supported: no Python modules travel with a request';
  }
  const schemaDirectory = doc.get('schemaDirectory', true);
  if (schemaDirectory !== undefined && !isScalar(schemaDirectory)) {
    return 'schemaDirectory: must be a folder name (the request’s schemas are used)';
  }
  return undefined;
}

/**
 * The request's definition (KSML namespace) a suite's `definition` names: the namespace itself,
 * or its file name (`<namespace>.yaml`, as the chart writes it, with any folder before it).
 */
export function definitionNameOf(
  definition: string,
  definitionNames: readonly string[],
): string | undefined {
  const file = definition.trim().split('/').pop() ?? '';
  const name = file.replace(/\.ya?ml$/, '');
  return definitionNames.includes(name) ? name : undefined;
}

function quoteList(names: readonly string[]): string {
  return names.map(n => `"${n}"`).join(', ');
}
