import type { V1Container, V1EnvVar } from '@kubernetes/client-node';
import {
  DeployRequest,
  deployRequestSchema,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  helmReleasesIn,
  loadTestbedEnv,
  secretFreeSurfaces,
  surfacesHolding,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { HelmCli } from '../helm/HelmCli';
import { KsmlLogger, LogMeta } from '../logger';
import { KsmlProvisioner } from './KsmlProvisioner';

// Integration: what the provisioner deploys runs on the public KSML chart as it is
// (docs/chart-compatibility.md): secret Kafka properties reach
// the runner through env vars from a Secret of ours (a Helm post-renderer adds them), never a
// ConfigMap or Helm's records; bad input is refused before Helm with the path.
describe('chart compatibility against the test bed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;
  const logged: string[] = [];
  const logger: KsmlLogger = {
    info: (m: string, meta?: LogMeta) => logged.push(m, JSON.stringify(meta)),
    warn: (m: string, meta?: LogMeta) => logged.push(m, JSON.stringify(meta)),
    error: (m: string, meta?: LogMeta) => logged.push(m, JSON.stringify(meta)),
  };
  const responses: unknown[] = [];

  // Distinctive secret values: made per run, so a hit can only be a leak.
  const token = () => randomBytes(9).toString('hex');
  const saslPassword = `sasl-${token()}`;
  const keystorePassword = `keystore-${token()}`;
  const keyPassword = `key-${token()}`;
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="${saslPassword}";`;
  const laterSecrets: string[] = [];
  const secretValues = () =>
    [
      saslPassword,
      keystorePassword,
      keyPassword,
      jaas,
      ...laterSecrets,
    ].flatMap(v => [v, Buffer.from(v).toString('base64')]);

  const target = () => testbedTarget(env, namespace);
  const made: KsmlProvisioner[] = [];
  const makeProvisioner = (customValues?: Record<string, unknown>) => {
    const created = KsmlProvisioner.create({
      helm,
      resolveTarget: target,
      customValues,
      logger,
    });
    made.push(created);
    return created;
  };
  const request = (override: Record<string, unknown> = {}): DeployRequest =>
    deployRequestSchema.parse({ ...readmeDeployRequest, ...override });
  const release = (application: string) =>
    `dizzl-sandbox-dev-${application}-ksml`;

  const waitForStatus = (
    ref: DeployRequest,
    wanted: string[],
  ): Promise<KsmlStatusResponse> =>
    waitFor(
      async () => {
        const status = await provisioner.status(ref);
        responses.push(status);
        return wanted.includes(status.kubernetes.status) ? status : undefined;
      },
      {
        description: `${ref.application} to be ${wanted.join(' or ')}`,
        timeoutMs: 90_000,
      },
    );

  const deploy = async (app: DeployRequest) => {
    const result = await provisioner.deploy(app);
    responses.push(result);
    return result;
  };

  const container = async (app: string, kind: 'StatefulSet' | 'Job') => {
    const workload =
      kind === 'StatefulSet'
        ? await kube.apps.readNamespacedStatefulSet({
            name: release(app),
            namespace,
          })
        : await kube.batch.readNamespacedJob({ name: release(app), namespace });
    return workload.spec!.template.spec!.containers.find(
      c => c.name === 'ksml',
    ) as V1Container;
  };

  /** The runner configuration, parsed with duplicate keys as errors (runner 2.0 refuses them). */
  const runnerConfig = async (app: string) => {
    const cm = await kube.core.readNamespacedConfigMap({
      name: `${release(app)}-runner`,
      namespace,
    });
    return {
      keys: Object.keys(cm.data ?? {}).sort(),
      config: parse(cm.data!['ksml-runner.yaml'], { uniqueKeys: true }),
    };
  };

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'chart-compat');
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 120,
    });
    provisioner = makeProvisioner();
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await Promise.all(made.map(p => p.close()));
    await helm?.close();
  }, 60_000);

  it("deploys the readme's sample: the public chart's objects, runner keys and the chart's own Kafka lines", async () => {
    const sample = request({ replicas: 2 });
    await deploy(sample);
    await waitForStatus(sample, ['Running']);

    const { keys, config } = await runnerConfig('sensor-inspector');
    expect(keys).toEqual([
      'SensorData.avsc',
      'ksml-metrics-config.yml',
      'ksml-runner.yaml',
      'sensor-inspector.yaml',
    ]);
    // The runner's own keys, not the values' names.
    expect(Object.keys(config.ksml).sort()).toEqual([
      'applicationServer',
      'configDirectory',
      'createStorageDirectory',
      'definitions',
      'enablePipelines',
      'enableProducers',
      'errorHandling',
      'notations',
      'prometheus',
      'schemaDirectory',
      'schemaRegistries',
      'storageDirectory',
    ]);
    expect(config.ksml.definitions).toEqual({
      'sensor-inspector': 'sensor-inspector.yaml',
    });
    expect(Object.entries(config.kafka).slice(0, 3)).toEqual([
      ['config.providers', 'env'],
      [
        'config.providers.env.class',
        'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      ],
      ['group.instance.id', '${env:KSML_GROUP_INSTANCE_ID}'],
    ]);

    const ksml = await container('sensor-inspector', 'StatefulSet');
    expect(ksml.env?.map(e => e.name)).toEqual([
      'KSML_K8S_POD_NAME',
      'KSML_GROUP_INSTANCE_ID',
      'LOGBACK_CONFIGURATION_FILE',
    ]);
    const sts = await kube.apps.readNamespacedStatefulSet({
      name: release('sensor-inspector'),
      namespace,
    });
    expect(sts.spec?.serviceName).toBe(
      `${release('sensor-inspector')}-headless`,
    );
    expect(sts.spec?.template.spec?.volumes).toContainEqual(
      expect.objectContaining({
        name: 'ksml-store',
        emptyDir: { sizeLimit: '10Mi' },
      }),
    );
    // No Secret of ours for an app without secret properties.
    await expect(
      kube.core.readNamespacedSecret({
        name: `${release('sensor-inspector')}-kafka`,
        namespace,
      }),
    ).rejects.toMatchObject({ code: 404 });
  }, 120_000);

  it.each([
    [
      'SASL',
      'sasl-app',
      {
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': jaas,
      },
    ],
    [
      'mTLS',
      'mtls-app',
      {
        'security.protocol': 'SSL',
        'ssl.keystore.location': '/etc/kafka/keystore.p12',
        'ssl.keystore.password': keystorePassword,
        'ssl.key.password': keyPassword,
      },
    ],
  ])(
    'delivers %s secrets as env vars from a Secret of ours, referenced as ${env:…}',
    async (_name, app, props) => {
      const secure = request({
        application: app,
        replicas: 2,
        kafkaProperties: { 'bootstrap.servers': 'broker:9093', ...props },
      });
      const deployed = await deploy(secure);
      const secretKeys = Object.keys(props)
        .filter(k => /password|jaas/.test(k))
        .sort();
      expect(deployed.secretProperties).toEqual(secretKeys);
      await waitForStatus(secure, ['Running']);

      const { config } = await runnerConfig(app);
      const ksml = await container(app, 'StatefulSet');
      const secret = await kube.core.readNamespacedSecret({
        name: `${release(app)}-kafka`,
        namespace,
      });
      for (const key of secretKeys) {
        // The runner config holds a reference to an env var ...
        const reference = /^\$\{env:(KSML_SECRET_[A-Z0-9_]+)\}$/.exec(
          config.kafka[key],
        );
        expect(reference).not.toBeNull();
        // ... which the ksml container reads from that key of our Secret ...
        const envVar = ksml.env?.find(
          e => e.name === reference![1],
        ) as V1EnvVar;
        expect(envVar.valueFrom?.secretKeyRef).toEqual({
          name: `${release(app)}-kafka`,
          key,
        });
        // ... which holds the value.
        expect(Buffer.from(secret.data![key], 'base64').toString('utf8')).toBe(
          (props as Record<string, string>)[key],
        );
      }
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(secretKeys);
      expect(secret.metadata?.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'ksml-provisioner',
        'app.kubernetes.io/instance': release(app),
      });
    },
    120_000,
  );

  it('runs Job mode and storage on the chart as it is', async () => {
    const job = request({ application: 'batch-job', deploymentMode: 'Job' });
    await deploy(job);
    await waitForStatus(job, ['Running', 'Completed']);
    const jobObject = await kube.batch.readNamespacedJob({
      name: release('batch-job'),
      namespace,
    });
    expect(jobObject.spec?.backoffLimit).toBe(0);
    expect(jobObject.spec?.template.spec?.volumes).toContainEqual(
      expect.objectContaining({
        name: 'ksml-store',
        emptyDir: { sizeLimit: '10Mi' },
      }),
    );

    const stored = request({
      application: 'stored-app',
      storage: { size: '1Gi' },
    });
    await deploy(stored);
    await waitForStatus(stored, ['Running']);
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({
      name: `ksml-store-${release('stored-app')}-0`,
      namespace,
    });
    expect(claim.spec?.resources?.requests?.storage).toBe('1Gi');
  }, 180_000);

  it('deploys several definitions, each in its namespace, with a warning for state kept in the 10 MiB store', async () => {
    const counting = [
      'streams:',
      '  sensors: {topic: ksml_sensordata_avro, keyType: string, valueType: string}',
      '  sensor_counts: {topic: ksml_sensor_counts, keyType: string, valueType: long}',
      'pipelines:',
      '  count_sensors:',
      '    from: sensors',
      '    via: [{type: groupByKey}, {type: count}, {type: toStream}]',
      '    to: sensor_counts',
    ].join('\n');
    const several = request({
      application: 'multi-app',
      definition: undefined,
      definitions: { inspect: readmeDeployRequest.definition, count: counting },
    });
    const deployed = await deploy(several);
    expect(deployed.warnings).toHaveLength(1);
    expect(deployed.warnings[0]).toContain(
      'count: pipelines.count_sensors.via[1] (count)',
    );
    expect(deployed.warnings[0]).toContain('10 MiB emptyDir');
    await waitForStatus(several, ['Running']);
    const { keys, config } = await runnerConfig('multi-app');
    expect(config.ksml.definitions).toEqual({
      inspect: 'inspect.yaml',
      count: 'count.yaml',
    });
    expect(keys).toEqual(
      expect.arrayContaining(['count.yaml', 'inspect.yaml']),
    );
  }, 120_000);

  it('updates a changed secret and rolls the pods; undeploy leaves no Secret of ours', async () => {
    const app = 'sasl-app';
    const before = await kube.core.listNamespacedPod({
      namespace,
      labelSelector: `app.kubernetes.io/instance=${release(app)}`,
    });
    const rotated = `rotated-${token()}`;
    const secure = request({
      application: app,
      replicas: 2,
      kafkaProperties: {
        'bootstrap.servers': 'broker:9093',
        'security.protocol': 'SASL_SSL',
        'sasl.jaas.config': jaas.replace(saslPassword, rotated),
      },
    });
    await deploy(secure);
    const secret = await kube.core.readNamespacedSecret({
      name: `${release(app)}-kafka`,
      namespace,
    });
    expect(
      Buffer.from(secret.data!['sasl.jaas.config'], 'base64').toString(),
    ).toContain(rotated);
    // The pods carry the new Secret version: the StatefulSet replaced them.
    const version = secret.metadata!.resourceVersion!;
    const oldNames = new Set(before.items.map(p => p.metadata?.uid));
    await waitFor(
      async () => {
        const pods = await kube.core.listNamespacedPod({
          namespace,
          labelSelector: `app.kubernetes.io/instance=${release(app)}`,
        });
        const rolled = pods.items.filter(
          p =>
            !oldNames.has(p.metadata?.uid) &&
            p.metadata?.annotations?.['ksml-backstage/kafka-secret-version'] ===
              version,
        );
        return rolled.length === 2 ? rolled : undefined;
      },
      {
        description: 'both pods replaced with the new secret',
        timeoutMs: 90_000,
      },
    );
    await waitForStatus(secure, ['Running']);

    // The same secret again: not rewritten, so the pods stay.
    await deploy(secure);
    const same = await kube.core.readNamespacedSecret({
      name: `${release(app)}-kafka`,
      namespace,
    });
    expect(same.metadata?.resourceVersion).toBe(version);

    responses.push(await provisioner.undeploy(secure));
    await expect(
      kube.core.readNamespacedSecret({
        name: `${release(app)}-kafka`,
        namespace,
      }),
    ).rejects.toMatchObject({ code: 404 });
    laterSecrets.push(rotated); // scanned below with the rest
  }, 180_000);

  it('refuses bad input with a 400 naming the path, before Helm: nothing applied', async () => {
    const before = await helmReleasesIn(env, namespace);
    const refuse = async (
      p: KsmlProvisioner,
      app: DeployRequest,
      message: string,
    ) => {
      const error = await p.deploy(app).then(
        () => undefined,
        e => e,
      );
      expect(error).toMatchObject({ name: 'InputError' });
      expect(error.message).toContain(message);
    };
    await refuse(
      provisioner,
      request({
        application: 'reserved-a',
        schemas: [{ schemaFileName: 'ksml-runner.yaml', schemaBody: '{}' }],
      }),
      'schemas[0].schemaFileName: "ksml-runner.yaml" is a file the KSML chart writes itself',
    );
    await refuse(
      provisioner,
      request({
        application: 'reserved-b',
        schemas: [
          { schemaFileName: 'ksml-metrics-config.yml', schemaBody: '{}' },
        ],
      }),
      'schemas[0].schemaFileName: "ksml-metrics-config.yml"',
    );
    await refuse(
      provisioner,
      request({ application: 'ksml-runner' }),
      'application: names the definition file "ksml-runner.yaml"',
    );
    await refuse(
      provisioner,
      request({
        application: 'dup-key',
        kafkaProperties: {
          'bootstrap.servers': 'b:1',
          'config.providers': 'file',
        },
      }),
      'kafkaProperties["config.providers"]: is set by the KSML chart itself',
    );
    // A wrongly typed custom value and a schema violation, from the chart's own schema.
    await refuse(
      makeProvisioner({ prometheus: { enabled: true, port: 9999 } }),
      request({ application: 'typed-app' }),
      'prometheus.port: must be a string (got integer) (set in the custom values file)',
    );
    await refuse(
      makeProvisioner({ job: { ttlSecondsAfterFinished: -5 } }),
      request({ application: 'ttl-app', deploymentMode: 'Job' }),
      'job.ttlSecondsAfterFinished: must be >= 0',
    );
    expect(await helmReleasesIn(env, namespace)).toEqual(before);
    for (const app of [
      'reserved-a',
      'reserved-b',
      'ksml-runner',
      'dup-key',
      'typed-app',
      'ttl-app',
    ]) {
      await expect(
        kube.core.readNamespacedSecret({
          name: `${release(app)}-kafka`,
          namespace,
        }),
      ).rejects.toMatchObject({ code: 404 });
    }
  }, 120_000);

  it('translates a chart refusal that gets past our checks into a 400, and takes its Secret back', async () => {
    // The public chart cannot render topologySpreadConstraints:
    // the schema allows it, so only Helm finds out.
    const spread = makeProvisioner({
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
      ],
    });
    const app = request({
      application: 'spread-app',
      kafkaProperties: { 'bootstrap.servers': 'b:1', 'sasl.jaas.config': jaas },
    });
    await expect(spread.deploy(app)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('topologySpreadConstraints'),
    });
    await expect(
      kube.core.readNamespacedSecret({
        name: `${release('spread-app')}-kafka`,
        namespace,
      }),
    ).rejects.toMatchObject({ code: 404 });

    // Helm's own schema failure (values our validator did not see) names the paths too.
    await expect(
      helm.upgradeInstall({
        release: 'raw-ksml',
        target: target(),
        values: { prometheus: { port: 1 }, replicaCount: 'two' },
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /values\.schema\.json refuses the values: .*prometheus\.port: got number, want string/,
      ),
    });
  }, 120_000);

  it('renders GitOps values with the same secret delivery, applying nothing', async () => {
    const app = request({
      application: 'gitops-app',
      kafkaProperties: { 'bootstrap.servers': 'b:1', 'sasl.jaas.config': jaas },
    });
    const rendered = await provisioner.render(app);
    responses.push(rendered);
    expect(rendered.secretName).toBe(`${release('gitops-app')}-kafka`);
    expect(rendered.secretProperties).toEqual(['sasl.jaas.config']);
    expect(rendered.postRenderPatches).toHaveLength(1);
    expect(rendered.postRenderPatches[0].target).toMatchObject({
      kind: 'StatefulSet',
      name: release('gitops-app'),
    });
    expect(await helmReleasesIn(env, namespace)).not.toContain(
      release('gitops-app'),
    );
  });

  it('leaves no secret value in any ConfigMap, Helm release (values and manifest), log or response', async () => {
    const surfaces = await secretFreeSurfaces(kube, namespace);
    expect(Object.keys(surfaces).some(s => s.startsWith('Helm release'))).toBe(
      true,
    );
    surfaces.logs = logged.join('\n');
    surfaces.responses = JSON.stringify(responses);
    expect(surfacesHolding(surfaces, secretValues())).toEqual([]);
    // The check can fail: the secret is where it belongs.
    expect(
      surfacesHolding({ secret: `x ${saslPassword} y` }, secretValues()),
    ).toEqual(['secret']);
  });
});
