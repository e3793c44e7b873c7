import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Why an app is not Running, in words, and what to do about it. */
export interface Diagnosis {
  /** A short reason: Kubernetes' own (CrashLoopBackOff, OOMKilled, Unschedulable) or ours. */
  reason: string;
  /** Kubernetes' detail, e.g. the scheduler's "0/1 nodes are available: 1 Insufficient cpu." */
  message?: string;
  /** What a KSML developer can do about it. */
  hint?: string;
}

/** The chart's store when the app asks for no storage: an emptyDir of 10 MiB. */
const STORE_LIMIT_EVICTION = /emptyDir|ephemeral local storage/i;

/** Hints for the reasons a KSML runner container fails, by reason. */
const FAILURE_HINTS: Record<string, string> = {
  CrashLoopBackOff:
    'The KSML runner keeps exiting: its last log lines say why (a definition error, an unreachable broker, refused credentials).',
  Error: 'The KSML runner exited with an error: its last log lines say why.',
  OOMKilled:
    'The runner ran out of memory: raise resources.limits.memory (the JVM needs room beyond its heap for RocksDB state stores).',
  ImagePullBackOff:
    'The runner image cannot be pulled: check the image name and tag in the chart values and the registry credentials (imagePullSecrets).',
  ErrImagePull:
    'The runner image cannot be pulled: check the image name and tag in the chart values and the registry credentials (imagePullSecrets).',
  InvalidImageName:
    'The runner image name is not valid: check the image values of the chart.',
  CreateContainerConfigError:
    "The container's configuration refers to something missing, often the app's Kafka Secret or one of its keys: deploy the app again with its secret Kafka properties.",
  BackoffLimitExceeded:
    'Every run of the Job failed: see its logs, fix the definition and deploy again to run it anew.',
  DeadlineExceeded:
    'The Job ran longer than it may: see its logs; deploy again to run it anew.',
  StoreLimitExceeded:
    "The app's state outgrew the chart's 10 MiB emptyDir store and the pod was evicted: give the app storage (storage.size) for a persistent store.",
  Evicted:
    'The node evicted the pod (out of memory or disk): see the message; the StatefulSet makes a new one.',
};

/** Hints for the scheduler's reasons, by what its message says. */
const SCHEDULING_HINTS: Array<[RegExp, string]> = [
  [
    /Insufficient (cpu|memory)/i,
    'No node has the CPU or memory the app requests: lower resources.requests, or ask the platform team for capacity.',
  ],
  [
    /Too many pods/i,
    'The nodes hold as many pods as they may: ask the platform team for capacity.',
  ],
  [
    /didn't match|affinity|selector/i,
    "No node matches the app's node selector or affinity: check those chart values.",
  ],
  [
    /taint/i,
    'The nodes carry taints the app does not tolerate: check the tolerations in the chart values.',
  ],
];

/** A failure with its hint; an emptyDir eviction becomes StoreLimitExceeded. */
export function withHint(failure: {
  reason: string;
  message?: string;
}): Diagnosis {
  const reason =
    failure.reason === 'Evicted' &&
    STORE_LIMIT_EVICTION.test(failure.message ?? '')
      ? 'StoreLimitExceeded'
      : failure.reason;
  const hint = FAILURE_HINTS[reason];
  return { ...failure, reason, ...(hint ? { hint } : {}) };
}

/**
 * Why an app that should be running is still Starting, read from its pods: a pod the scheduler
 * cannot place (its reason, e.g. "Too many pods" or insufficient CPU), a claim that cannot be
 * bound, or a runner that runs but is not ready (often restoring its state from Kafka).
 * Undefined when the pods say nothing yet (they are being created, or starting normally).
 */
export function startingDiagnosis(pods: V1Pod[]): Diagnosis | undefined {
  const live = pods.filter(p => !p.metadata?.deletionTimestamp);
  for (const pod of live) {
    const unscheduled = pod.status?.conditions?.find(
      c =>
        c.type === 'PodScheduled' &&
        c.status === 'False' &&
        c.reason === 'Unschedulable',
    );
    if (unscheduled) return unschedulable(unscheduled.message ?? '');
  }
  const notReady = notReadyRunner(live);
  if (notReady) {
    return {
      reason: 'NotReady',
      message: `the ${notReady.container.name} container of ${
        notReady.pod.metadata?.name ?? 'a pod'
      } runs but is not ready`,
      hint: 'The runner is not ready yet: a KSML app with state stores restores them from Kafka before it is ready, which takes a while for large stores; if it stays so, its logs say why.',
    };
  }
  return undefined;
}

/**
 * The first pod whose container runs but is not ready (its readiness probe, the runner's
 * `/ready`, answers no), with that container's status. A pod on its way out does not count:
 * during a roll the old runner is not ready while it stops, whatever it failed at.
 */
export function notReadyRunner(
  pods: V1Pod[],
): { pod: V1Pod; container: V1ContainerStatus } | undefined {
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const container = pod.status?.containerStatuses?.find(
      c => c.state?.running && !c.ready,
    );
    if (pod.status?.phase === 'Running' && container) return { pod, container };
  }
  return undefined;
}

function unschedulable(message: string): Diagnosis {
  if (
    /unbound (immediate )?PersistentVolumeClaims|PersistentVolumeClaim/i.test(
      message,
    )
  ) {
    return {
      reason: 'ClaimPending',
      message,
      hint: "The app's storage claim cannot be bound: check storage.storageClassName (the StorageClass must exist and provision volumes) or ask the platform team for a default StorageClass.",
    };
  }
  const hint =
    SCHEDULING_HINTS.find(([pattern]) => pattern.test(message))?.[1] ??
    'The scheduler cannot place the pod: see its message.';
  return { reason: 'Unschedulable', message, hint };
}
