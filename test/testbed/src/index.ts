/**
 * The real local test bed: a kwok-simulated Kubernetes cluster (real kube-apiserver, etcd,
 * controller-manager, scheduler, metrics-server), the real helm binary and a TLS + htpasswd
 * OCI registry holding the KSML test chart, plus Flux's and Argo CD's CRDs for validating their
 * manifests. Integration tests of every package use it.
 *
 * @packageDocumentation
 */
export { loadTestbedEnv, testbedEnvPath, repoRoot } from './env';
export type { TestbedEnv } from './env';
export {
  helmReleasesIn,
  mustSucceed,
  runHelm,
  runHelmOnce,
  tempHelmHome,
} from './helm';
export type { HelmResult, RunHelmOptions } from './helm';
export { connectKube, createTestNamespace } from './kube';
export type { TestbedKube } from './kube';
export { dryRunApply } from './kubectl';
export type { DryRunApplyOptions, DryRunResult } from './kubectl';
export { testbedChartConfig, testbedClusterConfig } from './ksmlConfig';
export { waitFor } from './poll';
export type { WaitForOptions } from './poll';
