import type { V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { KsmlWorkload } from '@ksml-backstage/plugin-ksml-common';
import { startingDiagnosis, withHint } from './diagnosis';

/** Container waiting reasons that mean the app will not come up by itself. */
const FAILING_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The workload object of a release, whichever mode it runs in. */
export type KsmlWorkloadObject =
  | { kind: 'StatefulSet'; object: V1StatefulSet }
  | { kind: 'Job'; object: V1Job };

/** Why a pod fails, if it does: the first failing container's reason and message. */
export function podFailure(
  pod: V1Pod,
): { reason: string; message?: string } | undefined {
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && FAILING_WAITING_REASONS.has(waiting.reason)) {
      const lastReason = status.lastState?.terminated?.reason;
      // A crash loop after an OOM kill is reported as the OOM kill: that is what to fix.
      const reason =
        waiting.reason === 'CrashLoopBackOff' && lastReason === 'OOMKilled'
          ? 'OOMKilled'
          : waiting.reason;
      return {
        reason,
        message: waiting.message ?? status.lastState?.terminated?.message,
      };
    }
    const terminated = status.state?.terminated;
    if (
      terminated?.reason === 'OOMKilled' ||
      (terminated &&
        terminated.exitCode !== 0 &&
        pod.spec?.restartPolicy === 'Never')
    ) {
      return {
        reason: terminated.reason ?? 'Error',
        message: terminated.message ?? `exit code ${terminated.exitCode}`,
      };
    }
  }
  if (pod.status?.phase === 'Failed') {
    return {
      reason: pod.status.reason ?? 'PodFailed',
      message: pod.status.message,
    };
  }
  return undefined;
}

/** Container restarts of a pod. */
export function podRestarts(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, c) => sum + (c.restartCount ?? 0),
    0,
  );
}

/** The first failing pod's failure, with a hint. */
function firstFailure(pods: V1Pod[]) {
  for (const pod of pods) {
    const failure = podFailure(pod);
    if (failure) return withHint(failure);
  }
  return undefined;
}

/**
 * Maps a release's workload and pods to the readme's `kubernetes` status: Running, Starting
 * or Failing, plus our Completed (a finished Job) and Stopped (0 replicas), restarts and the
 * reason when Failing. Pure: the reads happen elsewhere.
 */
export function mapWorkloadStatus(
  name: string,
  workload: KsmlWorkloadObject | undefined,
  pods: V1Pod[],
): KsmlWorkload {
  const restarts = pods.reduce((sum, pod) => sum + podRestarts(pod), 0);
  if (!workload) {
    return {
      name,
      status: 'Starting',
      replicas: 0,
      readyReplicas: 0,
      restarts,
      reason: 'WorkloadNotFound',
      message: 'the release has no StatefulSet or Job (yet)',
    };
  }
  return workload.kind === 'StatefulSet'
    ? statefulSetStatus(name, workload.object, pods, restarts)
    : jobStatus(name, workload.object, pods, restarts);
}

function statefulSetStatus(
  name: string,
  sts: V1StatefulSet,
  pods: V1Pod[],
  restarts: number,
): KsmlWorkload {
  const replicas = sts.spec?.replicas ?? 1;
  const readyReplicas = sts.status?.readyReplicas ?? 0;
  const base = {
    name,
    deploymentMode: 'StatefulSet' as const,
    replicas,
    readyReplicas,
    restarts,
  };
  if (replicas === 0)
    return {
      ...base,
      status: readyReplicas === 0 && pods.length === 0 ? 'Stopped' : 'Starting',
    };
  const failure = firstFailure(pods);
  if (failure) {
    // Ready replicas counted from the pods that show the failure: the StatefulSet's own counter
    // lags them (a pod can crash-loop while the StatefulSet still says it is ready).
    return {
      ...base,
      readyReplicas: readyPods(pods),
      status: 'Failing',
      ...failure,
    };
  }
  const updated = (sts.status?.updatedReplicas ?? replicas) >= replicas;
  if (readyReplicas >= replicas && updated)
    return { ...base, status: 'Running' };
  return { ...base, status: 'Starting', ...startingDiagnosis(pods) };
}

function jobStatus(
  name: string,
  job: V1Job,
  pods: V1Pod[],
  restarts: number,
): KsmlWorkload {
  const conditions = job.status?.conditions ?? [];
  const completed =
    conditions.some(c => c.type === 'Complete' && c.status === 'True') ||
    (job.status?.succeeded ?? 0) > 0;
  const failed = conditions.find(
    c => c.type === 'Failed' && c.status === 'True',
  );
  const running = pods.filter(p => p.status?.phase === 'Running');
  const readyReplicas = job.status?.ready ?? readyPods(running);
  const base = {
    name,
    deploymentMode: 'Job' as const,
    replicas: job.spec?.parallelism ?? 1,
    readyReplicas,
    restarts,
  };
  if (completed) return { ...base, status: 'Completed' };
  if (failed) {
    return {
      ...base,
      status: 'Failing',
      ...withHint({
        reason: failed.reason ?? 'JobFailed',
        message: failed.message ?? firstFailure(pods)?.message,
      }),
    };
  }
  const failure = firstFailure(pods);
  if (failure) return { ...base, status: 'Failing', ...failure };
  if ((job.status?.active ?? 0) > 0 && running.length > 0)
    return { ...base, status: 'Running' };
  return { ...base, status: 'Starting', ...startingDiagnosis(pods) };
}

/** Pods that are Ready and not on their way out. */
function readyPods(pods: V1Pod[]): number {
  return pods.filter(
    p =>
      !p.metadata?.deletionTimestamp &&
      p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ),
  ).length;
}
