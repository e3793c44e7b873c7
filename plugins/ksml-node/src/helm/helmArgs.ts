import { ClusterTarget } from '../cluster/ClusterTarget';
import { RemoteChart } from './types';

/**
 * The post-renderer flags: this Node.js running the provisioner's post-render script with the
 * patch file (Helm runs it with the rendered manifests on stdin).
 */
export function postRendererArgs(patchFile: string, script?: string): string[] {
  return [
    '--post-renderer',
    process.execPath,
    '--post-renderer-args',
    script ??
      require.resolve(
        '@ksml-backstage/plugin-ksml-node/postrender/inject-secret-env.cjs',
      ),
    '--post-renderer-args',
    patchFile,
  ];
}

/** The flags that point helm at a target: its namespace, kubeconfig and context. */
export function targetArgs(target: ClusterTarget): string[] {
  return [
    '--namespace',
    target.namespace,
    ...(target.kubeconfigPath ? ['--kubeconfig', target.kubeconfigPath] : []),
    ...(target.context ? ['--kube-context', target.context] : []),
  ];
}

/** The TLS flags of a remote chart: its CA bundle, or no verification. */
export function tlsArgs(chart: RemoteChart): string[] {
  return [
    ...(chart.caFile ? ['--ca-file', chart.caFile] : []),
    ...(chart.insecureSkipTlsVerify ? ['--insecure-skip-tls-verify'] : []),
  ];
}

/** How helm errors name a target's cluster: its kubeconfig context, or the in-cluster account. */
export function clusterLabel(target: ClusterTarget): string {
  if (target.context) return `"${target.context}"`;
  return target.kubeconfigPath ? `of ${target.kubeconfigPath}` : '"in-cluster"';
}
