import type { V1Pod } from '@kubernetes/client-node';
import {
  KEPT_HISTORY_SECONDS,
  KsmlReplicaStreams,
  KsmlThroughputPoint,
  KsmlThroughputResponse,
  StreamsState,
  StreamsUnknownReason,
} from '@ksml-backstage/plugin-ksml-common';
import { mapConcurrently } from '../util/mapConcurrently';
import { parsePrometheusText } from './prometheusText';
import { runnerPod, RunnerPod } from './runnerPods';
import {
  STREAMS_SERIES,
  streamsReading,
  StreamsReading,
} from './streamsReading';
import {
  THROUGHPUT_SERIES,
  throughputReading,
  ThroughputReading,
} from './throughputReading';
import { mergeReplicas } from './mergeReplicas';

/** How the runners of a namespace are read; every figure has a default. */
export interface StreamsWatchOptions {
  /** Between two readings of a watched app's replicas (default 15 s). */
  intervalMs?: number;
  /** Runners read at once (default 4). */
  concurrency?: number;
  /** One reading's time limit (default 3 s): a runner that does not answer is unreachable. */
  timeoutMs?: number;
  /** How long a status read keeps its app watched (default 2 min). */
  interestMs?: number;
  /** Apps watched at once, the least recently asked for dropped first (default 100). */
  maxApps?: number;
}

/** Reads a pod's runner metrics through the API server's pod proxy (the KubeRunnerMetrics role). */
export type ReadRunnerMetrics = (
  pod: string,
  port: number,
  names: readonly string[],
  signal: AbortSignal,
) => Promise<string>;

/** What is known of one pod's runner. */
interface PodRecord {
  reading?: StreamsReading;
  throughput?: ThroughputReading;
  observedAt?: number;
  /** When the client entered `reading.state`, and whether that was seen or inferred. */
  since?: number;
  sinceEstimated?: boolean;
  /** The largest number of records left to restore seen in the current restore. */
  restoreFrom?: number;
  error?: { reason: StreamsUnknownReason; message: string };
  failures: number;
  nextAttemptAt: number;
  /**
   * The container the failures were counted against: its start, and whether it was ready.
   */
  container?: string;
  /** Last time a status read or a round looked at this pod: records unseen for long go. */
  touchedAt: number;
}

/** The series a reading of a runner asks its metrics endpoint for (`name[]`). */
export const RUNNER_SERIES: readonly string[] = [
  ...Object.values(STREAMS_SERIES),
  ...Object.values(THROUGHPUT_SERIES),
];

/** What one reading of a runner's metrics says: its Kafka Streams and its throughput. */
export function runnerReading(text: string): {
  streams: StreamsReading;
  throughput: ThroughputReading;
} {
  const samples = parsePrometheusText(text);
  return {
    streams: streamsReading(samples),
    throughput: throughputReading(samples),
  };
}
/**
 * The longest wait before a runner that did not answer is read again. A runner busy starting
 * (its JVM, GraalPy) often misses a few reads; a longer wait would leave its state Unknown for
 * minutes after it started, and one read a minute of a broken pod costs the API server nothing.
 */
const MAX_BACKOFF_MS = 60_000;
/** How far back an app's trend goes. */
const HISTORY_MS = KEPT_HISTORY_SECONDS * 1000;

/**
 * Each replica's Kafka Streams state, read from the KSML runner itself for the apps someone
 * looks at. A status read asks for its app's replicas and gets what is known at once, never
 * waiting for a runner; it also marks the app as watched for a while, and the watch reads the
 * runners of every watched app in the background, every interval, a few at a time. A runner that
 * does not answer is read again later and later (up to a minute; at once when its container
 * starts again or its readiness changes). Apps nobody looks at cost nothing.
 * One per cluster target (namespace).
 */
export class StreamsWatch {
  readonly #read: ReadRunnerMetrics;
  readonly #podsOf: (release: string) => Promise<V1Pod[]>;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #interestMs: number;
  readonly #maxApps: number;
  /** Release → until when it is watched; in the order it was last asked for. */
  readonly #interest = new Map<string, number>();
  /** Pod uid → what is known of its runner. */
  readonly #pods = new Map<string, PodRecord>();
  /** Release → its trend: the sum over its replicas at each round, oldest first. */
  readonly #history = new Map<string, KsmlThroughputPoint[]>();
  readonly #abort = new AbortController();
  #timer?: NodeJS.Timeout;
  #round?: Promise<void>;
  #closed = false;

  constructor(options: {
    read: ReadRunnerMetrics;
    podsOf: (release: string) => Promise<V1Pod[]>;
    now?: () => number;
    settings?: StreamsWatchOptions;
  }) {
    this.#read = options.read;
    this.#podsOf = options.podsOf;
    this.#now = options.now ?? Date.now;
    const settings = options.settings ?? {};
    this.#intervalMs = settings.intervalMs ?? 15_000;
    this.#concurrency = settings.concurrency ?? 4;
    this.#timeoutMs = settings.timeoutMs ?? 3_000;
    this.#interestMs = settings.interestMs ?? 120_000;
    this.#maxApps = settings.maxApps ?? 100;
  }

  /**
   * The replicas' Kafka Streams as last read, from these pods (the status's own). `watch` marks
   * the release as looked at (a status read by a user or a template), so its runners are read
   * now and then every interval; without it (the fleet's list) only what is known is given.
   */
  replicas(
    release: string,
    pods: V1Pod[],
    replicaOf: (pod: string) => string,
    options: { watch: boolean },
  ): KsmlReplicaStreams[] {
    const now = this.#now();
    const runners = pods.map(runnerPod);
    let unread = false;
    const replicas = runners.map(pod => {
      const record = this.#pods.get(pod.uid);
      if (record) record.touchedAt = now;
      if (pod.metricsPort && pod.readable && !record?.observedAt) unread = true;
      return this.#view(replicaOf(pod.name), pod, record, now);
    });
    if (options.watch && !this.#closed) {
      this.#interest.delete(release);
      this.#interest.set(release, now + this.#interestMs);
      while (this.#interest.size > this.#maxApps)
        this.#interest.delete(this.#interest.keys().next().value as string);
      // A replica not read yet is read now, not at the next interval.
      if (unread) this.#schedule(0);
      else if (!this.#timer && !this.#round) this.#schedule(this.#intervalMs);
    }
    return replicas;
  }

  /**
   * The app's throughput from these pods as last read, with its trend; watches the app as a
   * status read does (`watch` defaults to true).
   */
  throughput(
    release: string,
    pods: V1Pod[],
    replicaOf: (pod: string) => string,
    options: { watch?: boolean } = {},
  ): KsmlThroughputResponse {
    const streams = this.replicas(release, pods, replicaOf, {
      watch: options.watch ?? true,
    });
    // The figures of the replicas the view shows as read: a stale or failed reading counts
    // in no total, as its replica shows Unknown.
    const readings = streams.map((replica, index) =>
      replica.state === 'Unknown'
        ? undefined
        : this.#pods.get(runnerPod(pods[index]).uid)?.throughput,
    );
    return {
      intervalSeconds: this.#intervalMs / 1000,
      replicas: streams.map((replica, index) => {
        // Only the figures the reading has (the per-node and per-function ones are merged).
        const {
          nodes: _nodes,
          functions: _functions,
          ...figures
        } = readings[index] ?? { nodes: [], functions: [] };
        return {
          replicaName: replica.replicaName,
          state: replica.state,
          ...(replica.reason ? { reason: replica.reason } : {}),
          ...(replica.observedAt ? { observedAt: replica.observedAt } : {}),
          ...figures,
        };
      }),
      ...mergeReplicas(
        readings.filter((r): r is ThroughputReading => r !== undefined),
      ),
      history: [...(this.#history.get(release) ?? [])],
      // A longer range, or a Prometheus's, is the caller's (prometheus/throughputHistory.ts).
      historySource: 'runners',
      historySeconds: KEPT_HISTORY_SECONDS,
      longerHistory: false,
    };
  }

  /** Reads every watched app's runners once now; resolves when done (tests, and the timer). */
  async readNow(): Promise<void> {
    if (this.#round) return this.#round;
    this.#round = this.#readWatched().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  /** Stops reading; readings under way are abandoned. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
  }

  #view(
    replicaName: string,
    pod: RunnerPod,
    record: PodRecord | undefined,
    now: number,
  ): KsmlReplicaStreams {
    const unknown = (
      reason: StreamsUnknownReason,
      message?: string,
    ): KsmlReplicaStreams => ({
      replicaName,
      state: 'Unknown',
      reason,
      ...(message ? { message } : {}),
      ...(record?.observedAt
        ? { observedAt: new Date(record.observedAt).toISOString() }
        : {}),
    });
    if (!pod.metricsPort) return unknown('MetricsDisabled');
    if (!pod.readable) return unknown('PodNotRunning');
    if (!record || (!record.observedAt && !record.error))
      return unknown('NotYetRead');
    if (record.error) return unknown(record.error.reason, record.error.message);
    const reading = record.reading!;
    if (now - record.observedAt! > 2 * this.#intervalMs + this.#timeoutMs)
      return unknown('Stale');
    if (!reading.state) return unknown('NoStreamsClient');
    const restore = reading.restore;
    return {
      replicaName,
      state: reading.state,
      ...(record.since
        ? {
            since: new Date(record.since).toISOString(),
            ...(record.sinceEstimated ? { sinceEstimated: true } : {}),
          }
        : {}),
      observedAt: new Date(record.observedAt!).toISOString(),
      ...(reading.threads ? { threads: reading.threads } : {}),
      ...(restore
        ? {
            restore: {
              ...restore,
              ...(record.restoreFrom && restore.remainingRecords > 0
                ? {
                    progress: 1 - restore.remainingRecords / record.restoreFrom,
                  }
                : {}),
            },
          }
        : {}),
      ...(reading.lastRebalanceSecondsAgo !== undefined
        ? { lastRebalanceSecondsAgo: reading.lastRebalanceSecondsAgo }
        : {}),
    };
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    if (this.#timer) {
      if (delayMs > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.readNow()
        .catch(() => undefined)
        .finally(() => {
          if (this.#interest.size > 0) this.#schedule(this.#intervalMs);
        });
    }, delayMs);
    this.#timer.unref?.();
  }

  async #readWatched(): Promise<void> {
    const now = this.#now();
    for (const [release, until] of this.#interest)
      if (until < now) this.#interest.delete(release);
    const due: RunnerPod[] = [];
    const podsOfRelease = new Map<string, RunnerPod[]>();
    for (const release of this.#interest.keys()) {
      const pods = await this.#podsOf(release).catch(() => []);
      podsOfRelease.set(release, pods.map(runnerPod));
      for (const pod of pods.map(runnerPod)) {
        const record = this.#pods.get(pod.uid);
        if (record) record.touchedAt = now;
        if (!pod.metricsPort || !pod.readable) continue;
        if (record && record.container !== containerKey(pod)) {
          // A container that started again, or became ready or unready, is worth reading at
          // once: what failed before it changed is forgotten.
          record.failures = 0;
          record.nextAttemptAt = 0;
        }
        if (record && record.nextAttemptAt > now) continue;
        due.push(pod);
      }
    }
    await mapConcurrently(due, this.#concurrency, pod => this.#readPod(pod));
    for (const [release, pods] of podsOfRelease)
      this.#addToHistory(release, pods, this.#now());
    for (const release of this.#history.keys())
      if (!this.#interest.has(release)) this.#history.delete(release);
    // What no read has looked at for two watch periods is of pods gone or apps unwatched.
    for (const [uid, record] of this.#pods)
      if (now - record.touchedAt > 2 * this.#interestMs) this.#pods.delete(uid);
  }

  /** The round's sum over the release's replicas read in it, as a point of its trend. */
  #addToHistory(release: string, pods: RunnerPod[], now: number): void {
    const read = pods
      .map(pod => this.#pods.get(pod.uid))
      .filter(
        (record): record is PodRecord =>
          record?.throughput !== undefined &&
          !record.error &&
          now - (record.observedAt ?? 0) < this.#intervalMs,
      )
      .map(record => record.throughput!);
    if (read.length === 0) return;
    const total = (
      key: 'recordsInPerSecond' | 'recordsOutPerSecond' | 'heapUsedBytes',
    ) => read.reduce((sum, r) => sum + (r[key] ?? 0), 0);
    const history = this.#history.get(release) ?? [];
    history.push({
      at: new Date(now).toISOString(),
      recordsInPerSecond: total('recordsInPerSecond'),
      recordsOutPerSecond: total('recordsOutPerSecond'),
      heapUsedBytes: total('heapUsedBytes'),
    });
    while (history.length && Date.parse(history[0].at) < now - HISTORY_MS)
      history.shift();
    this.#history.set(release, history);
  }

  async #readPod(pod: RunnerPod): Promise<void> {
    if (this.#closed) return;
    const signal = AbortSignal.any([
      this.#abort.signal,
      AbortSignal.timeout(this.#timeoutMs),
    ]);
    const record: PodRecord = this.#pods.get(pod.uid) ?? {
      failures: 0,
      nextAttemptAt: 0,
      touchedAt: this.#now(),
    };
    this.#pods.set(pod.uid, record);
    record.container = containerKey(pod);
    try {
      const text = await this.#read(
        pod.name,
        pod.metricsPort!,
        RUNNER_SERIES,
        signal,
      );
      const reading = runnerReading(text);
      this.#record(record, reading.streams, pod, this.#now());
      record.throughput = reading.throughput;
    } catch (error) {
      if (this.#closed) return;
      record.failures++;
      record.nextAttemptAt =
        this.#now() +
        Math.min(this.#intervalMs * 2 ** (record.failures - 1), MAX_BACKOFF_MS);
      record.error = unreadable(error as Error);
    }
  }

  #record(
    record: PodRecord,
    reading: StreamsReading,
    pod: RunnerPod,
    now: number,
  ): void {
    const before = record.reading?.state;
    const state = reading.state;
    if (state !== before) {
      if (before && state) {
        record.since = now; // seen to change between two readings
        record.sinceEstimated = false;
      } else if (state) {
        Object.assign(record, estimatedSince(state, reading, pod, now));
      } else {
        record.since = undefined;
      }
    }
    const remaining = reading.restore?.remainingRecords ?? 0;
    record.restoreFrom =
      remaining > 0 ? Math.max(record.restoreFrom ?? 0, remaining) : undefined;
    record.reading = reading;
    record.observedAt = now;
    record.error = undefined;
    record.failures = 0;
    record.nextAttemptAt = now + this.#intervalMs - this.#timeoutMs;
  }
}

/**
 * When a client first read in `state` entered it: a running one at its last rebalance, any
 * other since its container started, where those are known.
 */
function estimatedSince(
  state: StreamsState,
  reading: StreamsReading,
  pod: RunnerPod,
  now: number,
): { since?: number; sinceEstimated: boolean } {
  if (state === 'RUNNING' && reading.lastRebalanceSecondsAgo !== undefined)
    return {
      since: now - reading.lastRebalanceSecondsAgo * 1000,
      sinceEstimated: true,
    };
  if (pod.startedAt)
    return { since: Date.parse(pod.startedAt), sinceEstimated: true };
  return { since: undefined, sinceEstimated: true };
}

/** Why a runner could not be read, for the replica's Unknown state. */
/** What tells one run of a pod's container, and its readiness, from another. */
function containerKey(pod: RunnerPod): string {
  return `${pod.startedAt ?? ''}/${pod.ready}`;
}

function unreadable(error: Error): PodRecord['error'] {
  const message = (error.message || String(error)).slice(0, 300);
  if (error.name === 'NotAllowedError')
    return {
      reason: 'MetricsForbidden',
      message: `the backend may not read the runner through the pod proxy (pods/proxy): ${message}`,
    };
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return {
      reason: 'MetricsUnreachable',
      message: 'the runner did not answer within the time limit',
    };
  return { reason: 'MetricsUnreachable', message };
}
