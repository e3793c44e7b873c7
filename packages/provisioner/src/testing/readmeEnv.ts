import type { TestbedEnv } from '@ksml-backstage/testbed';
import { dirname } from 'node:path';

/**
 * The KSML Provisioner readme's variables for the test bed: its chart in the TLS + htpasswd
 * registry (CLIENT_CA_FILE base64-encoded, as the readme says), a namespace, and a kubeconfig
 * for a local run (default the test bed's admin one), with helm on PATH.
 */
export function testbedReadmeEnv(
  env: TestbedEnv,
  options: { namespace: string; kubeconfig?: string },
): Record<string, string> {
  return {
    PATH: `${dirname(env.helmBinary)}:${process.env.PATH}`,
    KUBECONFIG: options.kubeconfig ?? env.kubeconfig,
    NAMESPACE: options.namespace,
    REGISTRY_URL: env.registry.url,
    CHART_NAME: env.chart.name,
    CHART_VERSION: env.chart.version,
    REGISTRY_AUTH_ENABLED: 'true',
    REGISTRY_USERNAME: env.registry.username,
    REGISTRY_PASSWORD: env.registry.password,
    CLIENT_CA_FILE: env.registry.caFileBase64,
  };
}
