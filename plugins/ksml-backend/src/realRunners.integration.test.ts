import {
  doublingDefinition,
  KafkaFixture,
  loadTestbedEnv,
  RealNode,
  waitFor,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  startRealRunnerBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// Integration: the backend plugin, with the platform's runner image and node pool in the dev
// environment's customValuesFile (layered over ksml.customValuesFile, which every environment
// gets), deploys a SASL app that the real KSML runner runs on the test bed's real node. The
// password reaches the runner only through the app's Secret.
const PLATFORM_LABEL = { 'ksml-backstage.test/platform': 'shared' };

describe('KSML backend with real KSML runners', () => {
  let backend: TestbedBackend & { node: RealNode };
  let kafka: KafkaFixture;
  let work: string;
  const topics: string[] = [];

  beforeAll(async () => {
    const env = loadTestbedEnv();
    work = mkdtempSync(join(tmpdir(), 'ksml-backend-real-'));
    const everyone = join(work, 'custom-values.yaml');
    writeFileSync(everyone, stringify({ podLabels: PLATFORM_LABEL }));
    backend = await startRealRunnerBackend({
      namespacePrefix: 'backend-real',
      ksml: { customValuesFile: everyone },
    });
    kafka = new KafkaFixture(env.kafka);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    if (topics.length > 0) await kafka?.deleteTopics(topics);
  }, 60_000);

  it('runs a SASL app whose password reaches the runner only through its Secret', async () => {
    const { env, node, server, namespace } = backend;
    const input = `${namespace}-in`;
    const output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    topics.push(input, output);
    const ref = {
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'sasl-doubler',
    };
    const query = new URLSearchParams(ref).toString();

    const deployed = await request(server)
      .post('/api/ksml/deploy')
      .send({
        ...ref,
        definition: doublingDefinition(input, output),
        kafkaProperties: {
          'bootstrap.servers': node.kafkaSaslBootstrap,
          'application.id': `${namespace}-sasl-doubler`,
          'security.protocol': 'SASL_PLAINTEXT',
          'sasl.mechanism': 'PLAIN',
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="${env.kafka.username}" password="${env.kafka.password}";`,
        },
      });
    expect(deployed.status).toBe(200);
    expect(deployed.body.secretProperties).toEqual(['sasl.jaas.config']);

    const running = await waitFor(
      async () => {
        const res = await request(server).get(`/api/ksml/status?${query}`);
        return res.body.kubernetes?.status === 'Running' ? res.body : undefined;
      },
      { description: 'sasl-doubler to be Running', timeoutMs: 150_000 },
    );
    expect(running.kubernetes).toMatchObject({ readyReplicas: 1, restarts: 0 });
    // The environment's values placed it on the real node; everyone's labelled it.
    const pods = await backend.kube.core.listNamespacedPod({
      namespace,
      labelSelector: 'ksml-backstage.test/platform=shared',
    });
    expect(pods.items.map(pod => pod.spec?.nodeName)).toEqual([node.name]);

    await kafka.produce(input, [3]);
    const records = await kafka.readRecords(output, 3, 60_000);
    expect(records.map(r => JSON.parse(r.value).doubled)).toEqual([0, 2, 4]);

    const logs = await request(server).get(
      `/api/ksml/logs?${query}&tailLines=500`,
    );
    expect(logs.status).toBe(200);
    expect(logs.body.logs[0].lines).toMatch(/to new state 'RUNNING'/);
    // The runner logs its Kafka settings with the password hidden; no answer holds it.
    for (const body of [deployed.body, running, logs.body])
      expect(JSON.stringify(body)).not.toContain(env.kafka.password);

    const undeployed = await request(server).delete(
      `/api/ksml/deploy?${query}`,
    );
    expect(undeployed.status).toBe(200);
  }, 300_000);
});
