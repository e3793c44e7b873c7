/** What a jest `--json` results file says of one test. */
interface JestAssertion {
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
}

/** What a jest `--json` results file says of one suite (test file). */
interface JestSuite {
  name: string;
  status: 'passed' | 'failed';
  message?: string;
  assertionResults: JestAssertion[];
}

/** The part of jest's `--json` output the stress run reads. */
export interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  testResults: JestSuite[];
}

/** One run of the suites, as the stress run keeps it. */
export interface RunOutcome {
  run: number;
  seconds: number;
  exitCode: number;
  passed: number;
  failed: number;
  /** `file › test name` of each failed test; `file › (the suite did not run)` for a suite. */
  failures: string[];
}

/** What a suite that failed without a failed test is listed as (it crashed or timed out). */
export const SUITE_FAILED = '(the suite failed outside its tests)';

/**
 * The failures of one run, read from jest's results (`null` when jest wrote none: it did not
 * get to run). File paths are made relative to `root` so runs on other clones compare.
 */
export function failuresOf(
  results: JestResults | null,
  root: string,
): { passed: number; failed: number; failures: string[] } {
  if (!results) return { passed: 0, failed: 0, failures: [] };
  const failures: string[] = [];
  for (const suite of results.testResults) {
    const file = suite.name.startsWith(`${root}/`)
      ? suite.name.slice(root.length + 1)
      : suite.name;
    const failed = suite.assertionResults.filter(a => a.status === 'failed');
    for (const test of failed) failures.push(`${file} › ${test.fullName}`);
    if (suite.status === 'failed' && failed.length === 0) {
      failures.push(`${file} › ${SUITE_FAILED}`);
    }
  }
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests,
    failures,
  };
}

/**
 * Each failure over all runs with how many runs it failed in, most often first. A run that
 * failed with no test failing (an error before or after jest: type check, lint, a crash) is
 * counted under `(run failed outside jest: exit N)`.
 */
export function tally(runs: readonly RunOutcome[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  const add = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  for (const run of runs) {
    for (const failure of new Set(run.failures)) add(failure);
    if (run.exitCode !== 0 && run.failures.length === 0) {
      add(`(run failed outside jest: exit ${run.exitCode})`);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The closing report: one line per run, then each failure with its count, or that none failed. */
export function report(runs: readonly RunOutcome[], load: number): string {
  const lines = runs.map(
    r =>
      `run ${r.run}/${runs.length}: ${r.passed} passed, ${
        r.failed
      } failed, exit ${r.exitCode} (${Math.round(r.seconds)} s)`,
  );
  const counted = tally(runs);
  lines.push('');
  if (counted.length === 0) {
    lines.push(
      `no failures in ${runs.length} runs${
        load ? ` under a load of ${load} busy core${load === 1 ? '' : 's'}` : ''
      }`,
    );
  } else {
    lines.push(`failures in ${runs.length} runs (runs failed: test):`);
    for (const [what, n] of counted)
      lines.push(`  ${n}/${runs.length}  ${what}`);
  }
  return lines.join('\n');
}
