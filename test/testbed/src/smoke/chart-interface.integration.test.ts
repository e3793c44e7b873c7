import { parse } from 'yaml';
import { loadTestbedEnv, TestbedEnv } from '../env';
import { tempHelmHome } from '../helm';
import { RenderedObject, renderChart, smokeValues } from './chart';

// The public KSML chart (1.3.0, as it is) rendered by the real helm binary: these renders pin the
// parts of its interface our provisioner relies on (docs/chart-compatibility.md), so a KSML
// release whose chart drifts from them fails here.
describe('KSML chart interface', () => {
  let env: TestbedEnv;
  let helmHome: Awaited<ReturnType<typeof tempHelmHome>>;

  beforeAll(async () => {
    env = loadTestbedEnv();
    helmHome = await tempHelmHome();
  }, 60_000);
  afterAll(() => helmHome?.cleanup());

  const render = (release: string, values: Record<string, unknown>) =>
    renderChart(env, helmHome.home, { release, values });
  const find = (objects: RenderedObject[], kind: string) =>
    objects.filter(o => o.kind === kind);

  it("renders the public chart's objects, names, labels, volumes and env", async () => {
    const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';
    const { result, objects } = await render(release, {
      ...smokeValues({ deploymentMode: 'StatefulSet', replicas: 2 }),
      schemaDefinitions: {
        'SensorData.avsc': '{"type": "record", "name": "SensorData"}',
      },
      podSecurityContext: { fsGroup: 0 },
    });
    expect(result).toMatchObject({ code: 0 });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      `ConfigMap/${release}-logging`,
      `ConfigMap/${release}-runner`,
      `Service/${release}`,
      `Service/${release}-headless`,
      `ServiceAccount/${release}`,
      `StatefulSet/${release}`,
    ]);

    const [sts] = find(objects, 'StatefulSet');
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.serviceName).toBe(`${release}-headless`);
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(sts.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'ksml',
      'app.kubernetes.io/instance': release,
    });
    expect(sts.spec.template.metadata.annotations['checksum/config']).toMatch(
      /^[0-9a-f]{64}$/,
    );
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toEqual({ fsGroup: 0 });
    const [container] = pod.containers;
    expect(container.name).toBe('ksml');
    expect(container.workingDir).toBe('/ksml');
    expect(container.args).toBeUndefined();
    expect(container.env.map((e: { name: string }) => e.name)).toEqual([
      'KSML_K8S_POD_NAME',
      'KSML_GROUP_INSTANCE_ID',
      'LOGBACK_CONFIGURATION_FILE',
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'ksml-config', mountPath: '/ksml' },
      { name: 'ksml-logging', mountPath: '/ksml-logging' },
      { name: 'ksml-store', mountPath: '/ksml-store' },
    ]);
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/ready',
      port: 'http',
    });
    // Without store.spec the store is an emptyDir of 10 MiB.
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(pod.volumes).toContainEqual({
      name: 'ksml-store',
      emptyDir: { sizeLimit: '10Mi' },
    });

    const cm = find(objects, 'ConfigMap').find(
      o => o.metadata.name === `${release}-runner`,
    )!;
    expect(Object.keys(cm.data).sort()).toEqual([
      'SensorData.avsc',
      'inspector.yaml',
      'ksml-metrics-config.yml',
      'ksml-runner.yaml',
    ]);
    const runner = parse(cm.data['ksml-runner.yaml'], { uniqueKeys: true });
    expect(runner.ksml).toMatchObject({
      configDirectory: '/ksml',
      storageDirectory: '/ksml-store/data',
      enableProducers: true,
      enablePipelines: true,
      errorHandling: { consume: { handler: 'stopOnFail' } },
      prometheus: { configFile: '/ksml/ksml-metrics-config.yml' },
      definitions: { inspector: 'inspector.yaml' },
    });
    expect(runner.ksml.definitionDirectory).toBeUndefined();
    expect(Object.keys(runner.kafka)).toEqual([
      'config.providers',
      'config.providers.env.class',
      'group.instance.id',
      'application.id',
      'bootstrap.servers',
    ]);

    const other = await render(
      'orders',
      smokeValues({ deploymentMode: 'StatefulSet' }),
    );
    expect(find(other.objects, 'StatefulSet')[0].metadata.name).toBe(
      'orders-ksml',
    );
  }, 30_000);

  it('renders a Job without probes, with backoffLimit 0, the 10 MiB store even with store.spec, and the Services', async () => {
    const { result, objects } = await render('batch-ksml', {
      ...smokeValues({ deploymentMode: 'Job', store: true }),
      deploymentMode: 'job',
    });
    expect(result).toMatchObject({ code: 0 });
    expect(find(objects, 'StatefulSet')).toHaveLength(0);
    expect(find(objects, 'Service')).toHaveLength(2);
    const [job] = find(objects, 'Job');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.ttlSecondsAfterFinished).toBe(259200);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].readinessProbe).toBeUndefined();
    expect(pod.volumes).toContainEqual({
      name: 'ksml-store',
      emptyDir: { sizeLimit: '10Mi' },
    });
  }, 30_000);

  it('claims ksml-store-<fullname>-N per replica when store.spec is set', async () => {
    const { objects } = await render(
      'stateful-ksml',
      smokeValues({ deploymentMode: 'StatefulSet', store: true }),
    );
    const [sts] = find(objects, 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('ksml-store');
    expect(
      sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    ).toBe('1Gi');
    expect(
      sts.spec.template.spec.volumes.find(
        (v: { name: string }) => v.name === 'ksml-store',
      ),
    ).toBeUndefined();
  }, 30_000);

  it('has no value for env or secrets: an unknown value changes nothing', async () => {
    const plain = await render(
      'plain-ksml',
      smokeValues({ deploymentMode: 'StatefulSet' }),
    );
    const extra = await render('plain-ksml', {
      ...smokeValues({ deploymentMode: 'StatefulSet' }),
      extraEnv: [{ name: 'X', value: 'y' }],
      env: [{ name: 'X', value: 'y' }],
      kafkaSecret: { properties: { 'sasl.jaas.config': 'secret' } },
    });
    expect(extra.result).toMatchObject({ code: 0 });
    expect(extra.objects).toEqual(plain.objects);
  }, 30_000);

  it.each([
    [
      'no definitions',
      { ksmlRunnerConfig: { definitions: {} } },
      "- at '/ksmlRunnerConfig/definitions': minProperties: got 0, want 1",
    ],
    [
      'no bootstrap.servers',
      { ksmlRunnerConfig: { kafka: { 'application.id': 'x' } } },
      "- at '/ksmlRunnerConfig/kafka': missing property 'bootstrap.servers'",
    ],
    [
      'an unknown deploymentMode',
      { deploymentMode: 'Deployment' },
      "- at '/deploymentMode': 'Deployment' does not match pattern",
    ],
    [
      'prometheus.port as a number',
      { prometheus: { port: 9999 } },
      "- at '/prometheus/port': got number, want string",
    ],
  ])(
    'refuses %s with the schema path, as the public chart does',
    async (_case, override, message) => {
      const base = smokeValues({ deploymentMode: 'StatefulSet' });
      const values = {
        ...base,
        ...override,
        ksmlRunnerConfig: {
          ...(base.ksmlRunnerConfig as object),
          ...((override as { ksmlRunnerConfig?: object }).ksmlRunnerConfig ??
            {}),
        },
      };
      const { result } = await render('bad-ksml', values);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(message);
    },
    30_000,
  );
});
