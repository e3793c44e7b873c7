import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  helmReleasesIn,
  secretFreeSurfaces,
  surfacesHolding,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import request from 'supertest';
import { ksmlPlugin } from './plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Integration: the real plugin in a test backend, against the real test bed (kwok cluster,
// helm, TLS + htpasswd OCI registry). Two environments map to two namespaces. Permissions and
// audit with a fake service: router.test.ts.
describe('KSML backend routes against the test bed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let devNs: string;
  let stagNs: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;

  const config = () => ({
    ksml: {
      chart: {
        ...testbedChartConfig(env),
        caFile: env.registry.caFileBase64, // the readme's base64-encoded PEM form
      },
      helm: { binary: env.helmBinary, timeoutSeconds: 120 },
      cluster: testbedClusterConfig(env),
      environments: { dev: { namespace: devNs }, stag: { namespace: stagNs } },
    },
  });

  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
  };
  const query = (r: Record<string, string> = ref) =>
    new URLSearchParams(r).toString();

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    devNs = await createTestNamespace(kube, 'backend-dev');
    stagNs = await createTestNamespace(kube, 'backend-stag');
    const backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        mockServices.rootConfig.factory({ data: config() }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  }, 60_000);

  afterAll(async () => {
    await stopBackend?.();
    for (const name of [devNs, stagNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
  }, 60_000);

  const statusOf = (r: Record<string, string>) =>
    request(server).get(`/api/ksml/status?${query(r)}`);
  const waitForStatus = (r: Record<string, string>, wanted: string) =>
    waitFor(
      async () => {
        const res = await statusOf(r);
        return res.status === 200 && res.body.kubernetes.status === wanted
          ? res.body
          : undefined;
      },
      {
        description: `${r.application} in ${r.environment} to be ${wanted}`,
        timeoutMs: 90_000,
      },
    );

  it("deploys the readme's sample with 2 replicas; status, logs, metrics and history answer", async () => {
    const deploy = await request(server)
      .post('/api/ksml/deploy')
      .send({ ...readmeDeployRequest, replicas: 2 });
    expect(deploy.status).toBe(200);
    expect(deploy.body.helm).toMatchObject({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      chart: 'ksml',
      namespace: devNs,
      revision: 1,
      status: 'deployed',
    });

    const status = await waitForStatus(ref, 'Running');
    expect(status.kubernetes).toMatchObject({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      replicas: 2,
      readyReplicas: 2,
    });
    expect(Object.keys(status.helm).sort()).toEqual([
      'appVersion',
      'chart',
      'deployedAt',
      'name',
      'namespace',
      'revision',
      'status',
      'version',
    ]);

    const logs = await request(server).get(
      `/api/ksml/logs?${query({ ...ref, tailLines: '3' })}`,
    );
    expect(logs.status).toBe(200);
    expect(logs.body.tailLines).toBe(3);
    expect(
      logs.body.logs.map((l: { replicaName: string }) => l.replicaName),
    ).toEqual(['0', '1']);
    expect(logs.body.logs[1].lines.trim().split('\n')).toHaveLength(3);

    const metrics = await waitFor(
      async () => {
        const res = await request(server).get(
          `/api/ksml/metrics?${query({
            ...ref,
            deploymentMode: 'StatefulSet',
          })}`,
        );
        // Both replicas measured: metrics-server scrapes new pods one by one.
        return res.status === 200 && res.body.replicas?.length === 2
          ? res.body
          : undefined;
      },
      { description: 'metrics', timeoutMs: 150_000, intervalMs: 5000 },
    );
    expect(metrics.memory).toEqual({ usedMb: '1024' });
    expect(Number(metrics.cpu.usedMillicores)).toBeGreaterThan(400);

    const history = await request(server).get(`/api/ksml/history?${query()}`);
    expect(history.body.items[0]).toMatchObject({
      operation: 'deploy',
      outcome: 'succeeded',
      revision: 1,
    });
    expect(
      history.body.items[0].request.kafkaProperties['bootstrap.servers'],
    ).toBe('broker:9093');

    const apps = await request(server).get('/api/ksml/apps');
    expect(
      apps.body.items.map((a: { release: string }) => a.release),
    ).toContain('dizzl-sandbox-dev-sensor-inspector-ksml');
  }, 300_000);

  it('redeploys a changed definition as the next revision', async () => {
    const res = await request(server)
      .post('/api/ksml/deploy')
      .send({
        ...readmeDeployRequest,
        replicas: 2,
        definition: readmeDeployRequest.definition.replace(
          'consume_avro',
          'consume_v2',
        ),
      });
    expect(res.status).toBe(200);
    expect(res.body.helm.revision).toBe(2);
  }, 120_000);

  it('redeploys the last recorded desired state; 404 when nothing was recorded', async () => {
    const res = await request(server).post('/api/ksml/redeploy').send(ref);
    expect(res.status).toBe(200);
    expect(res.body.helm.revision).toBe(3);
    const cm = await kube.core.readNamespacedConfigMap({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml-runner',
      namespace: devNs,
    });
    expect(cm.data?.['sensor-inspector.yaml']).toContain('consume_v2');

    const none = await request(server)
      .post('/api/ksml/redeploy')
      .send({ ...ref, application: 'never-deployed' });
    expect(none.status).toBe(404);
    expect(none.body.error.reason).toBe('NothingToRedeploy');
  }, 120_000);

  it('serializes concurrent deploys of one release: both succeed, one revision after the other', async () => {
    const body = { ...readmeDeployRequest, application: 'concurrent' };
    const [a, b] = await Promise.all([
      request(server).post('/api/ksml/deploy').send(body),
      request(server).post('/api/ksml/deploy').send(body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.helm.revision, b.body.helm.revision].sort()).toEqual([1, 2]);
  }, 120_000);

  it('deploys to a second environment mapped to another namespace', async () => {
    const res = await request(server)
      .post('/api/ksml/deploy')
      .send({ ...readmeDeployRequest, environment: 'stag' });
    expect(res.status).toBe(200);
    expect(res.body.helm).toMatchObject({
      name: 'dizzl-sandbox-stag-sensor-inspector-ksml',
      namespace: stagNs,
    });
    await waitForStatus({ ...ref, environment: 'stag' }, 'Running');
  }, 120_000);

  it('runs Job mode to Completed', async () => {
    const job = { ...ref, application: 'producer' };
    const res = await request(server)
      .post('/api/ksml/deploy')
      .send({
        ...readmeDeployRequest,
        application: 'producer',
        deploymentMode: 'Job',
      });
    expect(res.status).toBe(200);
    const status = await waitForStatus(job, 'Completed');
    expect(status.kubernetes.deploymentMode).toBe('Job');
  }, 120_000);

  it('undeploys: 200, then status 404 with a message', async () => {
    const res = await request(server).delete(`/api/ksml/deploy?${query()}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      namespace: devNs,
      deletedClaims: [],
    });
    const gone = await statusOf(ref);
    expect(gone.status).toBe(404);
    expect(gone.body.error.reason).toBe('NotDeployed');
    expect(gone.body.error.message).toBe(
      `dizzl-sandbox-dev-sensor-inspector-ksml is not deployed in namespace ${devNs}`,
    );
  }, 120_000);

  it('keeps the store PVCs on undeploy unless deleteStorage=true', async () => {
    const stateful = { ...ref, application: 'stateful' };
    const claimsOf = async () =>
      (
        await kube.core.listNamespacedPersistentVolumeClaim({
          namespace: devNs,
          labelSelector:
            'app.kubernetes.io/instance=dizzl-sandbox-dev-stateful-ksml',
        })
      ).items.map(c => c.metadata?.name);
    const deploy = () =>
      request(server)
        .post('/api/ksml/deploy')
        .send({
          ...readmeDeployRequest,
          application: 'stateful',
          storage: { size: '1Gi' },
        });

    expect((await deploy()).status).toBe(200);
    await waitForStatus(stateful, 'Running');
    expect(await claimsOf()).toEqual([
      'ksml-store-dizzl-sandbox-dev-stateful-ksml-0',
    ]);

    const kept = await request(server).delete(
      `/api/ksml/deploy?${query(stateful)}`,
    );
    expect(kept.status).toBe(200);
    expect(await claimsOf()).toEqual([
      'ksml-store-dizzl-sandbox-dev-stateful-ksml-0',
    ]);

    expect((await deploy()).status).toBe(200);
    const removed = await request(server).delete(
      `/api/ksml/deploy?${query({ ...stateful, deleteStorage: 'true' })}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.deletedClaims).toEqual([
      'ksml-store-dizzl-sandbox-dev-stateful-ksml-0',
    ]);
    await waitFor(
      async () => ((await claimsOf()).length === 0 ? true : undefined),
      {
        description: 'the PVC to be deleted',
        timeoutMs: 30_000,
      },
    );
  }, 180_000);

  describe('bad input: 400 naming the field, nothing applied', () => {
    const releasesIn = (namespace: string) => helmReleasesIn(env, namespace);

    it.each([
      [{ tenant: 'Dizzl' }, 'tenant: must be lowercase'],
      [{ replicas: 500 }, 'replicas: must be at most 50'],
      [
        { definition: 'pipelines:\n  p:\n    to: x\n' },
        'definition: is not a valid KSML definition: line 2: pipelines.p.from: is required',
      ],
      [
        { definition: 'streams: [' },
        'definition: is not a valid KSML definition: line 1: YAML syntax',
      ],
      [
        {
          definition: [
            'streams:',
            '  sensor_source: {topic: s, keyType: string, valueType: json}',
            'pipelines:',
            '  p:',
            '    from: sensor_sourc',
            '    via:',
            '      - type: mapValues',
            '        mapper: to_upper',
            '    to: sensor_source',
          ].join('\n'),
        },
        'definition: is not a valid KSML definition: line 5: pipelines.p.from: "sensor_sourc" is not a stream, table or globalTable of this definition, nor an earlier pipeline\'s result (did you mean "sensor_source"?); line 8: pipelines.p.via[0].mapper: "to_upper" is not a function of this definition',
      ],
      [
        { kafkaProperties: { 'application.id': 'x' } },
        'kafkaProperties: must hold bootstrap.servers',
      ],
      [
        { schemas: [{ schemaFileName: 'a/b.avsc', schemaBody: '{}' }] },
        'schemas[0].schemaFileName: must be a file name',
      ],
      [
        { environment: 'prod' },
        'environment: "prod" is not configured; use one of dev, stag',
      ],
      [
        {
          schemas: [
            { schemaFileName: 'a.avsc', schemaBody: '{}' },
            { schemaFileName: 'a.avsc', schemaBody: '{}' },
          ],
        },
        'schemas[1].schemaFileName: "a.avsc" is used twice',
      ],
      [
        {
          schemas: [
            { schemaFileName: 'ksml-metrics-config.yml', schemaBody: '{}' },
          ],
        },
        'schemas[0].schemaFileName: "ksml-metrics-config.yml" is a file the KSML chart writes itself',
      ],
      [
        {
          kafkaProperties: {
            'bootstrap.servers': 'b:1',
            'group.instance.id': 'one-for-all',
          },
        },
        'kafkaProperties["group.instance.id"]: is set by the KSML chart itself',
      ],
      [
        {
          schemas: [
            { schemaFileName: 'big.avsc', schemaBody: 'x'.repeat(1_000_001) },
          ],
        },
        'over the 1000000-byte limit of the runner ConfigMap',
      ],
      [{ deploymentMode: 'Deployment' }, 'deploymentMode: must be one of'],
      [
        {
          kafkaProperties: {
            'bootstrap.servers': 'broker:9093',
            'sasl.jaas.config': '***',
          },
        },
        'kafkaProperties["sasl.jaas.config"]: is the redaction marker ***',
      ],
    ])(
      'case %# gets a 400 naming the field',
      async (override, message) => {
        const before = await releasesIn(devNs);
        const res = await request(server)
          .post('/api/ksml/deploy')
          .send({
            ...readmeDeployRequest,
            application: 'bad-input',
            ...override,
          });
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(message);
        expect(await releasesIn(devNs)).toEqual(before);
        expect(before).not.toContain('dizzl-sandbox-dev-bad-input-ksml');
      },
      30_000,
    );

    it('renders for GitOps without applying: no secret values, the Secret and the patches that deliver it; 400 on a bad definition', async () => {
      const secret = 'render-secret-value';
      const before = await releasesIn(devNs);
      const res = await request(server)
        .post('/api/ksml/render')
        .send({
          ...readmeDeployRequest,
          application: 'rendered',
          kafkaProperties: {
            'bootstrap.servers': 'broker:9093',
            'ssl.keystore.password': secret,
          },
        });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(secret);
      expect(res.body).toMatchObject({
        release: 'dizzl-sandbox-dev-rendered-ksml',
        namespace: devNs,
        chart: {
          kind: 'oci',
          url: env.registry.url,
          name: env.chart.name,
          version: env.chart.version,
        },
        secretName: 'dizzl-sandbox-dev-rendered-ksml-kafka',
        secretProperties: ['ssl.keystore.password'],
      });
      expect(res.body.values.ksmlRunnerConfig.kafka).toMatchObject({
        'bootstrap.servers': 'broker:9093',
        'ssl.keystore.password': '${env:KSML_SECRET_SSL_KEYSTORE_PASSWORD}',
      });
      expect(res.body.postRenderPatches).toEqual([
        {
          target: {
            group: 'apps',
            version: 'v1',
            kind: 'StatefulSet',
            name: 'dizzl-sandbox-dev-rendered-ksml',
          },
          patch: expect.stringContaining('key: ssl.keystore.password'),
        },
      ]);
      expect(res.body.warnings).toEqual([]);
      expect(await releasesIn(devNs)).toEqual(before);

      const bad = await request(server)
        .post('/api/ksml/render')
        .send({ ...readmeDeployRequest, definition: 'pipelines:\n  p: {}\n' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('pipelines.p.from: is required');
    });

    it('refuses a bad query on the read routes', async () => {
      const logs = await request(server).get(
        `/api/ksml/logs?${query({ ...ref, tailLines: '0' })}`,
      );
      expect(logs.status).toBe(400);
      expect(logs.body.error.message).toContain('tailLines: must be 1 or more');
      const status = await request(server).get('/api/ksml/status?tenant=dizzl');
      expect(status.status).toBe(400);
      expect(status.body.error.message).toContain('instance: is required');
    });
  });
});

describe('KSML backend secrets and audit', () => {
  it('keeps Kafka secrets out of responses, audit events, history, logs, ConfigMaps and Helm releases', async () => {
    const env = loadTestbedEnv();
    const kube = await connectKube(env);
    const namespace = await createTestNamespace(kube, 'backend-audit');
    const events: unknown[] = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async options => {
        events.push({ created: options.meta, eventId: options.eventId });
        return {
          success: async o => void events.push({ success: o?.meta }),
          fail: async o =>
            void events.push({ fail: o.meta, error: o.error.message }),
        };
      },
    });
    const logLines: string[] = [];
    const logger = mockServices.logger.mock();
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      logger[level].mockImplementation((message: string, meta?: unknown) => {
        logLines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
      });
    }
    logger.child.mockImplementation(() => logger);
    const backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        auditor.factory,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary },
              cluster: testbedClusterConfig(env),
              namespace,
            },
          },
        }),
      ],
    });
    try {
      const secret = 'hunter2-very-secret';
      const res = await request(backend.server)
        .post('/api/ksml/deploy')
        .send({
          ...readmeDeployRequest,
          kafkaProperties: {
            'bootstrap.servers': 'broker:9093',
            'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${secret}";`,
            'ssl.truststore.password': secret,
          },
        });
      expect(res.status).toBe(200);
      expect(res.body.secretProperties).toEqual([
        'sasl.jaas.config',
        'ssl.truststore.password',
      ]);
      expect(JSON.stringify(res.body)).not.toContain(secret);

      expect(events).toEqual([
        expect.objectContaining({ eventId: 'app-deploy' }),
        expect.objectContaining({
          success: expect.objectContaining({
            release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
          }),
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain(secret);

      const history = await request(backend.server).get(
        '/api/ksml/history?tenant=dizzl&instance=sandbox&environment=dev&application=sensor-inspector',
      );
      expect(
        history.body.items[0].request.kafkaProperties['sasl.jaas.config'],
      ).toBe('***');
      expect(JSON.stringify(history.body)).not.toContain(secret);

      // A redeploy from history needs the redacted secrets again.
      const ref = {
        tenant: 'dizzl',
        instance: 'sandbox',
        environment: 'dev',
        application: 'sensor-inspector',
      };
      const without = await request(backend.server)
        .post('/api/ksml/redeploy')
        .send(ref);
      expect(without.status).toBe(400);
      expect(without.body.error.message).toBe(
        'secretKafkaProperties["sasl.jaas.config"], secretKafkaProperties["ssl.truststore.password"]: the recorded request has this secret redacted; send it again',
      );
      const withSecrets = await request(backend.server)
        .post('/api/ksml/redeploy')
        .send({
          ...ref,
          secretKafkaProperties: {
            'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${secret}";`,
            'ssl.truststore.password': secret,
          },
        });
      expect(withSecrets.status).toBe(200);
      expect(withSecrets.body.helm.revision).toBe(2);
      expect(JSON.stringify(withSecrets.body)).not.toContain(secret);

      // The runner gets the secrets as env vars from the app's Secret ...
      const sts = await kube.apps.readNamespacedStatefulSet({
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        namespace,
      });
      const ksml = sts.spec!.template.spec!.containers[0];
      expect(ksml.env).toEqual(
        expect.arrayContaining([
          {
            name: 'KSML_SECRET_SASL_JAAS_CONFIG',
            valueFrom: {
              secretKeyRef: {
                name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
                key: 'sasl.jaas.config',
              },
            },
          },
        ]),
      );
      // ... and the secret is nowhere else: ConfigMaps, Helm's records, the backend's log.
      const surfaces = await secretFreeSurfaces(kube, namespace);
      surfaces['backend log'] = logLines.join('\n');
      expect(logLines.some(l => l.includes('Deployed dizzl-sandbox'))).toBe(
        true,
      );
      expect(surfacesHolding(surfaces, [secret])).toEqual([]);

      // Undeploy removes the Secret with the release.
      const undeployed = await request(backend.server).delete(
        '/api/ksml/deploy?tenant=dizzl&instance=sandbox&environment=dev&application=sensor-inspector',
      );
      expect(undeployed.status).toBe(200);
      await expect(
        kube.core.readNamespacedSecret({
          name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
          namespace,
        }),
      ).rejects.toMatchObject({ code: 404 });
    } finally {
      await backend.stop();
      await kube.core
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
  }, 120_000);
});
