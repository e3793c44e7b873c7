import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  doublingDefinition,
  KafkaFixture,
  loadTestbedEnv,
  realRunnerValues,
  requireRealNode,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './testing/call';
import { startProvisionerProcess, testbedReadmeEnv } from './testing';

// Integration: the standalone provisioner, configured as the readme says (CUSTOM_VALUES_FILE
// puts the apps on the platform's runner image and node pool), deploys an app that the real
// KSML runner runs on the test bed's real node, and reads back what the runner did.
describe('standalone provisioner with real KSML runners', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let kafka: KafkaFixture;
  let namespace: string;
  let work: string;
  const topics: string[] = [];

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    kafka = new KafkaFixture(env.kafka);
    namespace = await createTestNamespace(kube, 'provisioner-real');
    work = mkdtempSync(join(tmpdir(), 'ksml-provisioner-real-'));
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
    if (topics.length > 0) await kafka?.deleteTopics(topics);
  }, 60_000);

  it('deploys a JSON app the runner runs: status Running, its own log lines, records transformed', async () => {
    const node = requireRealNode(env);
    await createRunnerPullSecret(kube, env, namespace);
    const customValues = join(work, 'custom-values.json');
    // JSON is YAML: the file as a platform team would write it.
    writeFileSync(customValues, JSON.stringify(realRunnerValues(node)));
    const input = `${namespace}-in`;
    const output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    topics.push(input, output);

    const server = await startProvisionerProcess({
      ...testbedReadmeEnv(env, { namespace }),
      CUSTOM_VALUES_FILE: customValues,
    });
    const query =
      'tenant=dizzl&instance=sandbox&environment=dev&application=doubler';
    try {
      const deployed = await call(server.url, 'POST', '/deploy', {
        body: {
          tenant: 'dizzl',
          instance: 'sandbox',
          environment: 'dev',
          application: 'doubler',
          definition: doublingDefinition(input, output),
          kafkaProperties: {
            'bootstrap.servers': node.kafkaBootstrap,
            'application.id': `${namespace}-doubler`,
          },
        },
      });
      expect(deployed.status).toBe(200);

      const running = await waitFor(
        async () => {
          const res = await call(server.url, 'GET', `/status?${query}`);
          return res.body.kubernetes?.status === 'Running'
            ? res.body
            : undefined;
        },
        { description: 'doubler to be Running', timeoutMs: 150_000 },
      );
      expect(running.kubernetes).toMatchObject({
        replicas: 1,
        readyReplicas: 1,
        restarts: 0,
      });

      await kafka.produce(input, [2]);
      const records = await kafka.readRecords(output, 2, 60_000);
      expect(records.map(r => JSON.parse(r.value))).toEqual([
        { value: 0, doubled: 0 },
        { value: 1, doubled: 2 },
      ]);

      // The runner's own log, through the provisioner: Kafka Streams reached RUNNING.
      const logs = await call(
        server.url,
        'GET',
        `/logs?${query}&tailLines=500`,
      );
      expect(logs.status).toBe(200);
      expect(logs.body.logs[0].lines).toMatch(/to new state 'RUNNING'/);

      const undeployed = await call(server.url, 'DELETE', `/deploy?${query}`);
      expect(undeployed.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 300_000);
});
