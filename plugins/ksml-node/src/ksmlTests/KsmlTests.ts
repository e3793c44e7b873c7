import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlTestReport,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import type { Values } from '../chart/mergeValues';
import type { KubeLogs, KubeTestRuns } from '../kube/roles';
import type { KsmlLogger } from '../logger';
import { runTestsOnCluster } from './ClusterTestRunner';
import {
  LocalTestRunnerOptions,
  runTestsLocally,
  TestRunnerOutput,
} from './LocalTestRunner';
import { testRunFiles } from './testFiles';
import { parseTestResults, testReport } from './testReport';

/** Where and how an app's KSML tests run (the backend's `ksml.tests`). */
export interface KsmlTestsOptions {
  /**
   * `local`: a JVM beside the backend, from `local`; `cluster`: a Job with the app's runner
   * image on its environment's cluster. Default: local when `local` is set, else cluster.
   */
  runOn?: 'local' | 'cluster';
  local?: LocalTestRunnerOptions;
  /**
   * JVM options of the Job's test runner after upstream's (e.g. `-Dorg.graalvm.version=25.0.3`
   * for a runner image on a stock JDK rather than GraalVM).
   */
  clusterJavaOptions?: string[];
  /** How long a run may take, JVM start included (default 180 s). */
  timeoutMs?: number;
}

/** What a cluster run needs of the app: its values, its release and its namespace's client. */
export interface ClusterTestContext {
  release: string;
  values: Values;
  appVersion?: string;
  kube: KubeTestRuns & KubeLogs;
}

const DEFAULT_TIMEOUT_MS = 180_000;
/** Lines of the runner's output quoted when it reported nothing. */
const QUOTED_LINES = 15;

/** Runs a request's KSML test suites where the options say, and reports each test. */
export class KsmlTests {
  readonly #options: KsmlTestsOptions;
  readonly #logger?: KsmlLogger;

  constructor(options: KsmlTestsOptions = {}, logger?: KsmlLogger) {
    this.#options = options;
    this.#logger = logger;
  }

  /** Where tests run with these options. */
  get runsOn(): 'local' | 'cluster' {
    return this.#options.runOn ?? (this.#options.local ? 'local' : 'cluster');
  }

  /**
   * Runs the request's suites and reports each test; a request without suites is a 400. A
   * runner that reports nothing (it could not start, or ran out of time) is a 503 quoting its
   * last lines.
   */
  async run(
    request: DeployRequest,
    cluster: () => Promise<ClusterTestContext>,
  ): Promise<KsmlTestReport> {
    if (!request.tests || Object.keys(request.tests).length === 0) {
      throw new InputError('tests: is required: the KSML test suites to run');
    }
    const files = testRunFiles(request);
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = Date.now();
    let output: TestRunnerOutput;
    if (this.runsOn === 'local') {
      const local = this.#options.local;
      if (!local) {
        throw new ServiceUnavailableError(
          'ksml.tests.runOn is local, but ksml.tests.local.home names no test runner',
        );
      }
      output = await runTestsLocally(files, { ...local, timeoutMs });
    } else {
      const context = await cluster();
      output = await runTestsOnCluster(files, {
        ...context,
        javaOptions: this.#options.clusterJavaOptions ?? [],
        timeoutMs,
        logger: this.#logger,
      });
    }
    const results = parseTestResults(output.output);
    if (!results) {
      const why = output.timedOut
        ? `did not finish within ${Math.round(timeoutMs / 1000)} s`
        : `ended (exit code ${output.exitCode}) without a report`;
      throw withReason(
        new ServiceUnavailableError(
          `KSML's test runner ${why}: ${lastLines(output.output)}`,
        ),
        'ClusterUnreachable',
      );
    }
    return testReport(results, this.runsOn, Date.now() - started);
  }
}

/**
 * The error of a deploy that requires its tests to pass when they did not: a 400 on `tests`
 * naming each test that failed and why.
 */
export function testsFailedError(report: KsmlTestReport): InputError {
  const failures = report.results
    .filter(r => r.status !== 'PASS')
    .map(
      r =>
        `${r.suite} › ${r.test}: ${r.status}${
          r.message ? ` (${r.message.split('\n')[0]})` : ''
        }`,
    );
  return withReason(
    new InputError(
      `tests: ${failures.length} of ${
        report.results.length
      } tests did not pass, and requireTests is set: ${failures.join('; ')}`,
    ),
    'TestsFailed',
  );
}

function lastLines(output: string): string {
  const lines = output.trim().split('\n');
  return lines.slice(-QUOTED_LINES).join('\n') || '(no output)';
}
