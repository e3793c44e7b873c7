import { TestDatabases } from '@backstage/backend-test-utils';
import {
  deployRequestSchema,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { HelmCli, KsmlProvisioner } from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  helmRecordStatuses,
  loadTestbedEnv,
  startTcpProxy,
  TcpProxy,
  tempHelmHome,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  waitFor,
} from '@ksml-backstage/testbed';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { DeploymentStore } from '../database/DeploymentStore';
import { KsmlService } from './KsmlService';

const migrations = resolve(__dirname, '../../migrations');

// A deploy that loses the API server half-way, against the test bed: helm reaches the cluster
// through a TCP proxy that slows the link (so the test can act between helm's requests) and
// is cut once Helm has written its pending revision, exactly as when the API server goes away
// mid-deploy. The release is then stuck pending in Helm's records; the desired state must be
// kept and the release recovered by the next deploy.
describe('a deploy interrupted by losing the API server', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let proxy: TcpProxy;
  let work: { home: string; cleanup: () => Promise<void> };
  let kubeconfigPath: string;
  const closers: Array<() => Promise<unknown>> = [];

  const app = deployRequestSchema.parse({
    ...readmeDeployRequest,
    application: 'interrupted',
    replicas: 1,
  });
  const release = releaseName(app);

  let store: DeploymentStore;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrations });
    store = DeploymentStore.create(knex);
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'interrupted');
    work = await tempHelmHome();
    // The test bed's kubeconfig, pointing at the proxy in front of its API server.
    const config = parse(readFileSync(env.kubeconfig, 'utf8'));
    const context = config.contexts.find(
      (c: { name: string }) => c.name === env.kubeContext,
    ).context;
    const cluster = config.clusters.find(
      (c: { name: string }) => c.name === context.cluster,
    ).cluster;
    const apiServer = new URL(cluster.server);
    proxy = await startTcpProxy(apiServer.hostname, Number(apiServer.port));
    cluster.server = `https://127.0.0.1:${proxy.port}`;
    kubeconfigPath = join(work.home, 'kubeconfig');
    writeFileSync(kubeconfigPath, stringify(config), { mode: 0o600 });
  }, 60_000);

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    await proxy?.close();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await work?.cleanup();
  }, 60_000);

  /** A backend replica: its own helm, provisioner and service, on a shared database. */
  const backend = (history: DeploymentStore, helmTimeoutSeconds = 60) => {
    const helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: helmTimeoutSeconds,
      killAfterSeconds: helmTimeoutSeconds + 2,
    });
    const provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => ({
        namespace,
        kubeconfigPath,
        context: env.kubeContext,
      }),
      cache: false,
    });
    closers.push(
      () => provisioner.close(),
      () => helm.close(),
    );
    return {
      helm,
      service: KsmlService.create({
        targets: () => provisioner,
        store: history,
        resolveNamespace: () => namespace,
        chart: { kind: 'path' },
      }),
    };
  };

  /** Helm's records of the release: revision → status, from the API server directly. */
  const records = () => helmRecordStatuses(kube, namespace, release);

  /** Starts a deploy over a slow link and cuts the link once Helm's pending revision exists. */
  const deployCutWhenPending = async (
    deploy: () => Promise<unknown>,
    pendingStatus: string,
  ) => {
    proxy.setDelay(150);
    const outcome = deploy().then(
      () => {
        throw new Error('the deploy succeeded, though the link was cut');
      },
      error => error as Error,
    );
    try {
      await waitFor(
        async () =>
          Object.values(await records()).includes(pendingStatus) || undefined,
        { description: pendingStatus, timeoutMs: 60_000, intervalMs: 20 },
      );
      await proxy.cut();
      return await outcome;
    } finally {
      proxy.setDelay(0);
      await proxy.restore();
    }
  };

  it('keeps the desired state, answers with a clear error, and the retry recovers the release', async () => {
    const one = backend(store);
    await one.helm.chartFiles(); // the chart is pulled before the link is slowed

    // An install cut half-way: Helm's first revision stays pending-install.
    const installError = await deployCutWhenPending(
      () => one.service.deploy(app, 'user:default/jo'),
      'pending-install',
    );
    expect(installError).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('is unreachable'),
    });
    expect(await records()).toEqual({ 1: 'pending-install' });
    const [failed] = await one.service.history(app);
    expect(failed).toMatchObject({
      outcome: 'failed',
      request: { application: 'interrupted', replicas: 1 },
    });

    // The retry (the desired state from history) uninstalls what was left and installs anew.
    const redeployed = await one.service.redeploy(app, {
      actor: 'user:default/jo',
    });
    expect(redeployed.helm).toMatchObject({ status: 'deployed', revision: 1 });
    expect(await records()).toEqual({ 1: 'deployed' });
  }, 180_000);

  it('an upgrade left pending by another replica is a 409 saying until when, then rolled back and upgraded', async () => {
    const one = backend(store);
    await one.helm.chartFiles();
    const upgrade = { ...app, replicas: 2 };
    const upgradeError = await deployCutWhenPending(
      () => one.service.deploy(upgrade),
      'pending-upgrade',
    );
    expect(upgradeError).toMatchObject({ name: 'ServiceUnavailableError' });
    expect(await records()).toEqual({ 1: 'deployed', 2: 'pending-upgrade' });

    // Another replica knows nothing of that helm: it may still be running, until the longest
    // a helm of ours may live (here 3 s + 2 s + 5 s of kill grace) has passed.
    const two = backend(store, 3);
    const busy: Error = await two.service.deploy(upgrade).then(
      () => new Error('deployed over a pending revision'),
      e => e,
    );
    expect(busy).toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        new RegExp(
          `^A Helm operation on ${release} is in progress \\(revision 2 is pending-upgrade since .+\\); if it was interrupted, a deploy after (.+) recovers the release$`,
        ),
      ),
    });
    const until = new Date(
      /a deploy after (\S+) recovers/.exec(busy.message)![1],
    );
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(10_000);
    await new Promise(r =>
      setTimeout(r, Math.max(0, until.getTime() - Date.now()) + 1_000),
    );

    const recovered = await two.service.deploy(upgrade);
    // 2 interrupted (Helm's history keeps it as it was left), 3 the rollback to 1, 4 the upgrade.
    expect(recovered.helm).toMatchObject({ status: 'deployed', revision: 4 });
    expect(await records()).toEqual({
      1: 'superseded',
      2: 'pending-upgrade',
      3: 'superseded',
      4: 'deployed',
    });
    const sts = await kube.apps.readNamespacedStatefulSet({
      name: release,
      namespace,
    });
    expect(sts.spec?.replicas).toBe(2);
  }, 180_000);
});
