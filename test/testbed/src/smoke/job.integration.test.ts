import { waitFor } from '../poll';
import { installChart, smokeValues } from './chart';
import { useClusterSuite } from './suite';

describe('Job mode from the OCI registry', () => {
  const release = 'smoke-producer-ksml';
  const suite = useClusterSuite('smoke-job');

  it('runs the KSML Job to completion: its pod reaches Succeeded', async () => {
    const { env, kube, namespace, helmHome } = suite;
    const install = await installChart(env, helmHome, {
      release,
      namespace,
      values: smokeValues({ deploymentMode: 'Job' }),
    });
    expect(install).toMatchObject({ code: 0 });

    const pod = await waitFor(
      async () => {
        const pods = await kube.core.listNamespacedPod({
          namespace,
          labelSelector: `app.kubernetes.io/instance=${release}`,
        });
        const p = pods.items[0];
        return p?.status?.phase === 'Succeeded' ? p : undefined;
      },
      { description: 'the Job pod to succeed', timeoutMs: 90_000 },
    );
    expect(pod.metadata?.ownerReferences?.[0]?.kind).toBe('Job');

    const job = await waitFor(
      async () => {
        const j = await kube.batch.readNamespacedJob({
          name: release,
          namespace,
        });
        return j.status?.succeeded === 1 ? j : undefined;
      },
      { description: 'the Job to complete', timeoutMs: 60_000 },
    );
    expect(job.spec?.backoffLimit).toBe(0);
    expect(job.spec?.template.spec?.containers[0].startupProbe).toBeUndefined();
  }, 180_000);
});
