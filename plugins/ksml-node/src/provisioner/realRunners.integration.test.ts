import {
  DeployRequest,
  deployRequestSchema,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import {
  createLocalVolume,
  doublingDefinition,
  KafkaFixture,
  LOCAL_STORAGE_CLASS,
  RealNode,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { readdirSync } from 'node:fs';
import {
  RealRunnerSuite,
  startRealRunnerSuite,
} from '../__testUtils__/realRunnerSuite';
import { KsmlProvisioner } from './KsmlProvisioner';
import { statusesUntil as statusesSeenUntil } from '../__testUtils__/statusesUntil';

// Integration on real KSML runners: the runner built from KSML 1.3.0's source, on the public
// chart as it is, on the test bed's real node (a kubelet with containerd), against the test
// bed's broker. What the provisioner makes of a request must run, not only render.
describe('apps on real KSML runners', () => {
  let suite: RealRunnerSuite;
  let env: TestbedEnv;
  let node: RealNode;
  let kube: TestbedKube;
  let kafka: KafkaFixture;
  let namespace: string;
  let provisioner: KsmlProvisioner;
  const topic = (name: string) => suite.topic(name);

  const request = (
    application: string,
    definition: string,
    override: Record<string, unknown> = {},
  ): DeployRequest =>
    deployRequestSchema.parse({
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application,
      definition,
      ...override,
      kafkaProperties: {
        'bootstrap.servers': node.kafkaBootstrap,
        'application.id': `${namespace}-${application}`,
        // SIGTERM does not close Kafka Streams in runner 1.3.0: a short session lets a
        // restarted runner take its partitions back in seconds, not 45 s.
        'session.timeout.ms': '6000',
        ...(override.kafkaProperties as Record<string, string> | undefined),
      },
    });

  /** Polls the status until `done` holds; returns every status seen, the last one done. */
  const statusesUntil = (
    app: DeployRequest,
    done: (s: KsmlStatusResponse) => boolean,
    description: string,
    timeoutMs = 150_000,
  ) =>
    statusesSeenUntil(provisioner, app, done, {
      description,
      timeoutMs,
      intervalMs: 500,
    });

  const runnerLog = (pod: string) =>
    kube.core.readNamespacedPodLog({ name: pod, namespace, container: 'ksml' });

  beforeAll(async () => {
    // Without a real node every test here fails with the reason: none passes on kwok alone.
    suite = await startRealRunnerSuite('real-runners');
    ({ env, node, kube, kafka, namespace, provisioner } = suite);
  }, 60_000);

  afterAll(() => suite?.close());

  it("transforms JSON records, and is Running only once the runner's /ready says so", async () => {
    const input = await topic('json-in');
    const output = await topic('json-out');
    const app = request('json-app', doublingDefinition(input, output));
    await provisioner.deploy(app);

    const seen = await statusesUntil(
      app,
      s => s.kubernetes.status === 'Running',
      'json-app to be Running',
    );
    // Starting while the JVM starts and Kafka Streams rebalances ...
    expect(seen[0].kubernetes.status).toBe('Starting');
    // ... and Running only after the runner's Kafka Streams reached RUNNING, the one state in
    // which the runner's /ready (the chart's readiness probe) answers yes.
    const log = await runnerLog(`${seen.at(-1)!.kubernetes.name}-0`);
    expect(log).toMatch(/to new state 'RUNNING'/);
    // The runner's own Kafka Streams state, read from its metrics endpoint through the pod
    // proxy: never Running while a replica's client is known to be in another state.
    for (const status of seen.filter(s => s.kubernetes.status === 'Running')) {
      for (const replica of status.kubernetes.streams ?? [])
        expect(['RUNNING', 'Unknown']).toContain(replica.state);
    }
    const deployed = Date.parse(seen[0].helm.deployedAt);
    const streams = await statusesUntil(
      app,
      s => s.kubernetes.streams?.[0]?.state === 'RUNNING',
      "json-app's Kafka Streams to be read as RUNNING",
      60_000,
    );
    const replica = streams.at(-1)!.kubernetes.streams![0];
    expect(replica).toMatchObject({
      replicaName: '0',
      threads: { alive: 1, failed: 0 },
    });
    expect(Date.parse(replica.since!)).toBeGreaterThanOrEqual(deployed - 1000);
    expect(Date.parse(replica.since!)).toBeLessThanOrEqual(Date.now());
    expect(streams.at(-1)!.kubernetes.status).toBe('Running');

    await kafka.produce(input, [3]);
    const records = await kafka.readRecords(output, 3, 60_000);
    expect(records.map(r => [r.key, JSON.parse(r.value)])).toEqual(
      [0, 1, 2].map(n => [`key-${n}`, { value: n, doubled: n * 2 }]),
    );

    // The runner's own account of those 3 records: its mapper ran 3 times, records went in
    // and out at a rate above 0 (Kafka's rates are windowed: a reading shows them for about a
    // minute), and the sink node has an end-to-end latency.
    const throughput = await waitFor(
      async () => {
        const t = await provisioner.throughput(app);
        const mapper = t.functions.find(f => f.name.endsWith('_mapper'));
        const first = t.replicas[0];
        return mapper?.calls === 3 &&
          (first.recordsInPerSecond ?? 0) > 0 &&
          (first.recordsOutPerSecond ?? 0) > 0
          ? t
          : undefined;
      },
      { description: 'the runner to report the records', timeoutMs: 60_000 },
    );
    expect(throughput.replicas[0]).toMatchObject({
      replicaName: '0',
      state: 'RUNNING',
      heapUsedBytes: expect.any(Number),
      heapMaxBytes: expect.any(Number),
    });
    const sink = throughput.nodes.find(n => n.node.endsWith('_to'));
    expect(sink?.e2eLatencyAvgMs).toBeGreaterThanOrEqual(0);
    expect(throughput.history.length).toBeGreaterThan(0);
  }, 240_000);

  it('says authentication failed for a wrong SASL password, and runs on the rotated right one', async () => {
    const input = await topic('sasl-in');
    const output = await topic('sasl-out');
    const sasl = (password: string) =>
      request('sasl-app', doublingDefinition(input, output), {
        kafkaProperties: {
          'bootstrap.servers': node.kafkaSaslBootstrap,
          'security.protocol': 'SASL_PLAINTEXT',
          'sasl.mechanism': 'PLAIN',
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="${env.kafka.username}" password="${password}";`,
        },
      });
    const wrongPassword = `wrong-${Date.now()}`;
    const wrong = sasl(wrongPassword);
    expect((await provisioner.deploy(wrong)).secretProperties).toEqual([
      'sasl.jaas.config',
    ]);
    const refused = await statusesUntil(
      wrong,
      s => s.kubernetes.reason === 'KafkaAuthenticationFailed',
      'the runner to be refused',
    );
    // The cause comes from the runner's own log: Kubernetes alone sees a runner that is not
    // ready, or one that exits.
    expect(refused.at(-1)!.kubernetes).toMatchObject({
      status: 'Failing',
      message: expect.stringContaining('Authentication failed'),
      hint: expect.stringContaining('sasl.jaas.config'),
    });
    expect(JSON.stringify(refused)).not.toContain(wrongPassword);

    // The right password: our Secret changes, the runners restart and use it.
    const pods = async () =>
      (
        await kube.core.listNamespacedPod({
          namespace,
          labelSelector: `app.kubernetes.io/instance=${refused[0].kubernetes.name}`,
        })
      ).items;
    const refusedPods = new Set((await pods()).map(p => p.metadata?.uid));
    const right = sasl(env.kafka.password);
    await provisioner.deploy(right);
    await statusesUntil(
      right,
      s => s.kubernetes.status === 'Running',
      'sasl-app to be Running with the rotated password',
    );
    const running = await pods();
    expect(running.some(p => refusedPods.has(p.metadata?.uid))).toBe(false);

    await kafka.produce(input, [2]);
    const records = await kafka.readRecords(output, 2, 60_000);
    expect(records.map(r => JSON.parse(r.value))).toEqual([
      { value: 0, doubled: 0 },
      { value: 1, doubled: 2 },
    ]);
  }, 300_000);

  it('runs a Job-mode producer to completion: Completed from the runner exiting 0', async () => {
    const output = await topic('job-out');
    const producer = request(
      'job-producer',
      [
        'functions:',
        '  next_reading:',
        '    type: generator',
        '    globalCode: n = 0',
        '    code: |',
        '      global n',
        '      n += 1',
        '    expression: |',
        '      ("sensor" + str(n), {"n": n})',
        '    resultType: (string, json)',
        'producers:',
        '  readings:',
        '    generator: next_reading',
        '    interval: 100ms',
        '    count: 4',
        `    to: {topic: ${output}, keyType: string, valueType: json}`,
      ].join('\n'),
      { deploymentMode: 'Job' },
    );
    await provisioner.deploy(producer);
    const seen = await statusesUntil(
      producer,
      s => s.kubernetes.status === 'Completed',
      'job-producer to complete',
    );
    expect(seen.some(s => s.kubernetes.status === 'Failing')).toBe(false);
    const jobPods = await kube.core.listNamespacedPod({
      namespace,
      labelSelector: `job-name=${seen.at(-1)!.kubernetes.name}`,
    });
    expect(
      jobPods.items.map(
        p => p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode,
      ),
    ).toEqual([0]);
    const records = await kafka.readRecords(output, 4, 30_000);
    expect(records.map(r => JSON.parse(r.value).n)).toEqual([1, 2, 3, 4]);
  }, 240_000);

  it('keeps a counting state across a restart, on a real volume of the node', async () => {
    const input = await topic('count-in');
    const output = await topic('count-out');
    const volume = `${namespace}-store`;
    const path = await createLocalVolume(kube, node, {
      name: volume,
      size: '1Gi',
    });
    const counter = request(
      'counter',
      [
        'streams:',
        `  events: {topic: ${input}, keyType: string, valueType: json}`,
        `  counts: {topic: ${output}, keyType: string, valueType: string}`,
        'pipelines:',
        '  count:',
        '    from: events',
        '    via:',
        '      - type: groupByKey',
        '      - type: count',
        '      - type: toStream',
        '      - type: mapValues',
        '        mapper: {expression: str(value), resultType: string}',
        '    to: counts',
      ].join('\n'),
      {
        storage: { size: '1Gi', storageClassName: LOCAL_STORAGE_CLASS },
        kafkaProperties: {
          // Every count written on at once: no record cache, a commit each second.
          'statestore.cache.max.bytes': '0',
          'commit.interval.ms': '1000',
        },
      },
    );
    await provisioner.deploy(counter);
    const started = await statusesUntil(
      counter,
      s => s.kubernetes.status === 'Running',
      'counter to be Running',
    );
    const pod = `${started.at(-1)!.kubernetes.name}-0`;
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({
      name: `ksml-store-${pod}`,
      namespace,
    });
    expect(claim.spec?.volumeName).toBe(volume);

    await kafka.produce(input, [3]);
    expect(
      (await kafka.readRecords(output, 3, 60_000)).map(r => r.value),
    ).toEqual(['1', '1', '1']);
    // The runner keeps its stores in the node's folder, through the claim.
    expect(readdirSync(path, { recursive: true }).join('\n')).toMatch(
      /rocksdb/,
    );

    const before = await kube.core.readNamespacedPod({ name: pod, namespace });
    await provisioner.restart(counter);
    await waitFor(
      async () => {
        const now = await kube.core
          .readNamespacedPod({ name: pod, namespace })
          .catch(() => undefined);
        return now && now.metadata?.uid !== before.metadata?.uid
          ? now
          : undefined;
      },
      { description: 'a new counter pod', timeoutMs: 60_000 },
    );
    await statusesUntil(
      counter,
      s => s.kubernetes.status === 'Running',
      'the restarted counter to be Running',
    );
    await kafka.produce(input, [3]);
    expect(
      (await kafka.readRecords(output, 6, 60_000)).map(r => r.value),
    ).toEqual(['1', '1', '1', '2', '2', '2']);
  }, 300_000);
});
