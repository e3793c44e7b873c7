import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrometheusText } from './prometheusText';
import { streamsReading } from './streamsReading';

// The shape of the KSML runner's exposition (the chart's JMX exporter rules: lower-case names,
// the MBean's keys as labels), with Kafka Streams' series as a runner of two threads gives them.
const exposition = (
  state: number,
  extra = '',
) => `# HELP kafka_streams_stream_metrics_client_state The state of the Kafka Streams client
# TYPE kafka_streams_stream_metrics_client_state gauge
kafka_streams_stream_metrics_client_state{client_id="app-1b2c",process_id="9f0e",application_id="app"} ${state}.0
kafka_streams_stream_metrics_alive_stream_threads{client_id="app-1b2c"} 2.0
kafka_streams_stream_metrics_failed_stream_threads{client_id="app-1b2c"} 0.0
kafka_consumer_consumer_coordinator_metrics_last_rebalance_seconds_ago{client_id="app-1b2c-StreamThread-1-consumer"} 42.0
kafka_consumer_consumer_coordinator_metrics_last_rebalance_seconds_ago{client_id="app-1b2c-StreamThread-2-consumer"} 40.0
${extra}`;

describe('streamsReading', () => {
  it("reads what the real KSML 1.3.0 runner answers to the backend's request", () => {
    // Captured on the test bed's real node: GET pods/<pod>:9999/proxy/metrics?name[]=… with
    // the series of STREAMS_SERIES, from a runner whose Kafka Streams was RUNNING.
    const text = readFileSync(
      join(__dirname, '__fixtures__/runner-1.3.0-streams-metrics.txt'),
      'utf8',
    );
    expect(streamsReading(parsePrometheusText(text))).toEqual({
      state: 'RUNNING',
      threads: { alive: 1, failed: 0 },
      restore: { activeTasks: 0, remainingRecords: 0, recordsPerSecond: 0 },
      lastRebalanceSecondsAgo: 233,
    });
  });

  it.each([
    [0, 'CREATED'],
    [1, 'REBALANCING'],
    [2, 'RUNNING'],
    [4, 'NOT_RUNNING'],
    [5, 'PENDING_ERROR'],
    [6, 'ERROR'],
  ])('reads client state ordinal %d as %s', (ordinal, state) => {
    expect(streamsReading(parsePrometheusText(exposition(ordinal)))).toEqual({
      state,
      threads: { alive: 2, failed: 0 },
      lastRebalanceSecondsAgo: 40,
    });
  });

  it('sums the state restore over tasks and threads', () => {
    const reading = streamsReading(
      parsePrometheusText(
        exposition(
          1,
          [
            'kafka_streams_stream_state_updater_metrics_active_restoring_tasks{thread_id="t-1"} 2.0',
            'kafka_streams_stream_state_updater_metrics_active_restoring_tasks{thread_id="t-2"} 1.0',
            'kafka_streams_stream_state_updater_metrics_restore_records_rate{thread_id="t-1"} 1500.5',
            'kafka_streams_stream_task_metrics_restore_remaining_records{thread_id="t-1",task_id="0_0"} 1000.0',
            'kafka_streams_stream_task_metrics_restore_remaining_records{thread_id="t-2",task_id="0_1"} 234.0',
          ].join('\n'),
        ),
      ),
    );
    expect(reading.restore).toEqual({
      activeTasks: 3,
      remainingRecords: 1234,
      recordsPerSecond: 1500.5,
    });
  });

  it('takes the worst state of several clients, and ignores a rebalance that never happened', () => {
    const text = `${exposition(2)}
kafka_streams_stream_metrics_client_state{client_id="other"} 6.0
kafka_consumer_consumer_coordinator_metrics_last_rebalance_seconds_ago{client_id="x"} -1.0`;
    expect(streamsReading(parsePrometheusText(text))).toMatchObject({
      state: 'ERROR',
      lastRebalanceSecondsAgo: 40,
    });
  });

  it('says nothing of a runner with no Kafka Streams client yet', () => {
    expect(
      streamsReading(
        parsePrometheusText('jvm_memory_used_bytes{area="heap"} 1.2E8\n'),
      ),
    ).toEqual({});
  });
});

describe('parsePrometheusText', () => {
  it('reads names, escaped labels and special values, and skips comments and garbage', () => {
    expect(
      parsePrometheusText(
        [
          '# TYPE a gauge',
          'a{x="1",y="with \\"quote\\" and \\\\"} 1.5E3',
          'b NaN',
          'c{} +Inf 1700000000000',
          'not a sample line',
          'd{z="v"} bogus',
        ].join('\n'),
      ),
    ).toEqual([
      { name: 'a', labels: { x: '1', y: 'with "quote" and \\' }, value: 1500 },
      { name: 'b', labels: {}, value: NaN },
      { name: 'c', labels: {}, value: Infinity },
    ]);
  });
});
