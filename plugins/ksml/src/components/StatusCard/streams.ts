import type { KsmlReplicaStreams } from '@ksml-backstage/plugin-ksml-common';
import { formatRelativeTime } from '../common/time';

/** What each reason for an Unknown Kafka Streams state means, in words. */
const UNKNOWN_TEXT: Record<
  NonNullable<KsmlReplicaStreams['reason']>,
  string
> = {
  MetricsDisabled: 'not read: the runner runs without its metrics endpoint',
  PodNotRunning: 'not read: the pod is not running',
  NotYetRead: 'being read',
  MetricsUnreachable: 'the runner does not answer',
  MetricsForbidden: 'not read: the backend may not use the pod proxy',
  NoStreamsClient: 'no Kafka Streams client yet',
  Stale: 'no recent reading',
};

/** How a state shows: RUNNING as "Running", REBALANCING as "Rebalancing". */
export function streamsStateText(state: KsmlReplicaStreams['state']): string {
  if (state === 'Unknown') return 'Unknown';
  const words = state.toLowerCase().split('_');
  return [
    words[0][0].toUpperCase() + words[0].slice(1),
    ...words.slice(1),
  ].join(' ');
}

/** Whether a state is the client's normal one, one on its way to it, or a failure. */
export function streamsTone(
  state: KsmlReplicaStreams['state'],
): 'ok' | 'pending' | 'error' | 'unknown' {
  if (state === 'RUNNING') return 'ok';
  if (state === 'ERROR' || state === 'PENDING_ERROR' || state === 'NOT_RUNNING')
    return 'error';
  if (state === 'Unknown') return 'unknown';
  return 'pending';
}

/**
 * One replica's Kafka Streams line: "Running since 3 minutes ago · 2 threads", "Rebalancing
 * since about 5 minutes ago", "Unknown: the runner does not answer".
 */
export function streamsLine(
  replica: KsmlReplicaStreams,
  now: Date = new Date(),
): string {
  if (replica.state === 'Unknown') {
    return `Unknown: ${
      replica.reason ? UNKNOWN_TEXT[replica.reason] : 'not read'
    }`;
  }
  const parts = [streamsStateText(replica.state)];
  if (replica.since) {
    parts[0] += ` since ${
      replica.sinceEstimated ? 'about ' : ''
    }${formatRelativeTime(replica.since, now)}`;
  }
  const threads = replica.threads;
  if (threads) {
    let text = `${threads.alive} thread${threads.alive === 1 ? '' : 's'}`;
    if (threads.failed > 0) text += `, ${threads.failed} failed`;
    parts.push(text);
  }
  const restore = replica.restore;
  if (restore && (restore.activeTasks > 0 || restore.remainingRecords > 0)) {
    parts.push(
      `restoring state: ${restore.remainingRecords.toLocaleString(
        'en',
      )} records left${
        restore.progress !== undefined
          ? ` (${Math.floor(restore.progress * 100)}% done)`
          : ''
      }`,
    );
  }
  return parts.join(' · ');
}
