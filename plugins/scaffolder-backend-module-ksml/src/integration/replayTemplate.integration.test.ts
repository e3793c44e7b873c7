import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// The test backend runs the real KSML backend plugin next to the scaffolder, as a portal does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ksmlPlugin from '@ksml-backstage/plugin-ksml-backend';
import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  doublingDefinition,
  KafkaFixture,
  loadTestbedEnv,
  RealNode,
  realRunnerValues,
  repoRoot,
  requireRealNode,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { scaffolderModuleKsml } from '../module';

// The incident template templates/ksml-replay as a real scaffolder task, on a real KSML runner
// and the real broker: it plans the reset while the app runs, stops the app, resets its group
// to the earliest records once the group is empty, and starts it again; the runner then
// reprocesses its input (the output topic receives the records a second time).
describe('the ksml-replay template on a real runner', () => {
  let node: RealNode;
  let kube: TestbedKube;
  let kafka: KafkaFixture;
  let namespace: string;
  let work: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: (() => Promise<void>) | undefined;
  const user = { Authorization: `Bearer ${mockCredentials.user.token()}` };
  const topics: string[] = [];

  beforeAll(async () => {
    const env = loadTestbedEnv();
    node = requireRealNode(env);
    kube = await connectKube(env);
    kafka = new KafkaFixture(env.kafka);
    namespace = await createTestNamespace(kube, 'replay');
    await createRunnerPullSecret(kube, env, namespace);
    work = mkdtempSync(join(tmpdir(), 'ksml-replay-'));
    const devValues = join(work, 'dev-values.yaml');
    writeFileSync(devValues, stringify(realRunnerValues(node)));
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        import('@backstage/plugin-catalog-backend'),
        import(
          '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
        ),
        ksmlPlugin,
        scaffolderModuleKsml,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary, timeoutSeconds: 120 },
              cluster: testbedClusterConfig(env),
              environments: {
                dev: {
                  namespace,
                  customValuesFile: devValues,
                  kafka: { bootstrapServers: env.kafka.bootstrap },
                },
              },
              scaffolder: { pollIntervalMs: 1000 },
            },
            catalog: {
              processingInterval: { seconds: 2 },
              rules: [{ allow: ['Template'] }],
              locations: [
                {
                  type: 'file',
                  target: resolve(
                    repoRoot,
                    'templates/ksml-replay/template.yaml',
                  ),
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await waitFor(
      async () =>
        (
          await request(server)
            .get('/api/catalog/entities/by-name/template/default/ksml-replay')
            .set(user)
        ).status === 200 || undefined,
      { description: 'template ksml-replay in the catalog', timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await stopBackend?.();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    if (topics.length > 0) await kafka?.deleteTopics(topics).catch(() => {});
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  /** Runs the template as a real task; its status and its log. */
  const runReplay = async (values: Record<string, unknown>) => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(user)
      .send({ templateRef: 'template:default/ksml-replay', values });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const task = await waitFor(
      async () => {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(user);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      { description: 'the replay task', timeoutMs: 300_000, intervalMs: 1000 },
    );
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set(user);
    const log = (events.body as Array<{ body: { message?: string } }>)
      .map(e => e.body.message ?? '')
      .join('\n');
    if (task.status !== 'completed')
      throw new Error(`task ${task.status}:\n${log}`);
    return log;
  };

  it('plans, stops, resets to earliest and starts the app, which reprocesses its input', async () => {
    const input = `${namespace}-in`;
    const output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    topics.push(input, output);
    const ref = {
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'replayed',
    };
    const query = new URLSearchParams(ref).toString();
    const status = async () =>
      (await request(server).get(`/api/ksml/status?${query}`).set(user)).body
        .kubernetes?.status;
    const lag = async () =>
      (await request(server).get(`/api/ksml/lag?${query}`).set(user)).body
        .total;

    const deployed = await request(server)
      .post('/api/ksml/deploy')
      .set(user)
      .send({
        ...ref,
        definition: doublingDefinition(input, output),
        kafkaProperties: {
          'bootstrap.servers': node.kafkaBootstrap,
          'application.id': `${namespace}-replayed`,
          // Commits every second, and a stopped runner leaves the group after 6 s (not 45 s).
          'commit.interval.ms': '1000',
          'session.timeout.ms': '6000',
        },
      });
    expect(deployed.status).toBe(200);
    await waitFor(async () => (await status()) === 'Running' || undefined, {
      description: 'replayed to be Running',
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

    // Only planned: the task's log gives the plan, and nothing moves.
    const planned = await runReplay({
      ...ref,
      to: 'earliest',
      replicas: 1,
      planOnly: true,
    });
    expect(planned).toContain('Dry run: the offsets of');
    expect(planned).toContain('would move to earliest:');
    expect(await status()).toBe('Running');
    expect(await lag()).toBe(0);

    // The whole replay.
    const log = await runReplay({ ...ref, to: 'earliest', replicas: 1 });
    expect(log).toMatch(/The offsets of .* moved to earliest:/);
    expect(
      (await kafka.readRecords(output, 6, 150_000)).map(
        r => JSON.parse(r.value).doubled,
      ),
    ).toEqual([0, 2, 4, 0, 2, 4]);
    await waitFor(async () => (await status()) === 'Running' || undefined, {
      description: 'replayed to run again',
      timeoutMs: 150_000,
    });
    await waitFor(async () => (await lag()) === 0 || undefined, {
      description: 'the lag to fall back to 0',
      timeoutMs: 60_000,
    });
    // Each step in the app's history: the scale down, the reset, the scale up.
    const history = await request(server)
      .get(`/api/ksml/history?${query}`)
      .set(user);
    expect(
      history.body.items.map((h: { operation: string }) => h.operation),
    ).toEqual(expect.arrayContaining(['scale', 'reset-offsets']));
  }, 600_000);
});
