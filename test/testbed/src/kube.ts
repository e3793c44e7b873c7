import type * as k8s from '@kubernetes/client-node';
import { TestbedEnv } from './env';

/** The Kubernetes API clients the tests use, bound to the test bed's kubeconfig. */
export interface TestbedKube {
  k8s: typeof k8s;
  config: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  batch: k8s.BatchV1Api;
  storage: k8s.StorageV1Api;
  metrics: k8s.Metrics;
}

/**
 * Connects to the test bed's kube-apiserver with @kubernetes/client-node.
 * client-node 1.x is ESM-only, hence the dynamic import (jest runs with
 * --experimental-vm-modules, see scripts/test.sh).
 */
export function connectKube(env: TestbedEnv): Promise<TestbedKube> {
  return connectKubeAt(env.kubeconfig, env.kubeContext);
}

/** {@link connectKube} through another kubeconfig (e.g. an API server of one's own). */
export async function connectKubeAt(
  kubeconfig: string,
  context: string,
): Promise<TestbedKube> {
  const lib = await import('@kubernetes/client-node');
  const config = new lib.KubeConfig();
  config.loadFromFile(kubeconfig);
  config.setCurrentContext(context);
  return {
    k8s: lib,
    config,
    core: config.makeApiClient(lib.CoreV1Api),
    apps: config.makeApiClient(lib.AppsV1Api),
    batch: config.makeApiClient(lib.BatchV1Api),
    storage: config.makeApiClient(lib.StorageV1Api),
    metrics: new lib.Metrics(config),
  };
}

/** Creates a namespace with a unique name for one suite; returns its name. */
export async function createTestNamespace(
  kube: TestbedKube,
  prefix: string,
): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${Math.random()
    .toString(36)
    .slice(2, 6)}`;
  await kube.core.createNamespace({ body: { metadata: { name } } });
  return name;
}

/**
 * Helm's records of a release, revision → status, read straight from its Secrets (no helm
 * process): a `pending-*` revision shows while the helm that wrote it still runs.
 */
export async function helmRecordStatuses(
  kube: TestbedKube,
  namespace: string,
  release: string,
): Promise<Record<number, string | undefined>> {
  const secrets = await kube.core.listNamespacedSecret({
    namespace,
    labelSelector: `owner=helm,name=${release}`,
  });
  return Object.fromEntries(
    secrets.items.map(s => [
      Number(s.metadata?.labels?.version),
      s.metadata?.labels?.status,
    ]),
  );
}
