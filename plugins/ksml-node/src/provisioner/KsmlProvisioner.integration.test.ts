import {
  DeployRequest,
  deployRequestSchema,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
  waitFor,
} from '@ksml-backstage/testbed';
import { HelmCli } from '../helm/HelmCli';
import { ChartSource } from '../helm/types';
import { KsmlProvisioner, replicaNameOf } from './KsmlProvisioner';

// Integration: the real helm binary pulls the public KSML chart from the test bed's TLS +
// htpasswd OCI registry and installs it into the kwok cluster; status, logs and metrics come
// from the real kube-apiserver and metrics-server.
describe('KsmlProvisioner against the test bed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;

  const chartSource = (overrides: Partial<ChartSource> = {}): ChartSource =>
    ({ ...testbedOciChart(env), ...overrides } as ChartSource);

  const request = (override: Record<string, unknown> = {}): DeployRequest =>
    deployRequestSchema.parse({ ...readmeDeployRequest, ...override });

  const waitForStatus = (
    ref: DeployRequest,
    wanted: string,
  ): Promise<KsmlStatusResponse> =>
    waitFor(
      async () => {
        const status = await provisioner.status(ref);
        return status.kubernetes.status === wanted ? status : undefined;
      },
      { description: `${ref.application} to be ${wanted}`, timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'provisioner');
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: chartSource(),
      timeoutSeconds: 120,
    });
    provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, namespace),
    });
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await provisioner?.close();
    await helm?.close();
  }, 60_000);

  it("deploys the readme's sample; status, logs and metrics have the readme's shapes", async () => {
    const sample = request({ replicas: 2 });
    const deployed = await provisioner.deploy(sample);
    expect(deployed.helm).toMatchObject({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      chart: 'ksml',
      version: env.chart.version,
      appVersion: '1.3.0',
      namespace,
      revision: 1,
      status: 'deployed',
    });
    expect(deployed.helm.deployedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );

    const status = await waitForStatus(sample, 'Running');
    // Status reads Helm's records itself: the same as `helm get metadata` (what deploy returns).
    expect(status.helm).toEqual(deployed.helm);
    expect(status.kubernetes).toEqual({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      status: 'Running',
      deploymentMode: 'StatefulSet',
      replicas: 2,
      readyReplicas: 2,
      restarts: 0,
      // kwok's pods run no KSML runner: each replica's Kafka Streams state is not known (not
      // read yet, or its metrics endpoint unreachable), and it changes nothing of the status.
      streams: ['0', '1'].map(replicaName =>
        expect.objectContaining({
          replicaName,
          state: 'Unknown',
          reason: expect.stringMatching(/^(NotYetRead|MetricsUnreachable)$/),
        }),
      ),
    });

    // The schema and the definition reached the runner ConfigMap.
    const cm = await kube.core.readNamespacedConfigMap({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml-runner',
      namespace,
    });
    expect(Object.keys(cm.data ?? {}).sort()).toEqual([
      'SensorData.avsc',
      'ksml-metrics-config.yml',
      'ksml-runner.yaml',
      'sensor-inspector.yaml',
    ]);

    const logs = await provisioner.logs(sample, 1);
    expect(logs.tailLines).toBe(1);
    expect(logs.logs.map(l => l.replicaName)).toEqual(['0', '1']);
    for (const entry of logs.logs) {
      expect(entry.error).toBeUndefined();
      expect(entry.lines).toMatch(
        /ksml\.function\.log_message - Consumed AVRO message - key=sensor28/,
      );
      expect(entry.lines.trim().split('\n')).toHaveLength(1);
    }

    const metrics = await waitFor(
      async () => {
        const m = await provisioner.metrics(sample).catch(() => undefined);
        // Both replicas measured: metrics-server scrapes new pods one by one.
        return m?.replicas?.length === 2 ? m : undefined;
      },
      { description: 'metrics', timeoutMs: 150_000, intervalMs: 5000 },
    );
    // Two pods at the test bed's simulated 250m / 512Mi each.
    expect(Number(metrics.cpu.usedMillicores)).toBeGreaterThan(400);
    expect(Number(metrics.cpu.usedMillicores)).toBeLessThan(600);
    expect(metrics.memory.usedMb).toBe('1024');
    expect(
      metrics.replicas?.map(r => [r.replicaName, r.memory.usedMb]),
    ).toEqual([
      ['0', '512'],
      ['1', '512'],
    ]);
  }, 300_000);

  it('redeploys a changed definition as a new revision', async () => {
    const sample = request({ replicas: 2 });
    const before = await provisioner.status(sample);
    const changed = request({
      replicas: 2,
      definition: readmeDeployRequest.definition.replace(
        'consume_avro',
        'consume_avro_v2',
      ),
    });
    const deployed = await provisioner.deploy(changed);
    expect(deployed.helm.revision).toBe(before.helm.revision + 1);
    // The newest of the release's records, not the first one.
    expect((await provisioner.status(changed)).helm).toEqual(deployed.helm);
    const cm = await kube.core.readNamespacedConfigMap({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml-runner',
      namespace,
    });
    expect(cm.data?.['sensor-inspector.yaml']).toContain('consume_avro_v2');
  }, 120_000);

  it('runs Job mode to Completed, and redeploys a Job by delete and recreate', async () => {
    const job = request({
      application: 'sensor-producer',
      deploymentMode: 'Job',
    });
    await provisioner.deploy(job);
    const done = await waitForStatus(job, 'Completed');
    expect(done.kubernetes).toMatchObject({
      name: 'dizzl-sandbox-dev-sensor-producer-ksml',
      deploymentMode: 'Job',
    });
    const firstUid = (
      await kube.batch.readNamespacedJob({
        name: 'dizzl-sandbox-dev-sensor-producer-ksml',
        namespace,
      })
    ).metadata?.uid;

    const again = await provisioner.deploy(
      request({
        application: 'sensor-producer',
        deploymentMode: 'Job',
        replicas: 1,
      }),
    );
    expect(again.helm.revision).toBe(1); // a fresh install, not an upgrade of an immutable Job
    const secondUid = (
      await kube.batch.readNamespacedJob({
        name: 'dizzl-sandbox-dev-sensor-producer-ksml',
        namespace,
      })
    ).metadata?.uid;
    expect(secondUid).not.toBe(firstUid);
    await waitForStatus(job, 'Completed');
  }, 240_000);

  it('reports Failing with the reason, a hint and the last log lines when a replica crash-loops after an OOM kill', async () => {
    // The test bed's kwok stage plays the failure for pods annotated ksml.test/simulate; the
    // annotation reaches the pods through the operator's custom values (podAnnotations).
    const failing = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, namespace),
      customValues: { podAnnotations: { 'ksml.test/simulate': 'OOMKilled' } },
    });
    const app = request({ application: 'oom-app' });
    await failing.deploy(app);
    const status = await waitFor(
      async () => {
        const s = await failing.status(app);
        return s.kubernetes.status === 'Failing' ? s : undefined;
      },
      { description: 'oom-app to be Failing', timeoutMs: 90_000 },
    );
    expect(status.kubernetes).toMatchObject({
      name: 'dizzl-sandbox-dev-oom-app-ksml',
      status: 'Failing',
      reason: 'OOMKilled',
      restarts: 4,
      readyReplicas: 0,
    });
    expect(status.kubernetes.message).toContain('simulated by the test bed');
    // The diagnosis: what to do, and the runner's last lines (the test bed's simulated log).
    expect(status.kubernetes.hint).toContain('raise resources.limits.memory');
    expect(status.kubernetes.logTail).toContain('Starting KSML Runner');
    // The node's warning is on the app's timeline too (events are recorded asynchronously).
    const backOff = await waitFor(
      async () =>
        (
          await failing.events(app)
        ).find(e => e.reason === 'BackOff' && e.object?.endsWith('-ksml-0')),
      { description: 'the BackOff event', timeoutMs: 15_000 },
    );
    expect(backOff).toMatchObject({
      type: 'Warning',
      object: 'Pod/dizzl-sandbox-dev-oom-app-ksml-0',
      message: expect.stringContaining('Back-off restarting failed container'),
    });
    await failing.close();
  }, 120_000);

  it("tells why an app stays Starting: the scheduler's reason for a pod it cannot place", async () => {
    // The test bed's node has 32 CPUs; this app asks for 64.
    const app = request({
      application: 'too-big',
      resources: { requests: { cpu: '64' } },
    });
    await provisioner.deploy(app);
    const status = await waitFor(
      async () => {
        const s = await provisioner.status(app);
        return s.kubernetes.reason ? s : undefined;
      },
      { description: 'too-big to have a reason', timeoutMs: 60_000 },
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Starting',
      readyReplicas: 0,
      reason: 'Unschedulable',
      message: expect.stringMatching(
        /0\/\d+ nodes are available: .*Insufficient cpu/,
      ),
      hint: expect.stringContaining('lower resources.requests'),
    });
    await provisioner.undeploy(app);
  }, 120_000);

  it('undeploys: the release is gone and status is a 404', async () => {
    const sample = request();
    await expect(provisioner.undeploy(sample)).resolves.toEqual({
      release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      namespace,
    });
    await expect(provisioner.status(sample)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(provisioner.undeploy(sample)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  }, 120_000);

  describe('chart registry faults: a 502 with the reason, nothing applied', () => {
    it.each([
      [
        'a wrong registry password',
        () => ({ password: 'wrong' }),
        'ChartRegistryError',
        () =>
          /^The chart registry refused the credentials: .*(401|unauthorized)/i,
      ],
      [
        'a registry that is down',
        () => ({
          // Port 1 of 127.0.0.1: nothing listens there, nor can a test's server take it (they
          // listen on ports the system picks), unlike a port a test freed a moment ago.
          url: env.registry.url.replace(env.registry.host, '127.0.0.1:1'),
        }),
        'ChartRegistryError',
        () => /^The chart could not be fetched: .*connection refused/,
      ],
      [
        'a chart version the registry does not have',
        () => ({ version: '9.9.9-missing' }),
        'ChartRegistryError',
        () =>
          new RegExp(
            `${env.chart.name}.*9\\.9\\.9-missing.*not found|not found.*${env.chart.name}.*9\\.9\\.9-missing`,
          ),
      ],
    ])(
      '%s',
      async (_, overrides, name, message) => {
        const wrong = HelmCli.create({
          binary: env.helmBinary,
          chart: chartSource(overrides()),
        });
        const failing = KsmlProvisioner.create({
          helm: wrong,
          resolveTarget: () => testbedTarget(env, namespace),
        });
        const app = request({ application: 'never-deployed' });
        try {
          // As a plain object, so that a failure shows the message received.
          const error = await failing.deploy(app).then(
            () => undefined,
            (e: Error & { statusCode?: number }) => ({
              name: e.name,
              statusCode: e.statusCode,
              message: e.message,
            }),
          );
          expect(error).toEqual({
            name,
            statusCode: 502,
            message: expect.stringMatching(message()),
          });
          await expect(provisioner.status(app)).rejects.toMatchObject({
            name: 'NotFoundError',
          });
        } finally {
          await wrong.close();
          await failing.close();
        }
      },
      60_000,
    );
  });
});

describe('replicaNameOf', () => {
  it('gives the ordinal of a StatefulSet pod and the name of any other pod', () => {
    expect(replicaNameOf('a-ksml', 'a-ksml-0')).toBe('0');
    expect(replicaNameOf('a-ksml', 'a-ksml-12')).toBe('12');
    expect(replicaNameOf('a-ksml', 'a-ksml-x7k2p')).toBe('a-ksml-x7k2p');
  });
});
