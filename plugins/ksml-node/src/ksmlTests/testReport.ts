import type {
  KsmlTestReport,
  KsmlTestResult,
  KsmlTestStatus,
} from '@ksml-backstage/plugin-ksml-common';

/** The line KSML's test runner prints before its results. */
const RESULTS_HEADER = '=== KSML Test Results ===';
const RESULT_LINE = /^ {2}(PASS|FAIL|ERROR) +(.*)$/;
/** Its labels: `<suite> › <test>`. */
const LABEL_SEPARATOR = ' › ';
/** A failure message is indented under its result (its later lines, if any, are not). */
const MESSAGE_INDENT = ' '.repeat(8);
/** The line that ends the results. */
const SUMMARY_LINE = /^\d+ passed, \d+ failed, \d+ errors$/;

/**
 * The results KSML's test runner printed (`KSMLTestRunner.reportResults`), in its order;
 * undefined when its output holds no results block (it failed before reporting).
 */
export function parseTestResults(output: string): KsmlTestResult[] | undefined {
  const lines = output.split(/\r?\n/);
  const start = lines.lastIndexOf(RESULTS_HEADER);
  if (start < 0) return undefined;
  const results: KsmlTestResult[] = [];
  for (const line of lines.slice(start + 1)) {
    if (SUMMARY_LINE.test(line)) break;
    const result = RESULT_LINE.exec(line);
    if (result) {
      const label = result[2];
      const at = label.indexOf(LABEL_SEPARATOR);
      results.push({
        suite: at < 0 ? label : label.slice(0, at),
        test: at < 0 ? '' : label.slice(at + LABEL_SEPARATOR.length),
        status: result[1] as KsmlTestStatus,
      });
    } else if (line.trim() !== '' && results.length > 0) {
      const last = results[results.length - 1];
      if (last.status === 'PASS') continue;
      const text = line.startsWith(MESSAGE_INDENT)
        ? line.slice(MESSAGE_INDENT.length)
        : line;
      last.message = last.message ? `${last.message}\n${text}` : text;
    }
  }
  return results;
}

/** A report of these results: passed only when there are some and each passed. */
export function testReport(
  results: KsmlTestResult[],
  ranOn: KsmlTestReport['ranOn'],
  durationMs: number,
): KsmlTestReport {
  const count = (status: KsmlTestStatus) =>
    results.filter(r => r.status === status).length;
  const counts = {
    passed: count('PASS'),
    failed: count('FAIL'),
    errors: count('ERROR'),
  };
  return {
    passed: results.length > 0 && counts.passed === results.length,
    counts,
    results,
    ranOn,
    durationMs,
  };
}
