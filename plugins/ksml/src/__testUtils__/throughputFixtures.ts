import type {
  KsmlReplicaThroughput,
  KsmlThroughputResponse,
} from '@ksml-backstage/plugin-ksml-common';

/** 1 MiB, in bytes. */
export const MIB = 1024 * 1024;

/** 1 GiB, in bytes. */
export const GIB = 1024 * MIB;

/**
 * The throughput of two running replicas: 7.3 records in and 7.0 out per second in all (4.2 +
 * 3.1 in, 4.0 + 3.0 out), replica 0's heap 312 MiB of 1.5 GiB; three processor nodes in
 * topology order, two functions, and ten minutes of history (13:00 to 13:10), overridable.
 */
export function throughputResponse(
  overrides: Partial<KsmlThroughputResponse> = {},
): KsmlThroughputResponse {
  return {
    intervalSeconds: 15,
    replicas: [
      {
        replicaName: '0',
        state: 'RUNNING',
        observedAt: '2024-08-26T13:10:00Z',
        recordsInPerSecond: 4.2,
        recordsOutPerSecond: 4.0,
        heapUsedBytes: 312 * MIB,
        heapMaxBytes: 1.5 * GIB,
      },
      {
        replicaName: '1',
        state: 'RUNNING',
        observedAt: '2024-08-26T13:10:00Z',
        recordsInPerSecond: 3.1,
        recordsOutPerSecond: 3.0,
        heapUsedBytes: 200 * MIB,
        heapMaxBytes: 1.5 * GIB,
      },
    ],
    nodes: [
      {
        node: 'sensor_data',
        recordsPerSecond: 7.3,
        e2eLatencyAvgMs: 0.42,
        e2eLatencyMaxMs: 3,
      },
      {
        node: 'sensor-inspector_pipelines_main_filter',
        recordsPerSecond: 7.3,
        e2eLatencyAvgMs: 12.345,
        e2eLatencyMaxMs: 1234.56,
      },
      { node: 'sensor-inspector_pipelines_main_to', recordsPerSecond: 21.4 },
    ],
    functions: [
      {
        name: 'sensor-inspector.log_message',
        calls: 12345,
        meanMs: 0.8,
        p99Ms: 3.14,
        maxMs: 12,
      },
      { name: 'sensor-inspector.filter_by_color', calls: 420, meanMs: 0.25 },
    ],
    history: [
      {
        at: '2024-08-26T13:00:00Z',
        recordsInPerSecond: 5,
        recordsOutPerSecond: 4.5,
        heapUsedBytes: 400 * MIB,
      },
      {
        at: '2024-08-26T13:05:00Z',
        recordsInPerSecond: 10,
        recordsOutPerSecond: 9,
        heapUsedBytes: 450 * MIB,
      },
      {
        at: '2024-08-26T13:10:00Z',
        recordsInPerSecond: 7.3,
        recordsOutPerSecond: 7,
        heapUsedBytes: 512 * MIB,
      },
    ],
    historySource: 'runners',
    historySeconds: 3600,
    longerHistory: false,
    ...overrides,
  };
}

/** Replicas that are all Unknown for `reason`, not read: as many as `count`. */
export function unknownReplicas(
  reason: NonNullable<KsmlReplicaThroughput['reason']>,
  count = 2,
): KsmlReplicaThroughput[] {
  return Array.from({ length: count }, (_, index) => ({
    replicaName: String(index),
    state: 'Unknown' as const,
    reason,
  }));
}
