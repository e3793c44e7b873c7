/**
 * The real local test bed: a kwok-simulated Kubernetes cluster (real kube-apiserver, etcd,
 * controller-manager, scheduler, metrics-server), the real helm binary and a TLS + htpasswd
 * OCI registry holding the public KSML chart, plus Flux's and Argo CD's CRDs for validating their
 * manifests, and a real node (kubelet, containerd) that runs the real KSML runner. Integration
 * tests of every package use it.
 *
 * @packageDocumentation
 */
export {
  loadTestbedEnv,
  parseEnvFile,
  requirePrometheus,
  requireRealNode,
  testbedEnvPath,
  repoRoot,
} from './env';
export { freePort, startTcpProxy } from './net';
export { publicChartDir } from './publicChart';
export {
  createLocalVolume,
  createRunnerPullSecret,
  doublingDefinition,
  LOCAL_STORAGE_CLASS,
  prepareRealRunners,
  realRunnerValues,
  RUNNER_PULL_SECRET,
} from './realNode';
export type { TcpProxy } from './net';
export { runProcess } from './process';
export type { ProcessResult } from './process';
export type { KafkaBroker, RealNode, TestbedEnv } from './env';
export { KafkaFixture, startOwnKafkaBroker } from './kafka';
export type { OwnKafkaBroker } from './kafka';
export {
  helmReleasesIn,
  mustSucceed,
  registryLogin,
  runHelm,
  runHelmOnce,
  tempHelmHome,
  tlsArgs,
} from './helm';
export type { HelmResult, RunHelmOptions } from './helm';
export { startOwnApiServer } from './apiServer';
export type { OwnApiServer } from './apiServer';
export {
  connectKube,
  connectKubeAt,
  createTestNamespace,
  helmRecordStatuses,
} from './kube';
export type { TestbedKube } from './kube';
export {
  dropFinalizers,
  dryRunApply,
  kubectl,
  kustomizeBuild,
} from './kubectl';
export type {
  DryRunApplyOptions,
  DryRunResult,
  KustomizeBuildOptions,
} from './kubectl';
export {
  helmReleaseRecords,
  secretFreeSurfaces,
  surfacesHolding,
} from './secrets';
export type { HelmReleaseRecord } from './secrets';
export {
  testbedChartConfig,
  testbedClusterConfig,
  testbedOciChart,
  testbedTarget,
} from './ksmlConfig';
export { startDevPortal } from './portal';
export type { DevPortal, DevPortalOptions } from './portal';
export { waitFor } from './poll';
export type { WaitForOptions } from './poll';
