import type {
  KsmlFunctionTiming,
  KsmlNodeThroughput,
} from '@ksml-backstage/plugin-ksml-common';
import type { ThroughputReading } from './throughputReading';

/**
 * The app's processor nodes and functions over its replicas: each node's rate summed, its
 * average latency the replicas' mean and its maximum the largest; each function's calls
 * summed, its mean weighted by calls, its p99 and maximum the largest. Nodes keep the order
 * the first replica lists them in. Pure.
 */
export function mergeReplicas(readings: ThroughputReading[]): {
  nodes: KsmlNodeThroughput[];
  functions: KsmlFunctionTiming[];
} {
  const nodes = new Map<string, KsmlNodeThroughput & { averages: number[] }>();
  const functions = new Map<string, KsmlFunctionTiming>();
  for (const reading of readings) {
    for (const node of reading.nodes) {
      const merged = nodes.get(node.node) ?? {
        node: node.node,
        recordsPerSecond: 0,
        averages: [],
      };
      merged.recordsPerSecond += node.recordsPerSecond;
      if (node.e2eLatencyAvgMs !== undefined)
        merged.averages.push(node.e2eLatencyAvgMs);
      if (node.e2eLatencyMaxMs !== undefined)
        merged.e2eLatencyMaxMs = Math.max(
          merged.e2eLatencyMaxMs ?? 0,
          node.e2eLatencyMaxMs,
        );
      nodes.set(node.node, merged);
    }
    for (const fn of reading.functions) {
      const merged = functions.get(fn.name);
      if (!merged) {
        functions.set(fn.name, { ...fn });
        continue;
      }
      const calls = merged.calls + fn.calls;
      merged.meanMs =
        calls > 0
          ? (merged.meanMs * merged.calls + fn.meanMs * fn.calls) / calls
          : merged.meanMs;
      merged.calls = calls;
      if (fn.p99Ms !== undefined)
        merged.p99Ms = Math.max(merged.p99Ms ?? 0, fn.p99Ms);
      if (fn.maxMs !== undefined)
        merged.maxMs = Math.max(merged.maxMs ?? 0, fn.maxMs);
    }
  }
  return {
    nodes: [...nodes.values()].map(({ averages, ...node }) => ({
      ...node,
      ...(averages.length
        ? {
            e2eLatencyAvgMs:
              averages.reduce((a, b) => a + b, 0) / averages.length,
          }
        : {}),
    })),
    functions: [...functions.values()],
  };
}
