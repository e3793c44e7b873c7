import {
  historyPoints,
  historyQueries,
  historyStepSeconds,
} from './historyQueries';

describe('historyQueries', () => {
  it("sums each series over the release's StatefulSet or Job pods in its namespace", () => {
    const queries = historyQueries('ksml', 'orders-app');
    expect(queries.recordsIn).toBe(
      'sum(kafka_streams_stream_thread_metrics_process_rate{namespace="ksml",pod=~"orders-app-([0-9]+|[a-z0-9]{5})"} >= 0)',
    );
    // Client-wide send rate only: the per-topic series would count each record twice.
    expect(queries.recordsOut).toContain('topic=""');
    expect(queries.heap).toContain('jvm_memory_used_bytes{');
    expect(queries.heap).toContain('area="heap"');
  });

  it("uses a Prometheus's own label names and matchers", () => {
    const { recordsIn } = historyQueries('ksml', 'app', {
      namespaceLabel: 'kubernetes_namespace',
      podLabel: 'kubernetes_pod_name',
      matchers: 'cluster="prod"',
    });
    expect(recordsIn).toContain(
      '{kubernetes_namespace="ksml",kubernetes_pod_name=~"app-([0-9]+|[a-z0-9]{5})",cluster="prod"}',
    );
  });

  it('refuses names that are not DNS labels rather than quote them into PromQL', () => {
    expect(() => historyQueries('ksml', 'app"} or vector(1) #')).toThrow(
      'Not a release',
    );
    expect(() =>
      historyQueries('ksml', 'app', { podLabel: 'pod name' }),
    ).toThrow('Not a label name');
  });
});

describe('historyStepSeconds', () => {
  it('asks for 240 points, never finer than the 15 s the runners are read at', () => {
    expect(historyStepSeconds(600)).toBe(15);
    expect(historyStepSeconds(6 * 3600)).toBe(90);
    expect(historyStepSeconds(7 * 86_400)).toBe(2520);
  });
});

describe('historyPoints', () => {
  it('joins the three series by timestamp, oldest first, 0 where a series has no value', () => {
    expect(
      historyPoints({
        recordsIn: [
          [1_700_000_030, '2.5'],
          [1_700_000_015, '1'],
        ],
        recordsOut: [[1_700_000_015, '2']],
        heap: [
          [1_700_000_015, '1000'],
          [1_700_000_030, '1100'],
        ],
      }),
    ).toEqual([
      {
        at: '2023-11-14T22:13:35.000Z',
        recordsInPerSecond: 1,
        recordsOutPerSecond: 2,
        heapUsedBytes: 1000,
      },
      {
        at: '2023-11-14T22:13:50.000Z',
        recordsInPerSecond: 2.5,
        recordsOutPerSecond: 0,
        heapUsedBytes: 1100,
      },
    ]);
  });

  it('is empty when Prometheus has no records-in series for the app', () => {
    expect(
      historyPoints({ recordsIn: [], recordsOut: [], heap: [[1, '5']] }),
    ).toEqual([]);
  });
});
