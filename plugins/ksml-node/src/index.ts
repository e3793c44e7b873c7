/**
 * The KSML provisioner core: builds chart values from deploy requests, drives the helm
 * binary, and reads status, logs and metrics through the Kubernetes API. No Backstage
 * imports: the Backstage backend plugin and the standalone provisioner both build on it.
 *
 * @packageDocumentation
 */
export type { ClusterTarget } from './cluster/ClusterTarget';
export {
  ChartRegistryError,
  HelmTimeoutError,
  translateHelmFailure,
} from './helm/errors';
export type { HelmResult } from './helm/errors';
export { HelmCli } from './helm/HelmCli';
export type {
  HelmCliOptions,
  HelmInstallOptions,
  HelmListedRelease,
} from './helm/HelmCli';
export type { ChartSource, RemoteChart } from './helm/types';
export { translateKubeError } from './kube/errors';
export { KubeReader, releaseSelector } from './kube/KubeReader';
export type { KsmlKubeClient, PodUsage } from './kube/KubeReader';
export { silentLogger } from './logger';
export type { KsmlLogger, LogMeta, LogValue } from './logger';
export {
  DEFAULT_TAIL_LINES,
  KsmlProvisioner,
  MAX_TAIL_LINES,
  replicaNameOf,
} from './provisioner/KsmlProvisioner';
export type {
  DeployResult,
  KsmlProvisionerOptions,
  TargetResolver,
} from './provisioner/KsmlProvisioner';
export { mapWorkloadStatus, podFailure, podRestarts } from './status/mapStatus';
export type { KsmlWorkloadObject } from './status/mapStatus';
export { withSpan } from './tracing';
export { buildValues } from './values/buildValues';
export type { BuildValuesOptions, BuiltValues } from './values/buildValues';
export { mergeValues } from './values/merge';
export type { Values } from './values/merge';
export { isSecretKafkaProperty, redactKafkaProperties } from './values/secrets';
