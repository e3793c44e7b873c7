import { TestbedEnv } from './env';

/** The `ksml.chart` app-config of the test bed: its TLS + htpasswd registry and chart. */
export function testbedChartConfig(env: TestbedEnv) {
  return {
    registryUrl: env.registry.url,
    name: env.chart.name,
    version: env.chart.version,
    auth: { username: env.registry.username, password: env.registry.password },
    caFile: env.registry.caFile,
  };
}

/** The `ksml.cluster` app-config of the test bed's cluster (admin kubeconfig and context). */
export function testbedClusterConfig(env: TestbedEnv) {
  return { kubeconfigPath: env.kubeconfig, context: env.kubeContext };
}

/** The test bed's chart as the provisioner core's chart source: the TLS + htpasswd OCI registry. */
export function testbedOciChart(env: TestbedEnv) {
  return {
    kind: 'oci' as const,
    url: env.registry.url,
    name: env.chart.name,
    version: env.chart.version,
    username: env.registry.username,
    password: env.registry.password,
    caFile: env.registry.caFile,
  };
}

/** The provisioner core's cluster target for a namespace of the test bed's cluster. */
export function testbedTarget(env: TestbedEnv, namespace: string) {
  return {
    namespace,
    kubeconfigPath: env.kubeconfig,
    context: env.kubeContext,
  };
}
