import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  loadTestbedEnv,
  RealNode,
  realRunnerValues,
  requireRealNode,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedEnv,
  TestbedKube,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ksmlPlugin } from '../plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** A test backend with the KSML plugin on the test bed, and what a test needs of it. */
export interface TestbedBackend {
  env: TestbedEnv;
  kube: TestbedKube;
  /** The test's own namespace: the environment `dev`. */
  namespace: string;
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** Stops the backend and deletes the namespace. */
  stop(): Promise<void>;
}

/**
 * Starts the KSML backend plugin in a test backend against the test bed: the registry's chart,
 * the real helm, the cluster, and one environment `dev` in a namespace of the test's own.
 * `ksml` adds settings (e.g. `liveLogs`); `features` adds or replaces services.
 */
export async function startTestbedBackend(options: {
  namespacePrefix: string;
  ksml?: Record<string, unknown>;
  /** More settings of environment `dev`, or more environments (all in the test's namespace). */
  environments?: Record<string, Record<string, unknown>>;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}): Promise<TestbedBackend> {
  const env = loadTestbedEnv();
  const kube = await connectKube(env);
  const namespace = await createTestNamespace(kube, options.namespacePrefix);
  const backend = await startTestBackend({
    features: [
      // No catalog entities: every app counts as one no entity describes.
      catalogServiceMock.factory(),
      ksmlPlugin,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ksml: {
            chart: testbedChartConfig(env),
            helm: { binary: env.helmBinary, timeoutSeconds: 120 },
            cluster: testbedClusterConfig(env),
            environments: Object.fromEntries(
              Object.entries({ dev: {}, ...options.environments }).map(
                ([name, settings]) => [name, { namespace, ...settings }],
              ),
            ),
            ...options.ksml,
          },
        },
      }),
    ],
  });
  return {
    env,
    kube,
    namespace,
    server: backend.server,
    stop: async () => {
      await backend.stop();
      await kube.core
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    },
  };
}

/**
 * Starts the backend as {@link startTestbedBackend} does, with environment `dev` placing apps
 * on the test bed's real node: the runner image and the node pool in dev's customValuesFile, as
 * a platform team's values would, and the image's pull Secret in the namespace. Without a real
 * node it throws the reason, so no test passes on kwok alone.
 */
export async function startRealRunnerBackend(
  options: Parameters<typeof startTestbedBackend>[0],
): Promise<TestbedBackend & { node: RealNode }> {
  const env = loadTestbedEnv();
  const node = requireRealNode(env);
  const work = mkdtempSync(join(tmpdir(), 'ksml-backend-real-'));
  const devValues = join(work, 'dev-values.yaml');
  writeFileSync(devValues, stringify(realRunnerValues(node)));
  const backend = await startTestbedBackend({
    ...options,
    environments: {
      ...options.environments,
      dev: { customValuesFile: devValues, ...options.environments?.dev },
    },
  });
  await createRunnerPullSecret(backend.kube, env, backend.namespace);
  return {
    ...backend,
    node,
    stop: async () => {
      await backend.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
