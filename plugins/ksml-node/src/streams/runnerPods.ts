import type { V1Pod } from '@kubernetes/client-node';

/** The KSML chart's container, and the port its `prometheus` settings open on it. */
export const KSML_CONTAINER = 'ksml';
export const METRICS_PORT_NAME = 'metrics';

/** What reading a replica's runner needs of its pod. */
export interface RunnerPod {
  name: string;
  /** Tells a replaced pod (same name) from the one before it. */
  uid: string;
  /** The chart's `metrics` container port; undefined when prometheus is off. */
  metricsPort?: number;
  /** Running with an IP, not being deleted: its runner may be read. */
  readable: boolean;
  /** ISO 8601: when the `ksml` container started, when it runs. */
  startedAt?: string;
  /** The `ksml` container passes its readiness probe (the runner's /ready). */
  ready: boolean;
}

/** A pod of a KSML release as its runner is read. Pure. */
export function runnerPod(pod: V1Pod): RunnerPod {
  const container = pod.spec?.containers?.find(c => c.name === KSML_CONTAINER);
  const port = container?.ports?.find(
    p => p.name === METRICS_PORT_NAME,
  )?.containerPort;
  const status = pod.status?.containerStatuses?.find(
    c => c.name === KSML_CONTAINER,
  );
  const started = status?.state?.running?.startedAt;
  return {
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? pod.metadata?.name ?? '',
    ...(port ? { metricsPort: port } : {}),
    readable:
      pod.status?.phase === 'Running' &&
      Boolean(pod.status?.podIP) &&
      !pod.metadata?.deletionTimestamp,
    ...(started ? { startedAt: new Date(started).toISOString() } : {}),
    ready: status?.ready === true,
  };
}
