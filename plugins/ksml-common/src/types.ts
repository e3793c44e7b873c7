import type { KsmlAppCondition, KsmlAppObject } from './ksmlApp';
import type { KsmlTestReport } from './ksmlTests';
import type { KsmlAppRef } from './naming';
import type { KsmlTopology } from './topology/types';
import { DeploymentMode } from './schema/deployRequest';

/** State of the app's workload, as the status route reports it. */
export type KsmlWorkloadStatus =
  /** All wanted replicas are ready (StatefulSet) or the Job's pod runs. */
  | 'Running'
  /** Replicas are being created or are not ready yet, with nothing failing. */
  | 'Starting'
  /** A pod crash-loops, cannot pull its image, was OOM-killed, or the Job failed. */
  | 'Failing'
  /** The Job finished successfully. */
  | 'Completed'
  /** The StatefulSet is scaled to 0 replicas. */
  | 'Stopped';

/** Helm's view of the release (the readme's `helm` object). */
export interface KsmlHelmRelease {
  name: string;
  chart: string;
  version: string;
  appVersion: string;
  namespace: string;
  revision: number;
  /** Helm's release status: deployed, failed, pending-install, ... */
  status: string;
  /** ISO 8601, e.g. 2024-08-26T13:04:20Z. */
  deployedAt: string;
}

/** Kubernetes' view of the workload (the readme's `kubernetes` object, plus extensions). */
export interface KsmlWorkload {
  name: string;
  status: KsmlWorkloadStatus;
  replicas: number;
  readyReplicas: number;
  /** Extension: StatefulSet or Job. */
  deploymentMode?: DeploymentMode;
  /** Extension: container restarts summed over the app's pods. */
  restarts?: number;
  /**
   * Extension: why the app is Failing (CrashLoopBackOff, ImagePullBackOff, OOMKilled, ...), or
   * why it is still Starting (Unschedulable, ClaimPending, NotReady).
   */
  reason?: string;
  /** Extension: a human-readable detail for the reason. */
  message?: string;
  /** Extension: what to do about the reason, for a KSML developer. */
  hint?: string;
  /** Extension: the last lines the failing runner wrote before it stopped. */
  logTail?: string;
  /**
   * Extension: each replica's Kafka Streams client as the KSML runner itself reports it (its
   * Prometheus endpoint, read through the API server's pod proxy); absent where the backend
   * does not read it (a remote provisioner, a Job).
   */
  streams?: KsmlReplicaStreams[];
}

/** Kafka Streams' client states (`KafkaStreams.State`), in the order of their ordinals. */
export const STREAMS_STATES = [
  'CREATED',
  'REBALANCING',
  'RUNNING',
  'PENDING_SHUTDOWN',
  'NOT_RUNNING',
  'PENDING_ERROR',
  'ERROR',
] as const;
/** One of {@link STREAMS_STATES}. */
export type StreamsState = (typeof STREAMS_STATES)[number];

/** Why a replica's Kafka Streams state is not known. */
export const STREAMS_UNKNOWN_REASONS = [
  /** The pod has no metrics port: deployed with `prometheus.enabled: false`. */
  'MetricsDisabled',
  /** The pod is not running (yet), or has no IP. */
  'PodNotRunning',
  /** Not read yet: the first read of this replica is under way. */
  'NotYetRead',
  /** The runner's metrics endpoint did not answer (starting, stopped, or no route to it). */
  'MetricsUnreachable',
  /** The backend may not use the pod proxy (`pods/proxy`) in the namespace. */
  'MetricsForbidden',
  /** The runner answers but has no Kafka Streams client (yet): its topology is being built. */
  'NoStreamsClient',
  /** The last reading is older than two reading intervals. */
  'Stale',
] as const;
/** One of {@link STREAMS_UNKNOWN_REASONS}. */
export type StreamsUnknownReason = (typeof STREAMS_UNKNOWN_REASONS)[number];

/** A replica's Kafka Streams client: its state, since when, its threads and state restore. */
export interface KsmlReplicaStreams {
  /** The StatefulSet ordinal ("0", "1"), as logs and metrics name replicas. */
  replicaName: string;
  state: StreamsState | 'Unknown';
  /** Why the state is Unknown. */
  reason?: StreamsUnknownReason;
  /** A detail for the reason (the proxy's error). */
  message?: string;
  /** ISO 8601: when the client entered `state`, as far as the backend saw it. */
  since?: string;
  /**
   * True when `since` is inferred rather than seen (the first reading of a replica: from its
   * last rebalance, or from its container's start).
   */
  sinceEstimated?: boolean;
  /** ISO 8601: when the runner was read. */
  observedAt?: string;
  /** Stream threads alive and failed. */
  threads?: { alive: number; failed: number };
  /** State restore: tasks restoring, records left, restore rate and progress (0–1). */
  restore?: {
    activeTasks: number;
    remainingRecords: number;
    recordsPerSecond?: number;
    progress?: number;
  };
  /** Seconds since the client's last rebalance, as its consumers report it. */
  lastRebalanceSecondsAgo?: number;
}

/** `GET /status` response. */
export interface KsmlStatusResponse {
  helm: KsmlHelmRelease;
  kubernetes: KsmlWorkload;
  /** Set when a KsmlApp declares the app (an environment in operator mode). */
  operator?: KsmlOperatorState;
}

/** What the KsmlApp of an app in operator mode says: the operator's view of it. */
export interface KsmlOperatorState {
  /** `<namespace>/<name>` of the KsmlApp. */
  resource: string;
  /** The spec's generation, and the one the operator last reconciled. */
  generation?: number;
  observedGeneration?: number;
  conditions: KsmlAppCondition[];
}

/** One replica's log lines. */
export interface KsmlReplicaLogs {
  /** The StatefulSet pod ordinal ("0", "1", ...), or the pod name for a Job. */
  replicaName: string;
  /** The log text, newline-separated, empty when there is none. */
  lines: string;
  /** Set when this replica's logs could not be read; the other replicas still come back. */
  error?: string;
}

/** One line of a followed log (`GET /logs/follow`), tagged with its replica. */
export interface KsmlLogLine {
  /** The StatefulSet pod ordinal ("0", "1", ...), or the pod name for a Job. */
  replica: string;
  line: string;
}

/** `GET /logs` response. */
export interface KsmlLogsResponse {
  tailLines: number;
  logs: KsmlReplicaLogs[];
}

/** Usage of one replica or of the whole app; figures are strings, as in the readme. */
export interface KsmlUsage {
  cpu: { usedMillicores: string };
  memory: { usedMb: string };
}

/** `GET /metrics` response: the app's total, plus a per-replica breakdown. */
export interface KsmlMetricsResponse extends KsmlUsage {
  replicas?: Array<KsmlUsage & { replicaName: string }>;
}

/** One replica's throughput as its runner last reported it. */
export interface KsmlReplicaThroughput {
  replicaName: string;
  state: KsmlReplicaStreams['state'];
  /** Why the replica was not read (as in {@link KsmlReplicaStreams}). */
  reason?: StreamsUnknownReason;
  /** ISO 8601: when the runner was read. */
  observedAt?: string;
  /** Records its stream threads processed per second (Kafka Streams' `process-rate`). */
  recordsInPerSecond?: number;
  /** Records its producers sent per second (`record-send-rate`). */
  recordsOutPerSecond?: number;
  /** The JVM's heap in use and its maximum. */
  heapUsedBytes?: number;
  heapMaxBytes?: number;
}

/** A processor node of the app's topology: its rate and end-to-end latency, over replicas. */
export interface KsmlNodeThroughput {
  /** Kafka Streams' processor node id (a source node is named after its topic). */
  node: string;
  recordsPerSecond: number;
  /** Record end-to-end latency at this node (ms): average and maximum over its tasks. */
  e2eLatencyAvgMs?: number;
  e2eLatencyMaxMs?: number;
}

/** A Python function of the definition: how often it ran and how long it took. */
export interface KsmlFunctionTiming {
  /** `<namespace>.<function>` as the runner names it. */
  name: string;
  calls: number;
  meanMs: number;
  p99Ms?: number;
  maxMs?: number;
}

/** One point of the app's trend: the sum over its replicas at one reading. */
export interface KsmlThroughputPoint {
  /** ISO 8601. */
  at: string;
  recordsInPerSecond: number;
  recordsOutPerSecond: number;
  heapUsedBytes: number;
}

/**
 * `GET /throughput` response: the app's records in and out per second, per replica and per
 * processor node, its functions' timings and its JVM heap, as its runners report them; with
 * their trend, oldest first: the one the backend kept (the last hour at most), or, for a longer
 * `range`, the environment's Prometheus's.
 */
export interface KsmlThroughputResponse {
  /** Seconds between two readings of a runner. */
  intervalSeconds: number;
  replicas: KsmlReplicaThroughput[];
  nodes: KsmlNodeThroughput[];
  functions: KsmlFunctionTiming[];
  history: KsmlThroughputPoint[];
  /**
   * Where `history` comes from: `runners`, the readings the backend kept; `prometheus`, the
   * environment's Prometheus.
   */
  historySource: 'runners' | 'prometheus';
  /** How far back `history` was asked to go, in seconds. */
  historySeconds: number;
  /** The environment has a Prometheus: a `range` longer than the kept hour may be asked. */
  longerHistory: boolean;
  /** Why the Prometheus asked for was not used (it failed); the kept history is shown instead. */
  historyWarning?: string;
}

/**
 * How a record's key or value was decoded: by the KSML type its stream declares (`json`, a
 * `string`, a number type), or shown as hex where it is not decoded here (binary, Avro,
 * Protobuf, a JSON that does not parse).
 */
export type KsmlRecordFormat =
  | 'json'
  | 'text'
  | 'number'
  | 'boolean'
  | 'hex'
  | 'null';

/** One record of a topic, decoded as the app declares its stream's types. */
export interface KsmlRecord {
  partition: number;
  offset: number;
  /** ISO 8601: the record's timestamp. */
  timestamp: string;
  /** Decoded: JSON as a value, text, a number as text, hex for what is not decoded. */
  key: unknown;
  keyFormat: KsmlRecordFormat;
  value: unknown;
  valueFormat: KsmlRecordFormat;
  /** Why the key or value is hex: the type it was not decoded from, or the parse error. */
  note?: string;
  /** Header values as UTF-8 text (hex where they are not). */
  headers: Array<{ key: string; value: string | null }>;
  /** The key's and value's size in bytes. */
  bytes: number;
}

/** `GET /records` response: records of one of the app's topics, oldest first, bounded. */
export interface KsmlRecordsResponse {
  topic: string;
  /** The types the app declares for the topic, as the records were decoded. */
  keyType?: string;
  valueType?: string;
  records: KsmlRecord[];
  /** Records and bytes read from the broker to answer (a filter reads more than it returns). */
  scanned: { records: number; bytes: number };
  /** The bound reached before the range was read to its end: `records` or `bytes`. */
  truncated?: 'records' | 'bytes';
  /** Each partition's earliest and end offset at the time of reading. */
  partitions: Array<{
    partition: number;
    earliestOffset: number;
    endOffset: number;
  }>;
}

/** `POST /deploy` and `POST /redeploy` response. */
export interface KsmlDeployResponse {
  helm: KsmlHelmRelease;
  /** Names (never values) of the Kafka properties kept in the app's Kafka Secret. */
  secretProperties: string[];
  /**
   * What was deployed but may not work as meant, e.g. a definition that keeps state deployed
   * without storage (the chart's 10 MiB store). Empty when there is nothing to say.
   */
  warnings: string[];
  /** The report of the request's KSML tests, when it required them to pass (`requireTests`). */
  tests?: KsmlTestResponse;
}

/** The answer of `POST /test`: each KSML test of the request, as KSML's test runner reports it. */
export type KsmlTestResponse = KsmlTestReport;

/** `DELETE /deploy` response. */
export interface KsmlUndeployResponse {
  release: string;
  namespace: string;
  /** The PersistentVolumeClaims deleted with `deleteStorage=true`. */
  deletedClaims: string[];
}

/** Where the backend takes the KSML chart from, as GitOps manifests must name it. */
export type KsmlChartReference =
  | {
      /** An OCI registry (`url` like `oci://registry.example.com/charts`) or a classic Helm repository. */
      kind: 'oci' | 'repository';
      url: string;
      name: string;
      version: string;
    }
  | {
      /** A chart folder on the backend's machine: usable by the backend, not by Flux or Argo CD. */
      kind: 'path';
    };

/**
 * A kustomize patch: an entry of a kustomization's `patches` or of a Flux HelmRelease's
 * `spec.postRenderers[].kustomize.patches`.
 */
export interface KsmlKustomizePatch {
  /** Which rendered objects the patch applies to. */
  target: { group?: string; version?: string; kind: string; name?: string };
  /** A strategic merge patch, as YAML text. */
  patch: string;
}

/**
 * `POST /render` response: what a deploy of the request would install, for GitOps. The values
 * hold no secret: secret Kafka properties are referenced as `${env:…}` from environment
 * variables that `postRenderPatches` add to the `ksml` container from the Secret `secretName`,
 * which the platform provides (one key per property in `secretProperties`).
 */
export interface KsmlRenderResponse {
  release: string;
  namespace: string;
  chart: KsmlChartReference;
  values: Record<string, unknown>;
  /** The Secret that must hold the secret Kafka properties; set when there are any. */
  secretName?: string;
  /** Names (never values) of the Kafka properties that belong in that Secret, each its own key. */
  secretProperties: string[];
  /**
   * The patches a post-renderer must apply to the chart's output (Flux `postRenderers`, a
   * kustomization for Argo CD) so the secrets reach the runner; empty without secrets.
   */
  postRenderPatches: KsmlKustomizePatch[];
  /** As in {@link KsmlDeployResponse.warnings}. */
  warnings: string[];
  /**
   * The third GitOps form: the app as a `KsmlApp` resource (ksml-backstage.io/v1alpha1) for a
   * provisioner in operator mode, with the Secret it expects (name and keys, never values).
   * Absent from a provisioner older than operator mode.
   */
  ksmlApp?: {
    manifest: KsmlAppObject;
    secret?: { name: string; keys: string[] };
  };
}

/** One deploy or undeploy in an app's history (`GET /history`), newest first. */
export interface KsmlDeploymentRecord {
  id: number;
  release: string;
  environment: string;
  tenant: string;
  instance: string;
  application: string;
  namespace: string;
  operation: KsmlOperation;
  outcome: 'pending' | 'succeeded' | 'failed';
  revision?: number;
  /** The deploy request, secret values redacted. */
  request?: Record<string, unknown>;
  error?: string;
  /** Who asked: a user entity ref or a service's subject. */
  actor?: string;
  /** ISO 8601. */
  createdAt: string;
}

/** What the backend records in an app's history. */
export type KsmlOperation =
  | 'deploy'
  | 'undeploy'
  | 'rollback'
  | 'scale'
  | 'restart'
  | 'promote'
  | 'reset-offsets';

/** A managed app (`GET /apps`) with its live status, or the error reading it. */
export interface KsmlManagedApp {
  ref: KsmlAppRef;
  release: string;
  namespace: string;
  lastDeploy: KsmlDeploymentRecord;
  status?: KsmlStatusResponse;
  error?: string;
}

/** What changed in a Helm revision from the one before it. */
export interface KsmlRevisionChanges {
  replicas?: { from?: number; to?: number };
  chartVersion?: { from: string; to: string };
  /** The definitions' text changed (their digest differs). */
  definition?: boolean;
  /** Kafka properties added, removed or changed, by name (values never shown). */
  kafkaProperties?: string[];
  deploymentMode?: { from?: string; to?: string };
}

/** One Helm revision of an app (`GET /revisions`), newest first. */
export interface KsmlRevision {
  revision: number;
  /** Helm's status of the revision: deployed, superseded, failed, pending-upgrade, ... */
  status: string;
  chartVersion: string;
  appVersion: string;
  /** ISO 8601. */
  deployedAt: string;
  /** Helm's description: "Install complete", "Upgrade complete", "Rollback to 2", ... */
  description: string;
  replicas?: number;
  deploymentMode?: string;
  /** The first 12 hex digits of the SHA-256 of the revision's definitions. */
  definitionDigest?: string;
  changes: KsmlRevisionChanges;
  /** From the backend's history: the operation that made the revision, and who asked. */
  operation?: string;
  actor?: string;
}

/** `GET /history` response: the recorded operations, newest first. */
export interface KsmlHistoryResponse {
  items: KsmlDeploymentRecord[];
}

/**
 * `GET /definition` response: what a Helm revision of the app runs (the deployed one unless a
 * revision is asked for), read from the release itself.
 */
export interface KsmlDefinitionResponse {
  revision: number;
  /** Helm's status of the revision: deployed, superseded, failed, ... */
  status: string;
  /** ISO 8601. */
  deployedAt: string;
  applicationId: string;
  /** KSML namespace -> definition YAML, as the runner reads them. */
  definitions: Record<string, string>;
  /** The schema files installed beside the definitions. */
  schemas: { schemaFileName: string; schemaBody: string }[];
  replicas?: number;
  deploymentMode?: string;
}

/** `POST /promote` response: what was (or, for a dry run, would be) deployed to `to`. */
export interface KsmlPromoteResponse {
  /** Where the definitions came from: the environment and the revision that runs there. */
  from: { environment: string; revision: number };
  /** The target, with the revision that ran there before (absent: the app was not there). */
  to: { environment: string; revision?: number };
  dryRun: boolean;
  /** Definitions (by KSML namespace) that differ from what runs in `to`; all, when nothing does. */
  changedDefinitions: string[];
  replicas: number;
  /** The target's checks that did not refuse: missing output topics, idle replicas, ... */
  warnings: string[];
  /** The deploy's answer, when it was not a dry run. */
  deployed?: KsmlDeployResponse;
}

/** What `POST /preflight` found for one environment. */
export interface KsmlPreflightEnvironment {
  environment: string;
  release: string;
  /** The app already runs there (a new app would take it over). */
  deployed: boolean;
  /** The Kafka cluster the topics were checked on, as configured; absent: none configured. */
  kafka?: string;
  /** Topics the definition reads that the environment's Kafka lacks. */
  missingInputTopics: string[];
  warnings: string[];
  /** Why the environment could not be checked (its cluster or Kafka unreachable, ...). */
  error?: string;
}

/** `POST /preflight` response: one entry per environment asked about, in the order asked. */
export interface KsmlPreflightResponse {
  items: KsmlPreflightEnvironment[];
}

/** `GET /apps` response: every app the backend manages. */
export interface KsmlAppsResponse {
  items: KsmlManagedApp[];
}

/** `GET /revisions` response. */
export interface KsmlRevisionsResponse {
  items: KsmlRevision[];
}

/** One event on an app's timeline (`GET /events`), newest first. */
export interface KsmlEvent {
  /** ISO 8601: when it last happened. */
  time: string;
  /** Kubernetes' Normal or Warning, or Operation for a deploy, rollback, scale, ... of ours. */
  type: 'Normal' | 'Warning' | 'Operation';
  /** Kubernetes' reason (Scheduled, Started, BackOff, ...) or our operation (deploy, ...). */
  reason: string;
  message: string;
  /** The object it is about, e.g. `Pod/app-ksml-0`. */
  object?: string;
  /** How often Kubernetes saw it. */
  count?: number;
  /** Who reported it: the scheduler, the kubelet, ...; for an operation, who asked. */
  source?: string;
}

/** `GET /gitops`: the GitOps files published for an app's environment (dev portal). */
export interface KsmlGitopsFilesResponse {
  /** The app's published folder on the backend's machine. */
  folder: string;
  /** Under `deploy/<environment>/`, by path; a file over 1 MiB comes without its content. */
  files: Array<{ path: string; size: number; content?: string }>;
}

/** `GET /events` response. */
export interface KsmlEventsResponse {
  items: KsmlEvent[];
}

/** What a rollback, scale or restart did. */
export interface KsmlOperationResponse {
  /** The release after the operation (a rollback and a scale make a new revision). */
  helm: KsmlHelmRelease;
}

/** One partition of an input topic in `GET /lag`. */
export interface KsmlLagPartition {
  partition: number;
  /** The partition's end offset (the next offset to be written). */
  endOffset: number;
  /** The partition's earliest offset still kept. */
  earliestOffset: number;
  /** What the app's consumer group committed; absent when it never committed. */
  committedOffset?: number;
  /** `endOffset - committedOffset`, or `endOffset - earliestOffset` without a commit. */
  lag: number;
}

/** One input topic in `GET /lag`. */
export interface KsmlLagTopic {
  topic: string;
  /** The sum over its partitions. */
  lag: number;
  partitions: KsmlLagPartition[];
}

/** One earlier measurement of an app's total lag, for a trend. */
export interface KsmlLagSample {
  /** ISO 8601. */
  at: string;
  total: number;
}

/**
 * `GET /lag`: the consumer lag of the app's group (its `application.id`) on every topic its
 * definitions read.
 */
export interface KsmlLagResponse {
  /** The consumer group measured: the app's `application.id`. */
  groupId: string;
  /** ISO 8601: when this measurement was taken. */
  measuredAt: string;
  /** The sum over every input topic. */
  total: number;
  topics: KsmlLagTopic[];
  /** Input topics the broker does not have (their lag cannot be measured). */
  missingTopics: string[];
  /** Recent measurements, oldest first, this one last: the backend keeps a short series. */
  history: KsmlLagSample[];
}

/** One partition in `POST /reset-offsets`: where the app's group is and where it goes. */
export interface KsmlOffsetResetPartition {
  topic: string;
  partition: number;
  /** The partition's earliest offset still kept. */
  earliestOffset: number;
  /** The partition's end offset (the next offset to be written). */
  endOffset: number;
  /** What the group committed before; absent when it never committed. */
  currentOffset?: number;
  /** Where the group starts again. */
  newOffset: number;
  /** The partition's lag before and after (see `GET /lag`). */
  lagBefore: number;
  lagAfter: number;
}

/** How Kafka keeps the app's group: a classic or consumer group, a Streams group (KIP-1071). */
export type KsmlGroupType = 'classic' | 'consumer' | 'streams' | 'unknown';

/**
 * `POST /reset-offsets`: each partition's current and new offset with the change in lag, and
 * whether it was applied (a dry run applies nothing).
 */
export interface KsmlOffsetResetResponse {
  /** The consumer group: the app's `application.id`. */
  groupId: string;
  /** How the broker keeps the group; `unknown` when it has none yet (it never committed). */
  groupType: KsmlGroupType;
  /** The group's state as the broker says it (`Empty`, `Stable`, `Dead`, …); absent without one. */
  groupState?: string;
  to: 'earliest' | 'latest' | 'time' | 'offsets';
  /** With `to: time`, ISO 8601. */
  time?: string;
  dryRun: boolean;
  /** True once the broker took the new offsets. */
  applied: boolean;
  /** Sums over the partitions. */
  lagBefore: number;
  lagAfter: number;
  partitions: KsmlOffsetResetPartition[];
}

/** `GET /topology`: the deployed app's graph, drawn from the definitions it runs. */
export interface KsmlTopologyResponse {
  /** The app's Kafka `application.id`: its consumer group, and the prefix of its internal topics. */
  applicationId: string;
  topology: KsmlTopology;
}
