import {
  replicaLabel,
  type KsmlReplicaStreams,
  type KsmlWorkload,
} from '@ksml-backstage/plugin-ksml-common';

/** The Streams states in which a client processes nothing and will not by itself. */
const FAILED = new Set(['ERROR', 'PENDING_ERROR']);
/** The states in which a client is on its way to RUNNING. */
const ON_ITS_WAY = new Set(['CREATED', 'REBALANCING']);
/** Reasons a Starting app has that the Streams state can tell more precisely. */
const VAGUE = new Set([undefined, 'NotReady']);

const HINTS = {
  StreamsError:
    "The runner's Kafka Streams client stopped on an error and processes nothing: its log says which (an exception in a function, a record it could not handle, a broker refusal). Fix the cause, then restart the app or deploy again.",
  StreamsStopped:
    "The runner's Kafka Streams client was shut down while its pod runs: restart the app.",
  RestoringState:
    'The runner is rebuilding its state stores from their changelog topics before it processes records; it is Running once done. Persistent storage (storage.size) keeps a restart from restoring everything again.',
  Rebalancing:
    "The replicas' Kafka Streams clients are agreeing on who processes which partitions; records wait meanwhile. A rebalance that lasts minutes often means a replica that keeps joining and leaving: see its log.",
} as const;

/** "45 s", "3 min", "2 h": how long ago an ISO time was. */
function ago(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/**
 * The workload's status with what its runners' Kafka Streams clients say: an app whose pods
 * run while a client is in ERROR is Failing (`StreamsError`), one whose clients still rebalance
 * or restore state is Starting (`Rebalancing`, `RestoringState`), not Running. A replica whose
 * state is Unknown changes nothing; a cause Kubernetes or the runner's log already gave stays.
 * The replicas are attached as `streams`. Pure.
 */
export function withStreamsHealth(
  kubernetes: KsmlWorkload,
  streams: KsmlReplicaStreams[],
  now: number = Date.now(),
): KsmlWorkload {
  if (streams.length === 0) return kubernetes;
  const withStreams = { ...kubernetes, streams };
  const { status, reason } = kubernetes;
  if (status !== 'Running' && status !== 'Starting') return withStreams;

  const failed = streams.find(r => FAILED.has(r.state));
  if (failed) {
    const threads = failed.threads?.failed
      ? `, ${failed.threads.failed} failed stream thread${
          failed.threads.failed === 1 ? '' : 's'
        }`
      : '';
    const since = ago(failed.since, now);
    return {
      ...withStreams,
      status: 'Failing',
      reason: 'StreamsError',
      message: `${replicaLabel(failed.replicaName)}: Kafka Streams is in ${
        failed.state
      }${since ? ` for ${since}` : ''}${threads}`,
      hint: HINTS.StreamsError,
    };
  }
  const stopped = streams.find(r => r.state === 'NOT_RUNNING');
  if (stopped) {
    return {
      ...withStreams,
      status: 'Failing',
      reason: 'StreamsStopped',
      message: `${replicaLabel(
        stopped.replicaName,
      )}: Kafka Streams is NOT_RUNNING`,
      hint: HINTS.StreamsStopped,
    };
  }
  if (status === 'Starting' && !VAGUE.has(reason)) return withStreams;

  const restoring = streams.find(
    r =>
      (r.restore?.activeTasks ?? 0) > 0 ||
      (r.restore?.remainingRecords ?? 0) > 0,
  );
  if (restoring?.restore) {
    const { remainingRecords, recordsPerSecond } = restoring.restore;
    const eta =
      recordsPerSecond && recordsPerSecond > 0
        ? ` (about ${ago(
            new Date(
              now - (remainingRecords / recordsPerSecond) * 1000,
            ).toISOString(),
            now,
          )})`
        : '';
    return {
      ...withStreams,
      status: 'Starting',
      reason: 'RestoringState',
      message: `${replicaLabel(
        restoring.replicaName,
      )} is restoring state: ${remainingRecords.toLocaleString(
        'en',
      )} records left${eta}`,
      hint: HINTS.RestoringState,
    };
  }
  const rebalancing = streams.find(r => ON_ITS_WAY.has(r.state));
  if (rebalancing) {
    const since = ago(rebalancing.since, now);
    return {
      ...withStreams,
      status: 'Starting',
      reason: 'Rebalancing',
      message: `${replicaLabel(rebalancing.replicaName)}: Kafka Streams is ${
        rebalancing.state
      }${since ? ` for ${since}` : ''}`,
      hint: HINTS.Rebalancing,
    };
  }
  return withStreams;
}
