import type { V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { KSML_CONTAINER, METRICS_PORT_NAME } from '../streams/runnerPods';

// What the cache keeps of each object: the fields status and diagnosis read, nothing more, so
// memory grows with the apps and not with the size of their objects (a pod's spec alone is
// several kilobytes).

/** A pod as the cache keeps it. */
export type SlimPod = V1Pod & {
  metadata: { name: string; resourceVersion?: string };
};
/** A StatefulSet as the cache keeps it. */
export type SlimStatefulSet = V1StatefulSet & {
  metadata: { name: string; resourceVersion?: string };
};
/** A Job as the cache keeps it. */
export type SlimJob = V1Job & {
  metadata: { name: string; resourceVersion?: string };
};
/** A Helm release record Secret's metadata: its labels carry release name, status and revision. */
export interface HelmRecordMeta {
  metadata: {
    name: string;
    resourceVersion?: string;
    labels: { name?: string; status?: string; version?: string };
  };
}

/** The label that names a KSML object's release. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

type Meta = {
  name?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  deletionTimestamp?: Date | string;
  generation?: number;
};

function slimMeta(meta: Meta | undefined) {
  const instance = meta?.labels?.[INSTANCE_LABEL];
  return {
    name: meta?.name ?? '',
    resourceVersion: meta?.resourceVersion,
    ...(instance ? { labels: { [INSTANCE_LABEL]: instance } } : {}),
    ...(meta?.deletionTimestamp
      ? { deletionTimestamp: meta.deletionTimestamp as Date }
      : {}),
    ...(meta?.generation !== undefined ? { generation: meta.generation } : {}),
  };
}

function slimConditions<
  C extends { type: string; status: string; reason?: string; message?: string },
>(conditions: C[] | undefined): C[] | undefined {
  return conditions?.map(
    c =>
      ({
        type: c.type,
        status: c.status,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: c.message } : {}),
      } as C),
  );
}

/**
 * A pod without its spec (but its restart policy and the runner's metrics port) and with only
 * its status' telling parts.
 */
export function slimPod(object: unknown): SlimPod {
  const pod = object as V1Pod;
  const status = pod.status;
  const metricsPort = pod.spec?.containers
    ?.find(c => c.name === KSML_CONTAINER)
    ?.ports?.find(p => p.name === METRICS_PORT_NAME);
  return {
    metadata: {
      ...slimMeta(pod.metadata),
      ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}),
    },
    spec: {
      restartPolicy: pod.spec?.restartPolicy,
      containers: metricsPort
        ? [
            {
              name: KSML_CONTAINER,
              ports: [
                {
                  name: METRICS_PORT_NAME,
                  containerPort: metricsPort.containerPort,
                },
              ],
            },
          ]
        : [],
    },
    status: {
      phase: status?.phase,
      podIP: status?.podIP,
      reason: status?.reason,
      message: status?.message,
      conditions: slimConditions(status?.conditions),
      containerStatuses: status?.containerStatuses?.map(c => ({
        name: c.name,
        ready: c.ready,
        restartCount: c.restartCount,
        image: '',
        imageID: '',
        state: c.state,
        lastState: c.lastState,
      })),
    },
  };
}

/** A StatefulSet's replica counts. */
export function slimStatefulSet(object: unknown): SlimStatefulSet {
  const sts = object as V1StatefulSet;
  return {
    metadata: slimMeta(sts.metadata),
    spec: {
      replicas: sts.spec?.replicas,
      selector: {},
      serviceName: '',
      template: {},
    },
    status: {
      replicas: sts.status?.replicas ?? 0,
      readyReplicas: sts.status?.readyReplicas,
      updatedReplicas: sts.status?.updatedReplicas,
      availableReplicas: sts.status?.availableReplicas,
      observedGeneration: sts.status?.observedGeneration,
    },
  };
}

/** A Job's parallelism, counts and conditions. */
export function slimJob(object: unknown): SlimJob {
  const job = object as V1Job;
  return {
    metadata: slimMeta(job.metadata),
    spec: {
      parallelism: job.spec?.parallelism,
      completions: job.spec?.completions,
      template: {},
    },
    status: {
      active: job.status?.active,
      ready: job.status?.ready,
      succeeded: job.status?.succeeded,
      failed: job.status?.failed,
      conditions: slimConditions(job.status?.conditions),
    },
  };
}

/** A Helm record Secret's name, version and the labels Helm keeps its state in. */
export function slimHelmRecord(object: unknown): HelmRecordMeta {
  const meta = (object as { metadata?: Meta }).metadata;
  const labels = meta?.labels ?? {};
  return {
    metadata: {
      name: meta?.name ?? '',
      resourceVersion: meta?.resourceVersion,
      labels: {
        name: labels.name,
        status: labels.status,
        version: labels.version,
      },
    },
  };
}

/** The release an object belongs to, by its instance label. */
export function instanceOf(object: {
  metadata?: { labels?: Record<string, string> };
}): string | undefined {
  return object.metadata?.labels?.[INSTANCE_LABEL];
}
