import { loadTestbedEnv, TestbedEnv } from '../env';
import { mustSucceed, registryLogin, tempHelmHome } from '../helm';
import { connectKube, createTestNamespace, TestbedKube } from '../kube';

/** What a suite against the running test bed works with; filled in by its `beforeAll`. */
export interface ClusterSuite {
  env: TestbedEnv;
  kube: TestbedKube;
  /** A namespace of the suite's own, deleted after it. */
  namespace: string;
  /** A private helm home, already logged in to the test bed's registry. */
  helmHome: string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that connect to the test bed, create a namespace
 * named after `prefix` and log helm in to the registry; returns the object they fill in.
 */
export function useClusterSuite(prefix: string): ClusterSuite {
  const suite = {} as ClusterSuite;
  let cleanupHelm: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    suite.env = loadTestbedEnv();
    suite.kube = await connectKube(suite.env);
    suite.namespace = await createTestNamespace(suite.kube, prefix);
    const helmHome = await tempHelmHome();
    suite.helmHome = helmHome.home;
    cleanupHelm = helmHome.cleanup;
    mustSucceed(
      await registryLogin(suite.env, suite.helmHome),
      'helm registry login',
    );
  }, 60_000);

  afterAll(async () => {
    if (suite.namespace) {
      await suite.kube.core
        .deleteNamespace({ name: suite.namespace })
        .catch(() => undefined);
    }
    await cleanupHelm?.();
  });

  return suite;
}
