import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  ProvisionerProcess,
  serverCertificate,
  startProvisionerProcess,
  testbedReadmeEnv,
} from '@ksml-backstage/provisioner/src/testing';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ksmlPlugin } from './plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Integration: an environment served by a standalone provisioner (HTTPS, basic auth) that the
// backend reaches over HTTP, beside one served by a cluster directly. Every route works the same
// through it, and its failures keep their meaning.
describe('an environment served by a remote provisioner', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let devNs: string;
  let stagNs: string;
  let work: string;
  let provisioner: ProvisionerProcess;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const credentials = {
    username: 'backstage',
    password: randomBytes(12).toString('hex'),
  };
  const stag = { ...readmeDeployRequest, environment: 'stag', replicas: 2 };
  const query = (extra = '') =>
    `tenant=dizzl&instance=sandbox&environment=stag&application=sensor-inspector${extra}`;

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    devNs = await createTestNamespace(kube, 'remote-dev');
    stagNs = await createTestNamespace(kube, 'remote-stag');
    work = mkdtempSync(join(tmpdir(), 'ksml-remote-'));
    const tls = serverCertificate(env, work);
    provisioner = await startProvisionerProcess({
      ...testbedReadmeEnv(env, { namespace: stagNs }),
      BASIC_AUTH_ENABLED: 'true',
      BASIC_AUTH_USERNAME: credentials.username,
      BASIC_AUTH_PASSWORD: credentials.password,
      SERVER_TLS_CERTIFICATE: tls.cert,
      SERVER_TLS_PRIVATE_KEY: tls.key,
    });
    backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary },
              cluster: testbedClusterConfig(env),
              environments: {
                dev: { namespace: devNs },
                stag: {
                  namespace: stagNs,
                  provisioner: {
                    url: provisioner.url,
                    auth: credentials,
                    caFile: env.registry.caFile,
                  },
                },
              },
            },
          },
        }),
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await provisioner?.stop();
    for (const name of [devNs, stagNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('deploys, reads status, logs, metrics and history, redeploys and undeploys through it', async () => {
    const deployed = await request(backend.server)
      .post('/api/ksml/deploy')
      .send({
        ...stag,
        kafkaProperties: {
          ...stag.kafkaProperties,
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${credentials.password}";`,
        },
      });
    expect(deployed.status).toBe(200);
    expect(deployed.body.helm).toMatchObject({
      name: 'dizzl-sandbox-stag-sensor-inspector-ksml',
      namespace: stagNs,
      revision: 1,
    });
    expect(deployed.body.secretProperties).toEqual(['sasl.jaas.config']);

    const running = await waitFor(
      async () => {
        const res = await request(backend.server).get(
          `/api/ksml/status?${query()}`,
        );
        return res.body.kubernetes?.status === 'Running' ? res.body : undefined;
      },
      { description: 'Running through the provisioner', timeoutMs: 90_000 },
    );
    expect(running.kubernetes).toMatchObject({ replicas: 2, readyReplicas: 2 });

    const logs = await request(backend.server).get(
      `/api/ksml/logs?${query('&tailLines=2')}`,
    );
    expect(logs.status).toBe(200);
    expect(logs.body.logs).toHaveLength(2);

    const metrics = await waitFor(
      async () => {
        const res = await request(backend.server).get(
          `/api/ksml/metrics?${query()}`,
        );
        // Both replicas measured: metrics-server scrapes new pods one by one.
        return res.status === 200 && res.body.replicas?.length === 2
          ? res.body
          : undefined;
      },
      {
        description: 'metrics through the provisioner',
        timeoutMs: 150_000,
        intervalMs: 5000,
      },
    );
    expect(metrics.memory.usedMb).toBe('1024');

    // History is the backend's own, secrets redacted.
    const history = await request(backend.server).get(
      `/api/ksml/history?${query()}`,
    );
    expect(history.body.items[0]).toMatchObject({
      operation: 'deploy',
      outcome: 'succeeded',
      namespace: stagNs,
      revision: 1,
    });
    expect(JSON.stringify(history.body)).not.toContain(credentials.password);

    const redeployed = await request(backend.server)
      .post('/api/ksml/redeploy')
      .send({
        tenant: 'dizzl',
        instance: 'sandbox',
        environment: 'stag',
        application: 'sensor-inspector',
        secretKafkaProperties: {
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${credentials.password}";`,
        },
      });
    expect(redeployed.status).toBe(200);
    expect(redeployed.body.helm.revision).toBe(2);

    // What a revision runs, read by the provisioner from the release; its 404 keeps its reason.
    const first = await request(backend.server).get(
      `/api/ksml/definition?${query('&revision=1')}`,
    );
    expect(first.body).toMatchObject({
      revision: 1,
      status: 'superseded',
      definitions: { 'sensor-inspector': stag.definition },
      schemas: stag.schemas,
      replicas: 2,
    });
    const missing = await request(backend.server).get(
      `/api/ksml/definition?${query('&revision=9')}`,
    );
    expect([missing.status, missing.body.error.reason]).toEqual([
      404,
      'RevisionNotFound',
    ]);

    const rendered = await request(backend.server)
      .post('/api/ksml/render')
      .send(stag);
    expect(rendered.body).toMatchObject({
      namespace: stagNs,
      chart: { kind: 'oci' },
    });

    const undeployed = await request(backend.server).delete(
      `/api/ksml/deploy?${query()}`,
    );
    expect(undeployed.status).toBe(200);
    const gone = await request(backend.server).get(
      `/api/ksml/status?${query()}`,
    );
    expect(gone.status).toBe(404);
    expect(gone.body.error.name).toBe('NotFoundError');
    // The provisioner's reason code, relayed by the backend.
    expect(gone.body.error.reason).toBe('NotDeployed');
    // The dev environment is still served by the cluster directly.
    const dev = await request(backend.server)
      .post('/api/ksml/deploy')
      .send({ ...readmeDeployRequest, application: 'direct' });
    expect(dev.body.helm.namespace).toBe(devNs);
  }, 300_000);

  it('says so when the provisioner refuses the configured credentials', async () => {
    const wrong = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              environments: {
                stag: {
                  provisioner: {
                    url: provisioner.url,
                    auth: { ...credentials, password: 'wrong' },
                    caFile: env.registry.caFile,
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const res = await request(wrong.server).get(
        `/api/ksml/status?${query()}`,
      );
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        `The KSML provisioner at ${provisioner.url} refused the backend's credentials`,
      );
    } finally {
      await wrong.stop();
    }
  });
  it('keeps the meaning of its errors: 400 from the provisioner, 503 naming it when it is down', async () => {
    const bad = await request(backend.server)
      .post('/api/ksml/deploy')
      .send({
        ...stag,
        schemas: [{ schemaFileName: 'ksml-runner.yaml', schemaBody: '{}' }],
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('ksml-runner.yaml');

    await provisioner.stop();
    const down = await request(backend.server).get(
      `/api/ksml/status?${query()}`,
    );
    expect(down.status).toBe(503);
    expect(down.body.error.message).toContain(
      `The KSML provisioner at ${provisioner.url} is unreachable`,
    );
  }, 60_000);
});
