import {
  doublingDefinition,
  KafkaFixture,
  loadTestbedEnv,
  RealNode,
  waitFor,
} from '@ksml-backstage/testbed';
import request from 'supertest';
import { recordingAuditor } from './__testUtils__/recordingAuditor';
import {
  startRealRunnerBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// POST /reset-offsets on a real KSML runner and the real broker: refused while the app runs,
// planned by a dry run, applied once it is stopped (its group empty), and the runner, started
// again, reprocesses its input: the output topic receives the records a second time, the lag
// jumps and falls to 0. Recorded in the app's history, audited without any record.
describe('offset reset of a real runner’s group', () => {
  let backend: TestbedBackend & { node: RealNode };
  let kafka: KafkaFixture;
  const events: Array<Record<string, unknown>> = [];
  const topics: string[] = [];

  beforeAll(async () => {
    const env = loadTestbedEnv();
    backend = await startRealRunnerBackend({
      namespacePrefix: 'offset-reset',
      environments: {
        dev: { kafka: { bootstrapServers: env.kafka.bootstrap } },
      },
      features: [recordingAuditor(events).factory],
    });
    kafka = new KafkaFixture(env.kafka);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    if (topics.length > 0) await kafka?.deleteTopics(topics);
  });

  it('reprocesses the input after a reset to earliest, refused while the app runs', async () => {
    const { node, server, namespace } = backend;
    const input = `${namespace}-in`;
    const output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    topics.push(input, output);
    const ref = {
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'replayer',
    };
    const query = new URLSearchParams(ref).toString();
    const groupId = `${namespace}-replayer`;
    const status = async () =>
      (await request(server).get(`/api/ksml/status?${query}`)).body.kubernetes
        ?.status;
    const lag = async () =>
      (await request(server).get(`/api/ksml/lag?${query}`)).body.total;
    const reset = (body: Record<string, unknown>) =>
      request(server)
        .post('/api/ksml/reset-offsets')
        .send({ ...ref, to: 'earliest', ...body });
    const scale = async (replicas: number) => {
      const res = await request(server)
        .post('/api/ksml/scale')
        .send({ ...ref, replicas });
      expect(res.status).toBe(200);
    };

    const deployed = await request(server)
      .post('/api/ksml/deploy')
      .send({
        ...ref,
        definition: doublingDefinition(input, output),
        kafkaProperties: {
          'bootstrap.servers': node.kafkaBootstrap,
          'application.id': groupId,
          // Commits every second (30 s by default), so the lag shows what was processed.
          'commit.interval.ms': '1000',
        },
      });
    expect(deployed.status).toBe(200);
    await waitFor(async () => (await status()) === 'Running' || undefined, {
      description: 'replayer to be Running',
      timeoutMs: 150_000,
    });
    await kafka.produce(input, [3]);
    expect(
      (await kafka.readRecords(output, 3, 60_000)).map(
        r => JSON.parse(r.value).doubled,
      ),
    ).toEqual([0, 2, 4]);
    await waitFor(async () => (await lag()) === 0 || undefined, {
      description: 'the group to commit its 3 records',
      timeoutMs: 60_000,
    });

    // While it runs: a dry run says where the group would go; a reset is refused.
    const planned = await reset({ dryRun: true });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      groupId,
      groupType: 'classic',
      groupState: 'Stable',
      to: 'earliest',
      dryRun: true,
      applied: false,
      lagBefore: 0,
      lagAfter: 3,
      partitions: [
        {
          topic: input,
          partition: 0,
          earliestOffset: 0,
          endOffset: 3,
          currentOffset: 3,
          newOffset: 0,
          lagBefore: 0,
          lagAfter: 3,
        },
      ],
    });
    const refused = await reset({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /^replayer in dev is Running \(1 of 1 replicas ready\): its offsets are reset only while it is stopped; stop it first/,
    );
    expect(refused.body.error.reason).toBe('AppRunning');
    expect(await lag()).toBe(0);

    // Stopped: the runner's membership lasts until its session ends, then the reset applies.
    await scale(0);
    await waitFor(async () => (await status()) === 'Stopped' || undefined, {
      description: 'replayer to be Stopped',
      timeoutMs: 120_000,
    });
    const refusals = new Set<string>();
    const applied = await waitFor(
      async () => {
        const res = await reset({});
        if (res.status === 409) {
          refusals.add(res.body.error.message.replace(/\(state \w+\)/, ''));
          return undefined;
        }
        return res;
      },
      { description: 'the group to be empty and reset', timeoutMs: 120_000 },
    );
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      applied: true,
      dryRun: false,
      groupState: 'Empty',
      lagAfter: 3,
      partitions: [{ topic: input, currentOffset: 3, newOffset: 0 }],
    });
    // Any refusal on the way was the group's, not the app's.
    for (const message of refusals)
      expect(message).toContain(`The consumer group ${groupId}`);
    expect(await lag()).toBe(3);

    // Started again, it reads its input from the start: the records come out a second time.
    await scale(1);
    expect(
      (await kafka.readRecords(output, 6, 150_000)).map(
        r => JSON.parse(r.value).doubled,
      ),
    ).toEqual([0, 2, 4, 0, 2, 4]);
    await waitFor(async () => (await lag()) === 0 || undefined, {
      description: 'the lag to fall back to 0',
      timeoutMs: 60_000,
    });

    // In the app's history, with who asked; audited without a record's content.
    const history = await request(server).get(`/api/ksml/history?${query}`);
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        operation: 'reset-offsets',
        outcome: 'succeeded',
        request: { to: 'earliest' },
      }),
    );
    expect(
      history.body.items.filter((h: any) => h.operation === 'reset-offsets'),
    ).toHaveLength(1);
    expect(events).toContainEqual({
      eventId: 'app-reset-offsets',
      meta: { ...ref, to: 'earliest', dryRun: 'false' },
    });
    expect(events).toContainEqual({
      success: {
        groupId,
        groupType: 'classic',
        applied: 'true',
        partitions: 1,
        lagBefore: 0,
        lagAfter: 3,
      },
    });
    expect(JSON.stringify(events)).not.toContain('doubled');
  }, 600_000);

  it('refuses a deploy with the Streams rebalance protocol, which the chart cannot run, naming the field', async () => {
    // Seen on this test bed with a Kafka 4.3 broker: KSML 1.3.0's runner (Kafka Streams 4.3)
    // stops at start-up with "Streams rebalance protocol does not support static membership",
    // since the public chart always sets group.instance.id. Refused before anything is applied.
    const { node, server, namespace } = backend;
    const ref = {
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'streamer',
    };
    const refused = await request(server)
      .post('/api/ksml/deploy')
      .send({
        ...ref,
        definition: doublingDefinition(`${namespace}-a`, `${namespace}-b`),
        allowMissingTopics: true,
        kafkaProperties: {
          'bootstrap.servers': node.kafkaBootstrap,
          'application.id': `${namespace}-streamer`,
          'group.protocol': 'streams',
        },
      });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'kafkaProperties["group.protocol"]: streams (the Streams rebalance protocol, KIP-1071) cannot run on the KSML chart',
    );
    const status = await request(server).get(
      `/api/ksml/status?${new URLSearchParams(ref)}`,
    );
    expect(status.status).toBe(404);
  });
});
