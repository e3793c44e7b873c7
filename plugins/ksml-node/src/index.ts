/**
 * The KSML provisioner core: builds chart values from deploy requests, drives the helm
 * binary, and reads status, logs and metrics through the Kubernetes API. No Backstage
 * imports: the Backstage backend plugin and the standalone provisioner both build on it.
 *
 * @packageDocumentation
 */
export { ReleaseCache } from './cache/ReleaseCache';
export type { CacheState, ReleaseSnapshot } from './cache/ReleaseCache';
export type { ClusterTarget } from './cluster/ClusterTarget';
export { pemCaFile, PrivateFiles, readValuesFile } from './config/privateFiles';
export {
  ChartRegistryError,
  HelmTimeoutError,
  translateHelmFailure,
} from './helm/errors';
export type { HelmResult } from './helm/errors';
export { HelmCli } from './helm/HelmCli';
export type { HelmCliOptions } from './helm/HelmCli';
export type {
  HelmClient,
  HelmInstallOptions,
  HelmListedRelease,
} from './helm/HelmClient';
export type { ChartSource, RemoteChart } from './helm/types';
export { translateKubeError } from './kube/errors';
export { KubeHttp, KubeHttpError } from './kube/KubeHttp';
export { ListWatch } from './cache/ListWatch';
export type { CachedObject, ListWatchOptions } from './cache/ListWatch';
export { KubeClient } from './kube/KubeClient';
export { releaseSelector } from './kube/roles';
export type {
  KsmlKubeClient,
  KubeHelmRecords,
  KubeLogs,
  KubeSecrets,
  KubeWorkloads,
  PodUsage,
} from './kube/roles';
export { silentLogger } from './logger';
export type { KsmlLogger, LogMeta, LogValue } from './logger';
export { KsmlProvisioner, replicaNameOf } from './provisioner/KsmlProvisioner';
export type {
  DeployResult,
  KsmlProvisionerOptions,
  RenderedApp,
  TargetResolver,
} from './provisioner/KsmlProvisioner';
export { mapWorkloadStatus, podFailure, podRestarts } from './status/mapStatus';
export type { StatusReadOptions } from './provisioner/ReleaseObservations';
export type { StreamsWatchOptions } from './streams/StreamsWatch';
export { PrometheusHistory } from './prometheus/PrometheusHistory';
export type {
  HistoryRequest,
  PrometheusOptions,
} from './prometheus/PrometheusHistory';
export type { PrometheusSelector } from './prometheus/historyQueries';
export { withHistory } from './prometheus/throughputHistory';
export type { HistorySources } from './prometheus/throughputHistory';
export { RUNNER_SERIES, runnerReading } from './streams/StreamsWatch';
export type { KsmlWorkloadObject } from './status/mapStatus';
export { withSpan } from './tracing';
export { mapConcurrently } from './util/mapConcurrently';
export { buildValues } from './chart/buildValues';
export type { BuildValuesOptions, BuiltValues } from './chart/buildValues';
export {
  CHART_KAFKA_SETTINGS,
  chartFullname,
  EMPTY_DIR_STORE_LIMIT,
  KSML_CONTAINER,
  RESERVED_CONFIGMAP_KEYS,
} from './chart/chartInterface';
export { mergeValues } from './chart/mergeValues';
export type { Values } from './chart/mergeValues';
export {
  kustomizePatches,
  SECRET_VERSION_ANNOTATION,
  secretEnvPatch,
} from './chart/secretDelivery';
export type { SecretEnvPatch, SecretEnvVar } from './chart/secretDelivery';
export {
  isSecretKafkaProperty,
  kafkaSecretName,
  planKafkaSecret,
  redactKafkaProperties,
  SECRET_ENV_PREFIX,
  secretPropertyMatcher,
} from './chart/secrets';
export type { KafkaSecretEntry, KafkaSecretPlan } from './chart/secrets';
export { ChartValuesSchema, coalesce } from './chart/valuesSchema';
export type { ChartFiles } from './chart/valuesSchema';
export { kafkaSecretLabels } from './provisioner/kafkaSecret';
export { ksmlTargetsExtensionPoint } from './extensions';
export type { KsmlTargetsExtensionPoint } from './extensions';
export type {
  KsmlTarget,
  KsmlTargetResolver,
  UndeployResult,
} from './targets/KsmlTarget';
export { OperatorTarget } from './targets/OperatorTarget';
export type { OperatorTargetOptions } from './targets/OperatorTarget';
export { RemoteProvisioner } from './targets/RemoteProvisioner';
export type { RemoteProvisionerOptions } from './targets/RemoteProvisioner';
export {
  computeLag,
  groupInputTopics,
  KafkaInspector,
  partitionKey,
  partitionLag,
  planOffsetReset,
  kafkaErrorMessage,
  preflightFindings,
  decodeRecordPart,
  readRecords,
  READ_BOUNDS,
} from './kafka';
export type {
  KafkaConnection,
  OffsetResetTarget,
  PartitionOffsets,
  PreflightFindings,
  RawRecord,
  ReadBounds,
  RecordSource,
  RecordsRequest,
} from './kafka';
export {
  deployRequestOfApp,
  KAFKA_PROPERTIES_LABEL,
  KSML_APP_API_VERSION,
  KSML_APP_RELEASE_LABEL,
  KSML_APP_FINALIZER,
  KSML_APP_GROUP,
  KSML_APP_KIND,
  KSML_APP_PLURAL,
  KSML_APP_VERSION,
  ksmlAppManifest,
  ksmlAppRef,
} from './operator';
export type { KsmlAppManifest, KsmlAppManifestOptions } from './operator';
export { KsmlTests, testsFailedError } from './ksmlTests/KsmlTests';
export type { KsmlTestsOptions } from './ksmlTests/KsmlTests';
export type { LocalTestRunnerOptions } from './ksmlTests/LocalTestRunner';
export { polyglotVersion } from './ksmlTests/jvmOptions';
