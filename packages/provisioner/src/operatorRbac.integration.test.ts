import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { ksmlAppManifest } from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  dropFinalizers,
  kubectl,
  loadTestbedEnv,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installProvisionerChart,
  serviceAccountKubeconfig,
} from './__testUtils__/chartInstall';
import {
  ProvisionerProcess,
  startProvisionerProcess,
  testbedReadmeEnv,
} from './testing';

// The chart with operator.enabled: its Role is enough for operator mode. The provisioner runs
// with only its ServiceAccount's token, elects itself leader, installs a KsmlApp, writes its
// status, and uninstalls it through the finalizer when it is deleted.
describe('the provisioner chart in operator mode: its Role is sufficient', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let chartNs: string;
  let appsNs: string;
  let work: string;
  let operator: ProvisionerProcess | undefined;
  const chartRelease = 'op';

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    chartNs = await createTestNamespace(kube, 'op-chart');
    appsNs = await createTestNamespace(kube, 'op-apps');
    work = mkdtempSync(join(tmpdir(), 'ksml-op-rbac-'));
  }, 60_000);

  afterAll(async () => {
    await operator?.kill();
    await dropFinalizers(env, appsNs, 'ksmlapps').catch(() => undefined);
    for (const name of [appsNs, chartNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('installs the Role for KsmlApps and Leases, and reconciles under exactly it', async () => {
    const rules = await installProvisionerChart(env, kube, {
      release: chartRelease,
      namespace: chartNs,
      appsNamespace: appsNs,
      set: ['operator.enabled=true', 'operator.resyncSeconds=5'],
    });
    expect(rules.map(r => `${r.apiGroups}:${r.resources}:${r.verbs}`)).toEqual(
      expect.arrayContaining([
        'ksml-backstage.io:ksmlapps:get,list,watch,patch,update',
        'ksml-backstage.io:ksmlapps/status,ksmlapps/finalizers:get,patch,update',
        'coordination.k8s.io:leases:get,create,patch,update',
      ]),
    );
    const deployment = await kube.apps.readNamespacedDeployment({
      name: `${chartRelease}-ksml-provisioner`,
      namespace: chartNs,
    });
    const containerEnv =
      deployment.spec?.template.spec?.containers[0].env ?? [];
    expect(containerEnv).toEqual(
      expect.arrayContaining([
        { name: 'OPERATOR_MODE', value: 'true' },
        { name: 'OPERATOR_RESYNC_SECONDS', value: '5' },
      ]),
    );

    const kubeconfig = await serviceAccountKubeconfig(
      kube,
      { name: `${chartRelease}-ksml-provisioner`, namespace: chartNs },
      work,
    );
    operator = await startProvisionerProcess({
      ...testbedReadmeEnv(env, { namespace: appsNs, kubeconfig }),
      OPERATOR_MODE: 'true',
      OPERATOR_RESYNC_SECONDS: '5',
      OPERATOR_LEASE_DURATION_SECONDS: '4',
    });

    const request = { ...readmeDeployRequest, application: 'rbac-operated' };
    const release = releaseName(request);
    const { manifest } = ksmlAppManifest(
      { ...request, deploymentMode: 'StatefulSet' },
      { name: 'rbac-operated' },
    );
    const file = join(work, 'app.json');
    writeFileSync(file, JSON.stringify(manifest));
    await kubectl(env, ['--namespace', appsNs, 'apply', '-f', file]);
    const ready = await waitFor(
      async () => {
        const app = JSON.parse(
          await kubectl(env, [
            '--namespace',
            appsNs,
            'get',
            'ksmlapp',
            'rbac-operated',
            '-o',
            'json',
          ]),
        );
        return app.status?.conditions?.some(
          (c: { type: string; status: string }) =>
            c.type === 'Ready' && c.status === 'True',
        )
          ? app
          : undefined;
      },
      { description: 'the KsmlApp Ready', timeoutMs: 60_000 },
    );
    expect(ready.status).toMatchObject({ release, helmRevision: 1 });

    await kubectl(env, [
      '--namespace',
      appsNs,
      'delete',
      'ksmlapp',
      'rbac-operated',
      '--wait=true',
      '--timeout=60s',
    ]);
    await expect(
      kube.apps.readNamespacedStatefulSet({ name: release, namespace: appsNs }),
    ).rejects.toMatchObject({ code: 404 });
    // Nothing was refused on the way. A 403 as a word: the log also holds the registry's
    // random port, which once was 40393.
    expect(operator.output.join('\n')).not.toMatch(/forbidden|\b403\b/i);
  }, 180_000);
});
