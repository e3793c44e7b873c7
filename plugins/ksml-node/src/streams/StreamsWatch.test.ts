import type { V1Pod } from '@kubernetes/client-node';
import { StreamsWatch } from './StreamsWatch';

const RELEASE = 'dizzl-sandbox-dev-app-ksml';

function pod(
  ordinal: number,
  options: { uid?: string; port?: boolean } = {},
): V1Pod {
  return {
    metadata: {
      name: `${RELEASE}-${ordinal}`,
      uid: options.uid ?? `uid-${ordinal}`,
    },
    spec: {
      containers:
        options.port === false
          ? [{ name: 'ksml' }]
          : [
              {
                name: 'ksml',
                ports: [{ name: 'metrics', containerPort: 9999 }],
              },
            ],
    },
    status: {
      phase: 'Running',
      podIP: `10.244.77.${10 + ordinal}`,
      containerStatuses: [
        {
          name: 'ksml',
          ready: true,
          restartCount: 0,
          image: '',
          imageID: '',
          state: { running: { startedAt: new Date('2026-12-07T10:00:00Z') } },
        },
      ],
    },
  };
}

const metrics = (state: number, rebalanceAgo = 30, remaining?: number) =>
  [
    `kafka_streams_stream_metrics_client_state{client_id="c"} ${state}.0`,
    'kafka_streams_stream_metrics_alive_stream_threads{client_id="c"} 1.0',
    'kafka_streams_stream_metrics_failed_stream_threads{client_id="c"} 0.0',
    `kafka_consumer_consumer_coordinator_metrics_last_rebalance_seconds_ago{client_id="c-consumer"} ${rebalanceAgo}.0`,
    ...(remaining !== undefined
      ? [
          `kafka_streams_stream_task_metrics_restore_remaining_records{task_id="0_0"} ${remaining}.0`,
          'kafka_streams_stream_state_updater_metrics_active_restoring_tasks{thread_id="t"} 1.0',
        ]
      : []),
  ].join('\n');

/** A watch over fake runners: `answers[pod]` is what the pod proxy answers next. */
function setUp(pods: V1Pod[]) {
  let now = Date.parse('2026-12-07T10:05:00Z');
  const answers = new Map<string, () => string>();
  const reads: string[] = [];
  const watch = new StreamsWatch({
    read: async (name, port, names) => {
      reads.push(`${name}:${port}`);
      expect(names).toContain('kafka_streams_stream_metrics_client_state');
      const answer = answers.get(name);
      if (!answer) throw new Error('connection refused');
      return answer();
    },
    podsOf: async () => pods,
    now: () => now,
    settings: { intervalMs: 15_000, timeoutMs: 3_000, interestMs: 120_000 },
  });
  const replicas = (watch_ = true) =>
    watch.replicas(RELEASE, pods, p => p.slice(RELEASE.length + 1), {
      watch: watch_,
    });
  return {
    watch,
    answers,
    reads,
    replicas,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

describe('StreamsWatch', () => {
  let t: ReturnType<typeof setUp>;
  afterEach(() => t?.watch.close());

  it('answers at once with what it knows, then each replica as its runner reports it', async () => {
    t = setUp([pod(0), pod(1)]);
    t.answers.set(`${RELEASE}-0`, () => metrics(2, 30));
    t.answers.set(`${RELEASE}-1`, () => metrics(1));
    expect(t.replicas()).toEqual([
      { replicaName: '0', state: 'Unknown', reason: 'NotYetRead' },
      { replicaName: '1', state: 'Unknown', reason: 'NotYetRead' },
    ]);
    await t.watch.readNow();
    expect(t.reads).toEqual([`${RELEASE}-0:9999`, `${RELEASE}-1:9999`]);
    const [running, rebalancing] = t.replicas();
    expect(running).toEqual({
      replicaName: '0',
      state: 'RUNNING',
      // Running since its last rebalance, 30 s before the reading: inferred, not seen.
      since: new Date(t.at() - 30_000).toISOString(),
      sinceEstimated: true,
      observedAt: new Date(t.at()).toISOString(),
      threads: { alive: 1, failed: 0 },
      lastRebalanceSecondsAgo: 30,
    });
    // Not running yet: since its container started.
    expect(rebalancing).toMatchObject({
      state: 'REBALANCING',
      since: '2026-12-07T10:00:00.000Z',
      sinceEstimated: true,
    });
  });

  it('dates a change of state to the reading that saw it', async () => {
    t = setUp([pod(0)]);
    let state = 1;
    t.answers.set(`${RELEASE}-0`, () => metrics(state));
    t.replicas();
    await t.watch.readNow();
    t.advance(15_000);
    state = 2;
    await t.watch.readNow();
    expect(t.replicas()[0]).toMatchObject({
      state: 'RUNNING',
      since: new Date(t.at()).toISOString(),
    });
    expect(t.replicas()[0].sinceEstimated).toBeUndefined();
    // The same state again keeps its time.
    t.advance(15_000);
    await t.watch.readNow();
    expect(t.replicas()[0].since).toBe(new Date(t.at() - 15_000).toISOString());
  });

  it('shows restore progress against the most records it saw left', async () => {
    t = setUp([pod(0)]);
    let remaining = 1000;
    t.answers.set(`${RELEASE}-0`, () => metrics(1, 5, remaining));
    t.replicas();
    await t.watch.readNow();
    t.advance(15_000);
    remaining = 250;
    await t.watch.readNow();
    expect(t.replicas()[0].restore).toEqual({
      activeTasks: 1,
      remainingRecords: 250,
      progress: 0.75,
    });
  });

  it('says why a replica cannot be read, and backs off from a silent runner', async () => {
    t = setUp([pod(0)]);
    t.replicas();
    await t.watch.readNow();
    expect(t.replicas()[0]).toMatchObject({
      state: 'Unknown',
      reason: 'MetricsUnreachable',
      message: 'connection refused',
    });
    // Tried again after one interval, then after two.
    t.advance(10_000);
    await t.watch.readNow();
    expect(t.reads).toHaveLength(1);
    t.advance(5_000);
    await t.watch.readNow();
    expect(t.reads).toHaveLength(2);
    t.advance(15_000);
    await t.watch.readNow();
    expect(t.reads).toHaveLength(2);
  });

  it('waits at most a minute between reads of a silent runner, and reads one that became ready or started again at once', async () => {
    const pods = [pod(0)];
    const container = pods[0].status!.containerStatuses![0];
    container.ready = false; // starting: its JVM busy, its metrics not answered yet
    t = setUp(pods);
    // Silent for ten minutes while someone looks at it: the gaps double up to a minute.
    const readAt: number[] = [];
    const silentFor = async (seconds: number) => {
      for (let second = 0; second < seconds; second += 15) {
        t.replicas();
        const before = t.reads.length;
        await t.watch.readNow();
        if (t.reads.length > before) readAt.push(second);
        t.advance(15_000);
      }
    };
    await silentFor(615);
    const gaps = readAt.slice(1).map((at, i) => at - readAt[i]);
    expect(gaps.slice(0, 3)).toEqual([15, 30, 60]);
    expect(gaps.length).toBeGreaterThan(8);
    expect(Math.max(...gaps)).toBe(60);
    const readNowAfter = async (change: () => void) => {
      // Silent again, until a read has just failed (its next one is due in 60 s) ...
      await silentFor(60);
      for (let before = t.reads.length; t.reads.length === before; ) {
        t.replicas();
        t.advance(15_000);
        await t.watch.readNow();
      }
      // ... and 15 s later, it changes.
      t.advance(15_000);
      change();
      t.answers.set(`${RELEASE}-0`, () => metrics(2));
      const before = t.reads.length;
      await t.watch.readNow();
      expect(t.reads).toHaveLength(before + 1);
      expect(t.replicas()[0]).toMatchObject({ state: 'RUNNING' });
      t.answers.delete(`${RELEASE}-0`);
    };
    // It becomes ready (its /ready answers): read in the next round.
    await readNowAfter(() => {
      container.ready = true;
    });
    // Its container starts again (a restart, the same pod): read in the next round.
    await readNowAfter(() => {
      container.state = { running: { startedAt: new Date(t.at()) } };
    });
  });

  it('tells a forbidden pod proxy, a pod without the metrics port and a stale reading apart', async () => {
    t = setUp([pod(0), pod(1, { port: false })]);
    const forbidden = new Error('pods "x" is forbidden');
    forbidden.name = 'NotAllowedError';
    t.answers.set(`${RELEASE}-0`, () => {
      throw forbidden;
    });
    t.replicas();
    await t.watch.readNow();
    expect(t.replicas()).toMatchObject([
      { state: 'Unknown', reason: 'MetricsForbidden' },
      { state: 'Unknown', reason: 'MetricsDisabled' },
    ]);
    expect(t.reads).toEqual([`${RELEASE}-0:9999`]);

    const u = setUp([pod(0)]);
    u.answers.set(`${RELEASE}-0`, () => metrics(2));
    u.replicas();
    await u.watch.readNow();
    u.advance(40_000);
    expect(u.replicas(false)[0]).toMatchObject({
      state: 'Unknown',
      reason: 'Stale',
    });
    u.watch.close();
  });

  it('reads a replaced pod (same name, new uid) anew', async () => {
    const pods = [pod(0)];
    t = setUp(pods);
    t.answers.set(`${RELEASE}-0`, () => metrics(2));
    t.replicas();
    await t.watch.readNow();
    expect(t.replicas()[0].state).toBe('RUNNING');
    pods[0] = pod(0, { uid: 'uid-0-new' });
    expect(t.replicas()[0]).toMatchObject({
      state: 'Unknown',
      reason: 'NotYetRead',
    });
    await t.watch.readNow();
    expect(t.replicas()[0].state).toBe('RUNNING');
    expect(t.reads).toHaveLength(2);
  });

  it('gives the throughput of each replica and keeps the trend of the sums, the last hour', async () => {
    t = setUp([pod(0), pod(1)]);
    let rate = 2;
    const withRates = () =>
      `${metrics(2)}
kafka_streams_stream_thread_metrics_process_rate{thread_id="t"} ${rate}
kafka_producer_producer_metrics_record_send_rate{client_id="p"} ${rate / 2}
jvm_memory_used_bytes{area="heap"} 1000
jvm_memory_max_bytes{area="heap"} 4000`;
    t.answers.set(`${RELEASE}-0`, withRates);
    t.answers.set(`${RELEASE}-1`, withRates);
    const throughput = () =>
      t.watch.throughput(RELEASE, [pod(0), pod(1)], p =>
        p.slice(RELEASE.length + 1),
      );
    expect(throughput()).toMatchObject({
      intervalSeconds: 15,
      replicas: [
        { replicaName: '0', state: 'Unknown', reason: 'NotYetRead' },
        { replicaName: '1', state: 'Unknown', reason: 'NotYetRead' },
      ],
      history: [],
    });
    await t.watch.readNow();
    t.advance(15_000);
    rate = 6;
    await t.watch.readNow();
    const now = throughput();
    expect(now.replicas[0]).toMatchObject({
      state: 'RUNNING',
      recordsInPerSecond: 6,
      recordsOutPerSecond: 3,
      heapUsedBytes: 1000,
      heapMaxBytes: 4000,
    });
    expect(now.history).toEqual([
      {
        at: new Date(t.at() - 15_000).toISOString(),
        recordsInPerSecond: 4,
        recordsOutPerSecond: 2,
        heapUsedBytes: 2000,
      },
      {
        at: new Date(t.at()).toISOString(),
        recordsInPerSecond: 12,
        recordsOutPerSecond: 6,
        heapUsedBytes: 2000,
      },
    ]);
    // An hour later (the app still watched), the first points are gone.
    for (let i = 0; i < 240; i++) {
      t.advance(15_000);
      throughput();
      await t.watch.readNow();
    }
    const later = throughput().history;
    expect(later.length).toBeLessThanOrEqual(241);
    expect(Date.parse(later[0].at)).toBeGreaterThanOrEqual(
      t.at() - 60 * 60_000,
    );
  });

  it('reads only the apps a status read watches, and forgets them after the interest ends', async () => {
    t = setUp([pod(0)]);
    t.answers.set(`${RELEASE}-0`, () => metrics(2));
    t.replicas(false); // the fleet's list: what is known, no reading
    await t.watch.readNow();
    expect(t.reads).toHaveLength(0);
    t.replicas(true);
    await t.watch.readNow();
    expect(t.reads).toHaveLength(1);
    t.advance(121_000);
    await t.watch.readNow();
    expect(t.reads).toHaveLength(1);
  });
});
