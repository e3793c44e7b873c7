import type {
  KsmlDeploymentRecord,
  KsmlLagResponse,
} from '@ksml-backstage/plugin-ksml-common';

/**
 * The replica count to start a stopped app with again: that of the newest deploy, promotion or
 * scale that ran any replicas (stopping is itself a scale to 0), or 1 when none did. History
 * comes newest first.
 */
export function previousReplicas(history: KsmlDeploymentRecord[]): number {
  for (const record of history) {
    const replicas = (record.request as { replicas?: unknown } | undefined)
      ?.replicas;
    if (
      (record.operation === 'deploy' ||
        record.operation === 'promote' ||
        record.operation === 'scale') &&
      record.outcome !== 'failed' &&
      typeof replicas === 'number' &&
      replicas > 0
    ) {
      return replicas;
    }
  }
  return 1;
}

/**
 * How many partitions the app's input topics have, as `GET /lag` read them from the broker: the
 * most of any one topic. Kafka Streams makes a task per partition of the topics a
 * sub-topology reads (co-partitioned topics share theirs), and a replica without a task sits
 * idle. An app of several independent sub-topologies has more tasks than this; KSML apps
 * mostly have one. Undefined while the lag is unknown (loading, no Kafka connection).
 */
export function inputPartitions(
  lag: KsmlLagResponse | undefined,
): number | undefined {
  const most = Math.max(
    0,
    ...(lag?.topics ?? []).map(t => t.partitions.length),
  );
  return most > 0 ? most : undefined;
}

const counted = (n: number, noun: string) =>
  `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The Scale dialog's warning when more replicas are asked than the input topics have
 * partitions: "4 replicas but the input topics have 2 partitions: 2 replicas will sit idle".
 * Undefined when every replica can get a partition, or the partitions are unknown.
 */
export function idleReplicasWarning(
  replicas: number,
  partitions: number | undefined,
): string | undefined {
  if (partitions === undefined || replicas <= partitions) return undefined;
  const idle = replicas - partitions;
  return `${counted(replicas, 'replica')} but the input topics have ${counted(
    partitions,
    'partition',
  )}: ${counted(idle, 'replica')} will sit idle`;
}
