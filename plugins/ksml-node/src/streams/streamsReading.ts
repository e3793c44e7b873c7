import {
  STREAMS_STATES,
  StreamsState,
} from '@ksml-backstage/plugin-ksml-common';
import { PromSample } from './prometheusText';

/**
 * The series of the KSML runner's Prometheus endpoint this module reads, as the chart's JMX
 * exporter rules name Kafka Streams' own metrics (lower-case, `<domain>_<type>_<attribute>`).
 * Asked for by name (`name[]=`), so a reading is a few kilobytes rather than the runner's
 * hundreds of series.
 */
export const STREAMS_SERIES = {
  /** KIP-1091's `client-state`: the client's `KafkaStreams.State` as its ordinal. */
  clientState: 'kafka_streams_stream_metrics_client_state',
  aliveThreads: 'kafka_streams_stream_metrics_alive_stream_threads',
  failedThreads: 'kafka_streams_stream_metrics_failed_stream_threads',
  restoringTasks:
    'kafka_streams_stream_state_updater_metrics_active_restoring_tasks',
  restoreRate:
    'kafka_streams_stream_state_updater_metrics_restore_records_rate',
  remainingRecords:
    'kafka_streams_stream_task_metrics_restore_remaining_records',
  lastRebalance:
    'kafka_consumer_consumer_coordinator_metrics_last_rebalance_seconds_ago',
} as const;

/** What one reading of a runner says of its Kafka Streams client. */
export interface StreamsReading {
  /** Undefined when the runner has no Kafka Streams client to report (yet). */
  state?: StreamsState;
  threads?: { alive: number; failed: number };
  restore?: {
    activeTasks: number;
    remainingRecords: number;
    recordsPerSecond?: number;
  };
  /** The smallest over the client's consumers; undefined before any rebalance. */
  lastRebalanceSecondsAgo?: number;
}

const finite = (values: number[]) => values.filter(v => Number.isFinite(v));

/**
 * A runner's Kafka Streams client from its metrics: the state (the worst of its clients', where
 * a runner has several), threads summed, restore summed over tasks and threads. Pure.
 */
export function streamsReading(samples: PromSample[]): StreamsReading {
  const of = (name: string) =>
    finite(samples.filter(s => s.name === name).map(s => s.value));
  const sum = (name: string) => {
    const values = of(name);
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  };
  const states = of(STREAMS_SERIES.clientState)
    .map(ordinal => STREAMS_STATES[ordinal])
    .filter((state): state is StreamsState => state !== undefined);
  const reading: StreamsReading = {};
  if (states.length > 0) reading.state = worstState(states);
  const alive = sum(STREAMS_SERIES.aliveThreads);
  const failed = sum(STREAMS_SERIES.failedThreads);
  if (alive !== undefined || failed !== undefined)
    reading.threads = { alive: alive ?? 0, failed: failed ?? 0 };
  const activeTasks = sum(STREAMS_SERIES.restoringTasks);
  const remainingRecords = sum(STREAMS_SERIES.remainingRecords);
  if (activeTasks !== undefined || remainingRecords !== undefined) {
    const rate = sum(STREAMS_SERIES.restoreRate);
    reading.restore = {
      activeTasks: activeTasks ?? 0,
      remainingRecords: remainingRecords ?? 0,
      ...(rate !== undefined ? { recordsPerSecond: rate } : {}),
    };
  }
  // Kafka reports -1 before the first rebalance.
  const rebalances = of(STREAMS_SERIES.lastRebalance).filter(v => v >= 0);
  if (rebalances.length > 0)
    reading.lastRebalanceSecondsAgo = Math.min(...rebalances);
  return reading;
}

/** How bad a state is for the app, worst first. */
const SEVERITY: StreamsState[] = [
  'ERROR',
  'PENDING_ERROR',
  'NOT_RUNNING',
  'PENDING_SHUTDOWN',
  'REBALANCING',
  'CREATED',
  'RUNNING',
];

function worstState(states: StreamsState[]): StreamsState {
  return SEVERITY.find(state => states.includes(state)) ?? states[0];
}
