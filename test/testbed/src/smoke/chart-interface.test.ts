import { loadTestbedEnv, TestbedEnv } from '../env';
import { tempHelmHome } from '../helm';
import { RenderedObject, renderChart, smokeValues } from './chart';

// The KSML test chart implements the public chart's values interface (DESIGN.md §5). These
// renders with the real helm binary pin the parts our provisioner relies on.
describe('KSML test chart interface', () => {
  let env: TestbedEnv;
  let helmHome: Awaited<ReturnType<typeof tempHelmHome>>;

  beforeAll(async () => {
    env = loadTestbedEnv();
    helmHome = await tempHelmHome();
  });
  afterAll(() => helmHome?.cleanup());

  const render = (release: string, values: Record<string, unknown>) =>
    renderChart(env, helmHome.home, { release, values });
  const find = (objects: RenderedObject[], kind: string) =>
    objects.filter(o => o.kind === kind);

  it('names everything after a release that contains "ksml", and labels the selector', async () => {
    const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';
    const { result, objects } = await render(release, {
      ...smokeValues({ deploymentMode: 'StatefulSet', replicas: 2 }),
      schemaDefinitions: {
        'SensorData.avsc': '{"type": "record", "name": "SensorData"}',
      },
      podSecurityContext: { fsGroup: 0 },
    });
    expect(result).toMatchObject({ code: 0 });

    const [sts] = find(objects, 'StatefulSet');
    expect(sts.metadata.name).toBe(release);
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'ksml',
      'app.kubernetes.io/instance': release,
    });
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toEqual({ fsGroup: 0 });
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual([
      'ksml',
    ]);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({
      path: '/ready',
      port: 'http',
    });
    // Without store.spec the store is an emptyDir.
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'store', emptyDir: {} });

    const [cm] = find(objects, 'ConfigMap');
    expect(cm.metadata.name).toBe(`${release}-runner`);
    expect(Object.keys(cm.data).sort()).toEqual([
      'SensorData.avsc',
      'inspector.yaml',
      'ksml-runner.yaml',
    ]);

    const other = await render(
      'orders',
      smokeValues({ deploymentMode: 'StatefulSet' }),
    );
    expect(find(other.objects, 'StatefulSet')[0].metadata.name).toBe(
      'orders-ksml',
    );
  }, 30_000);

  it('renders a Job without probes, with backoffLimit 0, and no StatefulSet', async () => {
    const { result, objects } = await render(
      'batch-ksml',
      smokeValues({ deploymentMode: 'Job' }),
    );
    expect(result).toMatchObject({ code: 0 });
    expect(find(objects, 'StatefulSet')).toHaveLength(0);
    const [job] = find(objects, 'Job');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
  }, 30_000);

  it('keeps Kafka secrets in a Secret, never in the runner ConfigMap', async () => {
    const jaas =
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="s3cr3t-\\x";';
    const { result, objects } = await render('secure-ksml', {
      ...smokeValues({ deploymentMode: 'StatefulSet' }),
      kafkaSecret: { properties: { 'sasl.jaas.config': jaas } },
    });
    expect(result).toMatchObject({ code: 0 });

    const [secret] = find(objects, 'Secret');
    expect(secret.metadata.name).toBe('secure-ksml-kafka');
    // A Java properties file: the backslash is escaped.
    expect(secret.stringData['kafka.properties']).toBe(
      `sasl.jaas.config=${jaas.replace('\\', '\\\\')}\n`,
    );
    const [cm] = find(objects, 'ConfigMap');
    expect(JSON.stringify(cm)).not.toContain('s3cr3t');
    const container = find(objects, 'StatefulSet')[0].spec.template.spec
      .containers[0];
    expect(container.volumeMounts).toContainEqual({
      name: 'kafka-secret',
      mountPath: '/ksml/secrets',
      readOnly: true,
    });
  }, 30_000);

  it('claims a PVC per replica when store.spec is set', async () => {
    const { objects } = await render(
      'stateful-ksml',
      smokeValues({ deploymentMode: 'StatefulSet', store: true }),
    );
    const [sts] = find(objects, 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('store');
    expect(
      sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    ).toBe('1Gi');
    expect(
      sts.spec.template.spec.volumes.find(
        (v: { name: string }) => v.name === 'store',
      ),
    ).toBeUndefined();
  }, 30_000);

  it.each([
    [
      'no definitions',
      { ksmlRunnerConfig: { definitions: {} } },
      'ksmlRunnerConfig.definitions must name at least one definition',
    ],
    [
      'a definition file that is not in ksmlDefinitions',
      { ksmlRunnerConfig: { definitions: { main: 'missing.yaml' } } },
      'ksmlRunnerConfig.definitions.main points to "missing.yaml"',
    ],
    [
      'no bootstrap.servers',
      { ksmlRunnerConfig: { kafka: { 'application.id': 'x' } } },
      'ksmlRunnerConfig.kafka must hold bootstrap.servers',
    ],
    [
      'an unknown deploymentMode',
      { deploymentMode: 'Deployment' },
      'deploymentMode must be StatefulSet or Job, got "Deployment"',
    ],
  ])(
    'refuses %s, naming the value',
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
