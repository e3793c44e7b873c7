import type { KsmlAppRef } from '../naming';
import type {
  DeployRequestInput,
  TestRequestInput,
} from '../schema/deployRequest';
import type { PreflightRequestInput } from '../schema/preflightRequest';
import type { PromoteRequestInput } from '../schema/promoteRequest';
import type { ResetOffsetsRequestInput } from '../schema/resetOffsetsRequest';
import type {
  KsmlDefinitionResponse,
  KsmlDeploymentRecord,
  KsmlDeployResponse,
  KsmlEvent,
  KsmlGitopsFilesResponse,
  KsmlLagResponse,
  KsmlOffsetResetResponse,
  KsmlLogLine,
  KsmlLogsResponse,
  KsmlOperationResponse,
  KsmlPreflightEnvironment,
  KsmlPromoteResponse,
  KsmlRecordsResponse,
  KsmlRevision,
  KsmlManagedApp,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlRenderResponse,
  KsmlTestResponse,
  KsmlStatusResponse,
  KsmlTopologyResponse,
  KsmlUndeployResponse,
} from '../types';

/** Finds a plugin's base URL: Backstage's DiscoveryApi (frontend) or DiscoveryService (backend). */
export interface KsmlDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** Which records of an app's topic to read (see `GET /records`). */
export interface KsmlRecordsQuery {
  topic: string;
  /** Default 50, at most 500. */
  limit?: number;
  /** From this time (ISO 8601) instead of the last ones. */
  from?: string;
  /** With `offset`: one partition, from that offset. */
  partition?: number;
  offset?: number;
  /** Key or value contains this text, ignoring case. */
  filter?: string;
}

/** Per-call options. */
export interface KsmlRequestOptions {
  /**
   * A Backstage token to send as `Authorization: Bearer`. Backend callers pass a plugin request
   * token on behalf of the user; in the browser the FetchApi adds the user's token itself.
   */
  token?: string;
  signal?: AbortSignal;
}

/** The KSML backend's routes (pluginId `ksml`), as a typed API. */
export interface KsmlApi {
  deploy(
    request: DeployRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlDeployResponse>;
  /** Runs the request's KSML tests (`tests`) and reports each one; applies nothing. */
  test(
    request: TestRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlTestResponse>;
  /** Validates the request and returns what a deploy would install; applies nothing. */
  render(
    request: DeployRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlRenderResponse>;
  /**
   * Deploys the last recorded desired state again; secret Kafka properties must be resent.
   * `definitions` (and `schemas`) replace the recorded ones: an edit with all else kept.
   */
  redeploy(
    ref: KsmlRedeployInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlDeployResponse>;
  /** What a Helm revision of the app runs (the deployed one unless `revision` is given). */
  definition(
    ref: KsmlAppRef & { revision?: number },
    options?: KsmlRequestOptions,
  ): Promise<KsmlDefinitionResponse>;
  /** Deploys what runs in one environment to another; `dryRun` checks and applies nothing. */
  promote(
    request: PromoteRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlPromoteResponse>;
  /** A form's checks before Create: does the app run there already, do its input topics exist. */
  preflight(
    request: PreflightRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlPreflightEnvironment[]>;
  /** The recorded operations of every app, newest first (one person's with `actor`). */
  changes(
    filter?: { actor?: string; limit?: number },
    options?: KsmlRequestOptions,
  ): Promise<KsmlDeploymentRecord[]>;
  undeploy(
    ref: KsmlAppRef & { deleteStorage?: boolean },
    options?: KsmlRequestOptions,
  ): Promise<KsmlUndeployResponse>;
  status(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlStatusResponse>;
  logs(
    ref: KsmlAppRef & { tailLines?: number; previous?: boolean },
    options?: KsmlRequestOptions,
  ): Promise<KsmlLogsResponse>;
  metrics(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlMetricsResponse>;
  /**
   * The app's throughput as its KSML runners report it: records in and out per replica, its
   * processor nodes, its functions' timings, the JVM heap and their trend (the last hour the
   * backend kept, or `range` such as `6h` from the environment's Prometheus). 404 when not
   * deployed.
   */
  throughput(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions & { range?: string },
  ): Promise<KsmlThroughputResponse>;
  history(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlDeploymentRecord[]>;
  /** Every app the backend manages, with its live status; `filter` narrows it. */
  apps(
    filter?: KsmlAppsFilter,
    options?: KsmlRequestOptions,
  ): Promise<KsmlManagedApp[]>;
  /** The app's Helm revisions, newest first, with what each changed and who made it. */
  revisions(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlRevision[]>;
  /** Back to an earlier revision. */
  rollback(
    ref: KsmlAppRef & { revision: number },
    options?: KsmlRequestOptions,
  ): Promise<KsmlOperationResponse>;
  /** Other replicas for the installed app; 0 stops it. */
  scale(
    ref: KsmlAppRef & { replicas: number },
    options?: KsmlRequestOptions,
  ): Promise<KsmlOperationResponse>;
  /** A rolling restart (a Job runs anew). */
  restart(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlOperationResponse>;
  /** The app's Kubernetes events and operations on one timeline, newest first. */
  events(ref: KsmlAppRef, options?: KsmlRequestOptions): Promise<KsmlEvent[]>;
  /** The GitOps files published for the app's environment (the dev portal's publish folder). */
  gitopsFiles(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlGitopsFilesResponse>;
  /**
   * The consumer lag of the app's group on every topic its definitions read, with a short
   * trend. A 404 when the app's environment has no Kafka connection, a 503 when the broker
   * cannot be reached.
   */
  lag(ref: KsmlAppRef, options?: KsmlRequestOptions): Promise<KsmlLagResponse>;
  /**
   * Records of one of the app's topics, decoded by its declared types: the last ones, or from a
   * time or an offset, filtered on key and value. Needs `ksml.app.data.read` on the app.
   */
  records(
    ref: KsmlAppRef,
    query: KsmlRecordsQuery,
    options?: KsmlRequestOptions,
  ): Promise<KsmlRecordsResponse>;
  /**
   * Moves the app's consumer group on its input topics (earliest, latest, a time, or offsets
   * per partition), or with `dryRun` only says where each partition would go. A 409 while the
   * app runs. Needs `ksml.app.operate` on the app.
   */
  resetOffsets(
    request: ResetOffsetsRequestInput,
    options?: KsmlRequestOptions,
  ): Promise<KsmlOffsetResetResponse>;
  /** The deployed app's topology, drawn from the definitions it runs. */
  topology(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions,
  ): Promise<KsmlTopologyResponse>;
  /**
   * Follows every replica's log (server-sent events of `GET /logs/follow`), calling `onLine`
   * for each line, until `options.signal` aborts (then it resolves) or the stream ends.
   */
  followLogs(
    ref: KsmlAppRef & { tailLines?: number },
    onLine: (line: KsmlLogLine) => void,
    options?: KsmlRequestOptions,
  ): Promise<void>;
}

/** The body of a redeploy: the app, secrets again, and definitions (and schemas) to change. */
export type KsmlRedeployInput = KsmlAppRef & {
  secretKafkaProperties?: Record<string, string>;
  definitions?: Record<string, string>;
  schemas?: { schemaFileName: string; schemaBody: string }[];
};

/** Which apps `GET /apps` lists: those matching every field given. */
export type KsmlAppsFilter = Partial<
  Pick<KsmlAppRef, 'tenant' | 'instance' | 'application'>
>;
