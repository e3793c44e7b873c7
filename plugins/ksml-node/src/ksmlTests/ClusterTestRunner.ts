import { ServiceUnavailableError } from '@backstage/errors';
import type * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import type { Values } from '../chart/mergeValues';
import type { KubeLogs, KubeTestRuns } from '../kube/roles';
import type { KsmlLogger } from '../logger';
import type { TestRunnerOutput } from './LocalTestRunner';
import { configMapKey, testJob, testRunLabels } from './testJob';

/** A pod's waiting reasons that will not pass by themselves: no use waiting out the timeout. */
const STUCK = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);
/** Lines of the runner's log read back: its report is at the end. */
const LOG_LINES = 5_000;

/**
 * Runs KSML's test runner as a Job on the app's cluster and namespace, with the runner image and
 * pod settings of the app's values; waits for it, reads its log, and deletes the Job and its
 * ConfigMap whatever happened.
 */
export async function runTestsOnCluster(
  files: Record<string, string>,
  options: {
    kube: KubeTestRuns & KubeLogs;
    release: string;
    values: Values;
    appVersion?: string;
    javaOptions: readonly string[];
    timeoutMs: number;
    pollMs?: number;
    logger?: KsmlLogger;
  },
): Promise<TestRunnerOutput> {
  const { kube } = options;
  // A Job's name is a pod label value too: 63 characters at most.
  const suffix = `-test-${randomBytes(3).toString('hex')}`;
  const name = `${options.release.slice(0, 63 - suffix.length)}${suffix}`;
  const timeoutSeconds = Math.ceil(options.timeoutMs / 1000);
  const job = testJob({
    name,
    release: options.release,
    files: Object.keys(files),
    values: options.values,
    appVersion: options.appVersion,
    javaOptions: options.javaOptions,
    timeoutSeconds,
  });
  await kube.startTestRun({
    name,
    labels: testRunLabels(options.release),
    files: Object.fromEntries(
      Object.entries(files).map(([path, text]) => [configMapKey(path), text]),
    ),
    job,
  });
  try {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const { job: current, pod } = await kube.readTestRun(name);
      const ended = endOf(current, pod);
      if (ended && pod?.metadata?.name) {
        const output = await kube.readLog(pod.metadata.name, LOG_LINES);
        return { output, exitCode: ended.exitCode, timedOut: false };
      }
      const stuck = pod && stuckReason(pod);
      if (stuck) {
        throw new ServiceUnavailableError(
          `The test Job ${name} cannot start its pod: ${stuck}`,
        );
      }
      if (Date.now() > deadline || jobFailedWithoutPod(current, pod)) {
        const log = pod?.metadata?.name
          ? await kube.readLog(pod.metadata.name, LOG_LINES).catch(() => '')
          : '';
        return { output: log, exitCode: null, timedOut: true };
      }
      await new Promise(resolve => setTimeout(resolve, options.pollMs ?? 1000));
    }
  } finally {
    await kube
      .deleteTestRun(name)
      .catch(error =>
        options.logger?.warn(
          `Could not delete the test run ${name}: ${(error as Error).message}`,
        ),
      );
  }
}

/** How the run's container ended, once it has. */
function endOf(
  job: k8s.V1Job | undefined,
  pod: k8s.V1Pod | undefined,
): { exitCode: number | null } | undefined {
  const terminated = pod?.status?.containerStatuses?.find(
    c => c.name === 'ksml',
  )?.state?.terminated;
  if (terminated) return { exitCode: terminated.exitCode ?? null };
  if (pod?.status?.phase === 'Succeeded') return { exitCode: 0 };
  if (job?.status?.succeeded) return { exitCode: 0 };
  return undefined;
}

function jobFailedWithoutPod(
  job: k8s.V1Job | undefined,
  pod: k8s.V1Pod | undefined,
): boolean {
  return Boolean(job?.status?.failed) && !pod;
}

function stuckReason(pod: k8s.V1Pod): string | undefined {
  const waiting = pod.status?.containerStatuses?.find(c => c.name === 'ksml')
    ?.state?.waiting;
  if (waiting?.reason && STUCK.has(waiting.reason)) {
    return `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
  }
  return undefined;
}
