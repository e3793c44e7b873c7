import {
  deployRequestSchema,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  kubectl,
  loadTestbedEnv,
  mustSucceed,
  OwnApiServer,
  registryLogin,
  runHelm,
  startOwnApiServer,
  tempHelmHome,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  tlsArgs,
  waitFor,
} from '@ksml-backstage/testbed';
import { HelmCli } from '../helm/HelmCli';
import { KsmlProvisioner } from '../provisioner/KsmlProvisioner';

// The freshness rule of the watch-backed cache, against the test bed: a change made in the
// cluster by anyone else (kubectl, helm by hand, a crash) shows in status within 2 s, served
// from memory; a watch broken by an API server restart recovers by itself. The provisioner talks
// to an API server of this suite's own, so stopping it disturbs no other suite.
const FRESHNESS_MS = 2_000;

describe('status from the watch-backed cache', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let own: OwnApiServer;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;
  let helmHome: { home: string; cleanup: () => Promise<void> };
  const app = deployRequestSchema.parse({
    ...readmeDeployRequest,
    application: 'fresh-app',
  });
  const release = 'dizzl-sandbox-dev-fresh-app-ksml';

  /** Scales the StatefulSet with kubectl, past the provisioner. */
  const scaleTo = (replicas: number) =>
    kubectl(env, [
      '-n',
      namespace,
      'scale',
      `sts/${release}`,
      `--replicas=${replicas}`,
    ]);

  const statusOrGone = () =>
    provisioner.status(app).catch(error => {
      if (error.name === 'NotFoundError') return undefined;
      throw error;
    });

  /**
   * Makes a change without the provisioner, then reads status every 20 ms until it shows;
   * resolves with how long that took. Every read must come from a fresh cache.
   */
  async function timeUntilSeen(
    change: () => Promise<unknown>,
    shows: (status: KsmlStatusResponse | undefined) => boolean,
  ): Promise<number> {
    expect((await provisioner.cacheState('dev'))?.fresh).toBe(true);
    await change();
    const start = performance.now();
    for (;;) {
      if (shows(await statusOrGone())) break;
      if (performance.now() - start > 10_000)
        throw new Error(
          `not seen after 10 s: ${JSON.stringify(await statusOrGone())}`,
        );
      await new Promise(r => setTimeout(r, 20));
    }
    const elapsed = performance.now() - start;
    expect((await provisioner.cacheState('dev'))?.fresh).toBe(true);
    return elapsed;
  }

  const waitForRunning = (replicas: number) =>
    waitFor(
      async () => {
        const s = await statusOrGone();
        return s?.kubernetes.status === 'Running' &&
          s.kubernetes.readyReplicas === replicas
          ? s
          : undefined;
      },
      { description: `${release} Running`, timeoutMs: 90_000, intervalMs: 200 },
    );

  /** Until every watch is open (the cache starts with the first read; reconnects back off). */
  const waitForFreshCache = () =>
    waitFor(
      async () =>
        (await provisioner.cacheState('dev'))?.fresh ? true : undefined,
      {
        description: 'the cache to be fresh',
        timeoutMs: 15_000,
        intervalMs: 100,
      },
    );

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'freshness');
    own = await startOwnApiServer(env);
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 120,
    });
    provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => ({
        namespace,
        kubeconfigPath: own.kubeconfig,
        context: env.kubeContext,
      }),
    });
    helmHome = await tempHelmHome();
    mustSucceed(await registryLogin(env, helmHome.home), 'registry login');
    await provisioner.deploy(app);
    await waitForRunning(1);
    await waitForFreshCache();
  }, 180_000);

  afterAll(async () => {
    await provisioner?.close();
    await helm?.close();
    await own?.dispose();
    await helmHome?.cleanup();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  it('shows a scale done with kubectl within 2 s', async () => {
    const elapsed = await timeUntilSeen(
      () => scaleTo(2),
      s => s?.kubernetes.replicas === 2,
    );
    expect(elapsed).toBeLessThan(FRESHNESS_MS);
    await waitForRunning(2);
  }, 120_000);

  it('shows a replica that starts crash-looping within 2 s', async () => {
    const elapsed = await timeUntilSeen(
      () =>
        kubectl(env, [
          '-n',
          namespace,
          'annotate',
          `pod/${release}-1`,
          'ksml.test/simulate=CrashLoopBackOff',
        ]),
      s =>
        s?.kubernetes.status === 'Failing' &&
        s.kubernetes.reason === 'CrashLoopBackOff',
    );
    expect(elapsed).toBeLessThan(FRESHNESS_MS);
  }, 60_000);

  it('shows a helm upgrade done by hand within 2 s', async () => {
    const before = (await provisioner.status(app)).helm.revision;
    const elapsed = await timeUntilSeen(
      async () =>
        mustSucceed(
          await runHelm(
            env,
            [
              'upgrade',
              release,
              `${env.registry.url}/${env.chart.name}`,
              '--version',
              env.chart.version,
              '--reuse-values',
              '--namespace',
              namespace,
              ...tlsArgs(env, 'ca'),
            ],
            { home: helmHome.home },
          ),
          'helm upgrade',
        ),
      s => s?.helm.revision === before + 1 && s.helm.status === 'deployed',
    );
    expect(elapsed).toBeLessThan(FRESHNESS_MS);
  }, 120_000);

  it('shows an uninstall done by hand within 2 s', async () => {
    const elapsed = await timeUntilSeen(
      async () =>
        mustSucceed(
          await runHelm(env, ['uninstall', release, '--namespace', namespace], {
            home: helmHome.home,
          }),
          'helm uninstall',
        ),
      s => s === undefined,
    );
    expect(elapsed).toBeLessThan(FRESHNESS_MS);
  }, 60_000);

  it('reads right after its own deploy, and recovers from an API server restart', async () => {
    // Read-your-writes: the first read after a deploy already shows it.
    const deployed = await provisioner.deploy(app);
    expect((await provisioner.status(app)).helm.revision).toBe(
      deployed.helm.revision,
    );
    await waitForRunning(1);

    await own.stop();
    // The watches notice the dropped connections at once (the socket closes)...
    await waitFor(
      async () =>
        (await provisioner.cacheState('dev'))?.fresh === false
          ? true
          : undefined,
      { description: 'the cache to notice', timeoutMs: 1_000, intervalMs: 10 },
    );
    // ...and then there is no stale answer: a 503 that says how old the last state seen is.
    await expect(provisioner.status(app)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/last state seen .* \(\d+ s ago\)/),
    });
    // Changed meanwhile through the test bed's own API server.
    await scaleTo(3);
    await own.start();
    const start = performance.now();
    await waitFor(
      async () =>
        (await statusOrGone())?.kubernetes.replicas === 3 ? true : undefined,
      {
        description: 'the scale made while the API server was down',
        timeoutMs: 10_000,
        intervalMs: 20,
      },
    );
    expect(performance.now() - start).toBeLessThan(FRESHNESS_MS);
    // The watches come back by themselves (reconnect with backoff), and serve again.
    await waitForFreshCache();
    const elapsed = await timeUntilSeen(
      () => scaleTo(1),
      s => s?.kubernetes.replicas === 1,
    );
    expect(elapsed).toBeLessThan(FRESHNESS_MS);
  }, 180_000);
});
