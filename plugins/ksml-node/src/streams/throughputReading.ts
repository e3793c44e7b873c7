import type {
  KsmlFunctionTiming,
  KsmlNodeThroughput,
} from '@ksml-backstage/plugin-ksml-common';
import { PromSample } from './prometheusText';

/**
 * The runner's series of throughput, latency, function time and heap, as the chart's JMX
 * exporter rules and the runner's JVM metrics name them (read beside STREAMS_SERIES).
 */
export const THROUGHPUT_SERIES = {
  threadProcessRate: 'kafka_streams_stream_thread_metrics_process_rate',
  producerSendRate: 'kafka_producer_producer_metrics_record_send_rate',
  nodeProcessRate: 'kafka_streams_stream_processor_node_metrics_process_rate',
  nodeLatencyAvg:
    'kafka_streams_stream_processor_node_metrics_record_e2e_latency_avg',
  nodeLatencyMax:
    'kafka_streams_stream_processor_node_metrics_record_e2e_latency_max',
  functionCount: 'ksml_execution_time_count',
  functionMean: 'ksml_execution_time_mean',
  functionP99: 'ksml_execution_time_99thpercentile',
  functionMax: 'ksml_execution_time_max',
  heapUsed: 'jvm_memory_used_bytes',
  heapMax: 'jvm_memory_max_bytes',
} as const;

/** What one reading of a runner says of its throughput. */
export interface ThroughputReading {
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
  heapUsedBytes?: number;
  heapMaxBytes?: number;
  nodes: KsmlNodeThroughput[];
  functions: KsmlFunctionTiming[];
}

const S = THROUGHPUT_SERIES;

/**
 * A runner's throughput from its metrics: records in (its stream threads' process rate) and out
 * (its producers' send rate, the client-wide series, not the per-topic ones), the heap, each
 * processor node's rate summed over its tasks and latency (average of the tasks' averages, the
 * largest maximum; NaN before the first record is left out), and each Python function's timing.
 * Pure.
 */
export function throughputReading(samples: PromSample[]): ThroughputReading {
  const named = (name: string) => samples.filter(s => s.name === name);
  const sum = (list: PromSample[]) => {
    const values = list.map(s => s.value).filter(Number.isFinite);
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  };
  const heap = (name: string) =>
    sum(named(name).filter(s => s.labels.area === 'heap' && s.value >= 0));
  const reading: ThroughputReading = {
    nodes: nodesOf(samples),
    functions: functionsOf(samples),
  };
  const recordsIn = sum(named(S.threadProcessRate));
  const recordsOut = sum(
    named(S.producerSendRate).filter(s => s.labels.topic === undefined),
  );
  const heapUsed = heap(S.heapUsed);
  const heapMax = heap(S.heapMax);
  if (recordsIn !== undefined) reading.recordsInPerSecond = recordsIn;
  if (recordsOut !== undefined) reading.recordsOutPerSecond = recordsOut;
  if (heapUsed !== undefined) reading.heapUsedBytes = heapUsed;
  if (heapMax !== undefined) reading.heapMaxBytes = heapMax;
  return reading;
}

function nodesOf(samples: PromSample[]): KsmlNodeThroughput[] {
  const nodes = new Map<
    string,
    { rate: number; latencies: number[]; max?: number }
  >();
  const nodeOf = (sample: PromSample) => {
    const id = sample.labels.processor_node_id;
    if (!id) return undefined;
    let node = nodes.get(id);
    if (!node) {
      node = { rate: 0, latencies: [] };
      nodes.set(id, node);
    }
    return node;
  };
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    const node =
      sample.name === S.nodeProcessRate ||
      sample.name === S.nodeLatencyAvg ||
      sample.name === S.nodeLatencyMax
        ? nodeOf(sample)
        : undefined;
    if (!node) continue;
    if (sample.name === S.nodeProcessRate) node.rate += sample.value;
    else if (sample.name === S.nodeLatencyAvg)
      node.latencies.push(sample.value);
    else node.max = Math.max(node.max ?? 0, sample.value);
  }
  return [...nodes].map(([node, { rate, latencies, max }]) => ({
    node,
    recordsPerSecond: rate,
    ...(latencies.length
      ? {
          e2eLatencyAvgMs:
            latencies.reduce((a, b) => a + b, 0) / latencies.length,
        }
      : {}),
    ...(max !== undefined ? { e2eLatencyMaxMs: max } : {}),
  }));
}

function functionsOf(samples: PromSample[]): KsmlFunctionTiming[] {
  const functions = new Map<string, Partial<KsmlFunctionTiming>>();
  const field: Record<string, keyof KsmlFunctionTiming> = {
    [S.functionCount]: 'calls',
    [S.functionMean]: 'meanMs',
    [S.functionP99]: 'p99Ms',
    [S.functionMax]: 'maxMs',
  };
  for (const sample of samples) {
    const key = field[sample.name];
    const fn = sample.labels.function_name;
    if (!key || !fn || !Number.isFinite(sample.value)) continue;
    const name = sample.labels.namespace
      ? `${sample.labels.namespace}.${fn}`
      : fn;
    const entry = functions.get(name) ?? { name };
    (entry as Record<string, unknown>)[key] = sample.value;
    functions.set(name, entry);
  }
  return [...functions.values()]
    .filter(f => f.calls !== undefined && f.meanMs !== undefined)
    .map(f => f as KsmlFunctionTiming);
}
