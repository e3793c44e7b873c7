import { mergeReplicas } from './mergeReplicas';
import { parsePrometheusText } from './prometheusText';
import { throughputReading } from './throughputReading';

// Lines shaped as the KSML 1.3.0 runner wrote them on the test bed's real node (names, labels).
const T = 'thread_id="app-1-StreamThread-1"';
const runner = (rate: number, latency: string) =>
  parsePrometheusText(
    [
      'jvm_memory_used_bytes{area="heap"} 1.09334224E8',
      'jvm_memory_used_bytes{area="nonheap"} 1.56656944E8',
      'jvm_memory_max_bytes{area="heap"} 6.320816128E9',
      'jvm_memory_max_bytes{area="nonheap"} -1.0',
      `kafka_streams_stream_thread_metrics_process_rate{${T}} ${rate}`,
      `kafka_producer_producer_metrics_record_send_rate{client_id="app-1-StreamThread-1-producer"} ${rate}`,
      `kafka_producer_producer_topic_metrics_record_send_rate{client_id="app-1-StreamThread-1-producer",topic="out"} ${rate}`,
      `kafka_producer_producer_metrics_record_send_rate{client_id="app-1-StreamThread-1-producer",topic="out"} ${rate}`,
      `kafka_streams_stream_processor_node_metrics_process_rate{processor_node_id="in",task_id="0_0",${T}} ${rate}`,
      `kafka_streams_stream_processor_node_metrics_process_rate{processor_node_id="in",task_id="0_1",${T}} ${rate}`,
      `kafka_streams_stream_processor_node_metrics_record_e2e_latency_avg{processor_node_id="app_pipelines_double_to",task_id="0_0",${T}} ${latency}`,
      `kafka_streams_stream_processor_node_metrics_record_e2e_latency_avg{processor_node_id="app_pipelines_double_to",task_id="0_1",${T}} NaN`,
      `kafka_streams_stream_processor_node_metrics_record_e2e_latency_max{processor_node_id="app_pipelines_double_to",task_id="0_0",${T}} 40.0`,
      'ksml_execution_time_count{function_name="pipelines_double_via_step1_mapper",function_type="valueTransformer",namespace="app",operation_name="app_step1",pipeline="double",step="step1"} 3.0',
      'ksml_execution_time_mean{function_name="pipelines_double_via_step1_mapper",function_type="valueTransformer",namespace="app",operation_name="app_step1",pipeline="double",step="step1"} 48.95983433333333',
      'ksml_execution_time_99thpercentile{function_name="pipelines_double_via_step1_mapper",function_type="valueTransformer",namespace="app",operation_name="app_step1",pipeline="double",step="step1"} 136.442364',
      'ksml_execution_time_max{function_name="pipelines_double_via_step1_mapper",function_type="valueTransformer",namespace="app",operation_name="app_step1",pipeline="double",step="step1"} 136.442364',
    ].join('\n'),
  );

describe('throughputReading', () => {
  it("reads a runner's records in and out, heap, nodes and functions", () => {
    expect(throughputReading(runner(2.5, '12.0'))).toEqual({
      recordsInPerSecond: 2.5,
      // The client-wide send rate only, not its per-topic twins.
      recordsOutPerSecond: 2.5,
      heapUsedBytes: 109334224,
      heapMaxBytes: 6320816128,
      nodes: [
        { node: 'in', recordsPerSecond: 5 },
        {
          node: 'app_pipelines_double_to',
          recordsPerSecond: 0,
          e2eLatencyAvgMs: 12,
          e2eLatencyMaxMs: 40,
        },
      ],
      functions: [
        {
          name: 'app.pipelines_double_via_step1_mapper',
          calls: 3,
          meanMs: 48.95983433333333,
          p99Ms: 136.442364,
          maxMs: 136.442364,
        },
      ],
    });
  });

  it('leaves out a latency no record has set yet (NaN)', () => {
    const reading = throughputReading(runner(0, 'NaN'));
    expect(reading.nodes[1]).toEqual({
      node: 'app_pipelines_double_to',
      recordsPerSecond: 0,
      e2eLatencyMaxMs: 40,
    });
  });
});

describe('mergeReplicas', () => {
  it('sums rates and calls over replicas, averages latencies and weighs means by calls', () => {
    const one = throughputReading(runner(2, '10.0'));
    const two = throughputReading(runner(4, '20.0'));
    two.functions[0] = { ...two.functions[0], calls: 1, meanMs: 8 };
    expect(mergeReplicas([one, two])).toEqual({
      nodes: [
        { node: 'in', recordsPerSecond: 12 },
        {
          node: 'app_pipelines_double_to',
          recordsPerSecond: 0,
          e2eLatencyAvgMs: 15,
          e2eLatencyMaxMs: 40,
        },
      ],
      functions: [
        {
          name: 'app.pipelines_double_via_step1_mapper',
          calls: 4,
          meanMs: (48.95983433333333 * 3 + 8) / 4,
          p99Ms: 136.442364,
          maxMs: 136.442364,
        },
      ],
    });
  });
});
