import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deployRequestSchema,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  OwnApiServer,
  startOwnApiServer,
  tempHelmHome,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  waitFor,
} from '@ksml-backstage/testbed';
import { parse, stringify } from 'yaml';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { HelmCli } from '../helm/HelmCli';
import { KsmlProvisioner } from './KsmlProvisioner';

// Faults of the cluster, against the test bed: an API server that is stopped, one that hangs,
// credentials it does not accept, a namespace that is missing. Each must give a clear error
// naming the cluster or the namespace, and the provisioner must recover by itself. The API
// server that is stopped and frozen is this suite's own (a second one on the test bed's etcd).

describe('cluster faults', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let own: OwnApiServer;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;
  let work: { home: string; cleanup: () => Promise<void> };
  const app = deployRequestSchema.parse({
    ...readmeDeployRequest,
    application: 'faulty',
    replicas: 2,
  });
  const ownTarget = (): ClusterTarget => ({
    namespace,
    kubeconfigPath: own.kubeconfig,
    context: env.kubeContext,
  });
  /** The cluster as errors must name it: its context and API server. */
  const clusterName = () => `"${env.kubeContext}" (${own.server})`;

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'faults');
    own = await startOwnApiServer(env);
    work = await tempHelmHome();
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 60,
    });
    provisioner = KsmlProvisioner.create({ helm, resolveTarget: ownTarget });
    await provisioner.deploy(app);
    // Metrics need metrics-server to have scraped both replicas (about a minute).
    await waitFor(
      async () =>
        (await provisioner.metrics(app)).replicas?.length === 2
          ? true
          : undefined,
      {
        description: 'metrics of both replicas',
        timeoutMs: 150_000,
        intervalMs: 5000,
      },
    );
  }, 240_000);

  afterAll(async () => {
    own?.thaw();
    await provisioner?.close();
    await helm?.close();
    await own?.dispose();
    await work?.cleanup();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  it('API server stopped: status, logs and metrics are 503 naming the cluster; back up, they answer again without a restart', async () => {
    await own.stop();
    await waitFor(
      async () =>
        (await provisioner.cacheState('dev'))?.fresh === false
          ? true
          : undefined,
      { description: 'the cache to notice', timeoutMs: 2_000, intervalMs: 10 },
    );
    for (const read of [
      () => provisioner.status(app),
      () => provisioner.logs(app, 5),
      () => provisioner.metrics(app),
    ]) {
      await expect(read()).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining(
          `The Kubernetes cluster ${clusterName()} is unavailable`,
        ),
      });
    }
    await own.start();
    // The same provisioner: connections and watches come back by themselves.
    await waitFor(
      async () =>
        (await provisioner.status(app)).kubernetes.status === 'Running'
          ? true
          : undefined,
      {
        description: 'status after the restart',
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    expect((await provisioner.logs(app, 5)).logs).toHaveLength(2);
    // metrics.k8s.io is an aggregated API: the restarted API server answers for it once its
    // aggregator has seen metrics-server available again (a few seconds).
    const metrics = await waitFor(async () => provisioner.metrics(app), {
      description: 'metrics after the restart',
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    expect(metrics.replicas).toHaveLength(2);
  }, 60_000);

  it('a hung API server: helm is stopped with its whole process group and the deploy is a 504 naming the operation', async () => {
    const impatient = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 1,
      killAfterSeconds: 3,
    });
    // Pull the chart first, so the hang is the cluster's, not the registry's.
    await impatient.chartFiles();
    own.freeze();
    try {
      const started = Date.now();
      await expect(
        impatient.upgradeInstall({
          release: releaseName(app),
          target: ownTarget(),
          values: { replicaCount: 3 },
        }),
      ).rejects.toMatchObject({
        name: 'HelmTimeoutError',
        statusCode: 504,
        message: expect.stringContaining('helm upgrade'),
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      // Nothing of that helm run is left in the process table.
      const left = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
        .split('\n')
        .filter(
          l => l.includes(env.helmBinary) && l.includes(releaseName(app)),
        );
      expect(left).toEqual([]);
    } finally {
      own.thaw();
      await impatient.close();
    }
    // Nothing was applied: the release is as it was.
    await waitFor(
      async () => {
        const status = await provisioner.status(app);
        return status.kubernetes.replicas === 2 ? status : undefined;
      },
      {
        description: 'the release unchanged',
        timeoutMs: 15_000,
        intervalMs: 200,
      },
    );
  }, 60_000);

  it('credentials the cluster does not accept: 401 naming the cluster, for reads and for helm', async () => {
    // The test bed's kubeconfig with a token the API server never issued.
    const config = parse(readFileSync(own.kubeconfig, 'utf8'));
    for (const user of config.users) user.user = { token: 'not-a-token' };
    const kubeconfigPath = join(work.home, 'foreign-kubeconfig');
    writeFileSync(kubeconfigPath, stringify(config), { mode: 0o600 });
    const target = { namespace, kubeconfigPath, context: env.kubeContext };
    const foreign = KsmlProvisioner.create({
      helm,
      resolveTarget: () => target,
    });
    try {
      await expect(foreign.status(app)).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining(
          `The Kubernetes cluster ${clusterName()} refused the provisioner's credentials`,
        ),
      });
      await expect(
        helm.upgradeInstall({ release: releaseName(app), target, values: {} }),
      ).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining(`"${env.kubeContext}" refused`),
      });
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it('an environment whose namespace does not exist: 404 naming it, nothing created', async () => {
    const missing = `${namespace}-missing`;
    const nowhere = KsmlProvisioner.create({
      helm,
      resolveTarget: () => ({ ...ownTarget(), namespace: missing }),
    });
    try {
      await expect(nowhere.deploy(app)).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining(
          `The namespace "${missing}" does not exist`,
        ),
      });
    } finally {
      await nowhere.close();
    }
    const namespaces = await kube.core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).not.toContain(missing);
  }, 60_000);
});
