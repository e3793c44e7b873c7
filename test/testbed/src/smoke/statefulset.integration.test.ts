import { mustSucceed } from '../helm';
import { waitFor } from '../poll';
import { installChart, smokeValues } from './chart';
import { cpuMillicores, memoryBytes } from '@ksml-backstage/plugin-ksml-common';
import { useClusterSuite } from './suite';

// Smoke test of the whole test bed, real parts only: the public KSML chart is pulled from the
// TLS + htpasswd OCI registry by the real helm binary and installed into the kwok cluster;
// kube-apiserver, the StatefulSet controller, kwok, and metrics-server do the rest.
describe('StatefulSet from the OCI registry', () => {
  const release = 'smoke-sensor-inspector-ksml';
  const replicas = 2;
  const suite = useClusterSuite('smoke-sts');

  beforeAll(async () => {
    mustSucceed(
      await installChart(suite.env, suite.helmHome, {
        release,
        namespace: suite.namespace,
        values: smokeValues({
          deploymentMode: 'StatefulSet',
          replicas,
          store: true,
        }),
      }),
      'helm upgrade --install',
    );
  }, 120_000);

  it('reaches readyReplicas == replicas with every pod Running and Ready', async () => {
    const { kube, namespace } = suite;
    const sts = await waitFor(
      async () => {
        const s = await kube.apps.readNamespacedStatefulSet({
          name: release,
          namespace,
        });
        return s.status?.readyReplicas === replicas ? s : undefined;
      },
      { description: `${replicas} ready replicas`, timeoutMs: 90_000 },
    );
    expect(sts.spec?.replicas).toBe(replicas);

    const pods = await kube.core.listNamespacedPod({
      namespace,
      labelSelector: `app.kubernetes.io/name=ksml,app.kubernetes.io/instance=${release}`,
    });
    expect(pods.items.map(p => p.metadata?.name).sort()).toEqual([
      `${release}-0`,
      `${release}-1`,
    ]);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
      expect(ready?.status).toBe('True');
    }
  }, 120_000);

  it('renders the runner ConfigMap and binds the store PVC of each replica', async () => {
    const { kube, namespace } = suite;
    const cm = await kube.core.readNamespacedConfigMap({
      name: `${release}-runner`,
      namespace,
    });
    expect(Object.keys(cm.data ?? {}).sort()).toEqual([
      'inspector.yaml',
      'ksml-metrics-config.yml',
      'ksml-runner.yaml',
    ]);
    expect(cm.data?.['ksml-runner.yaml']).toContain(
      'application.id: io.ksml.smoke',
    );

    const bound = await waitFor(
      async () => {
        const pvcs = await kube.core.listNamespacedPersistentVolumeClaim({
          namespace,
        });
        const phases = pvcs.items.map(p => p.status?.phase);
        return phases.length === replicas && phases.every(p => p === 'Bound')
          ? pvcs
          : undefined;
      },
      { description: 'PVCs bound', timeoutMs: 60_000 },
    );
    expect(bound.items.map(p => p.metadata?.name).sort()).toEqual([
      `ksml-store-${release}-0`,
      `ksml-store-${release}-1`,
    ]);
  }, 90_000);

  it('serves the simulated KSML runner log of each replica through pods/log', async () => {
    const { kube, namespace } = suite;
    const tail = (pod: string) =>
      waitFor(
        async () =>
          (await kube.core.readNamespacedPodLog({
            name: pod,
            namespace,
            container: 'ksml',
            tailLines: 2,
          })) || undefined,
        { description: `logs of ${pod}`, timeoutMs: 30_000 },
      );
    const logs = await Promise.all(
      [0, 1].map(ordinal => tail(`${release}-${ordinal}`)),
    );
    for (const log of logs) {
      const lines = log.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(
        'ksml.function.log_message - Consumed AVRO message',
      );
    }
  }, 60_000);

  it('reports non-zero CPU and memory for each pod through metrics.k8s.io', async () => {
    const { kube, namespace } = suite;
    // metrics-server scrapes kwok's simulated usage; the first figures take up to ~1 minute.
    const metrics = await waitFor(
      async () => {
        const list = await kube.metrics.getPodMetrics(namespace);
        return list.items.length === replicas ? list : undefined;
      },
      { description: 'pod metrics', timeoutMs: 150_000, intervalMs: 5000 },
    );
    for (const pod of metrics.items) {
      const container = pod.containers.find(c => c.name === 'ksml');
      expect(container).toBeDefined();
      // The test bed simulates the readme's sample figures: 250 millicores, 512 MiB. CPU is a
      // rate metrics-server derives from two scrapes of a cumulative counter, so it wobbles.
      const cpu = cpuMillicores(container!.usage.cpu);
      expect(cpu).toBeGreaterThan(200);
      expect(cpu).toBeLessThan(300);
      expect(memoryBytes(container!.usage.memory)).toBe(512 * 1024 * 1024);
    }
  }, 180_000);
});
