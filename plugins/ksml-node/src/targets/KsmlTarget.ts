import type {
  DeployRequest,
  KsmlAppRef,
  KsmlChartReference,
  KsmlDefinitionResponse,
  KsmlEvent,
  KsmlLogLine,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlOperationResponse,
  KsmlRevision,
  KsmlStatusResponse,
  KsmlTestReport,
  KsmlTopologyResponse,
} from '@ksml-backstage/plugin-ksml-common';
import type { DeployResult, RenderedApp } from '../provisioner/KsmlProvisioner';
import type { StatusReadOptions } from '../provisioner/ReleaseObservations';

/** What an undeploy did. */
export interface UndeployResult {
  release: string;
  namespace: string;
  /** The PersistentVolumeClaims deleted with `deleteStorage`. */
  deletedClaims?: string[];
}

/**
 * What runs the KSML apps of an environment: a cluster the backend reaches itself
 * ({@link KsmlProvisioner}) or a provisioner running inside that cluster, reached over HTTP
 * ({@link RemoteProvisioner}). Every route works the same on either; failures are
 * `@backstage/errors` with their usual meaning.
 */
export interface KsmlTarget {
  deploy(request: DeployRequest): Promise<DeployResult>;
  /** What a deploy would install; a remote target also says its namespace and chart. */
  render(
    request: DeployRequest,
  ): Promise<RenderedApp & { namespace?: string; chart?: KsmlChartReference }>;
  /** Runs the request's KSML tests and reports each one (see KsmlProvisioner.test). */
  test(request: DeployRequest): Promise<KsmlTestReport>;
  undeploy(
    ref: KsmlAppRef,
    options?: { deleteStorage?: boolean },
  ): Promise<UndeployResult>;
  /** See {@link StatusReadOptions}: a remote target ignores them. */
  status(
    ref: KsmlAppRef,
    options?: StatusReadOptions,
  ): Promise<KsmlStatusResponse>;
  /** The last lines of each replica's log; `previous`: of its last terminated container. */
  logs(
    ref: KsmlAppRef,
    tailLines?: number,
    options?: { previous?: boolean },
  ): Promise<KsmlLogsResponse>;
  /** Follows every replica's log until `signal` aborts (see `followLogs`). */
  followLogs(
    ref: KsmlAppRef,
    options: {
      tailLines: number;
      signal: AbortSignal;
      onLine(line: KsmlLogLine): void;
      /** Called once the stream begins (the app has pods to follow). */
      onStart?(): void;
    },
  ): Promise<void>;
  metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse>;
  /** What the app's runners report of their throughput, with the trend the target keeps. */
  throughput(ref: KsmlAppRef): Promise<KsmlThroughputResponse>;
  /** The app's Helm revisions, newest first, with what each changed. */
  revisions(ref: KsmlAppRef): Promise<KsmlRevision[]>;
  /** Back to an earlier revision: 400 for one that no longer exists, 409 for a Job. */
  rollback(ref: KsmlAppRef, revision: number): Promise<KsmlOperationResponse>;
  /** The installed app with other replicas (0 stops it); a new Helm revision. */
  scale(ref: KsmlAppRef, replicas: number): Promise<KsmlOperationResponse>;
  /** A rolling restart of a StatefulSet; a Job is run anew (deleted and made again). */
  restart(ref: KsmlAppRef): Promise<KsmlOperationResponse>;
  /** The Kubernetes events of the app's workload, pods and claims, newest first. */
  events(ref: KsmlAppRef): Promise<KsmlEvent[]>;
  /** The deployed revision's topology (its definitions drawn) and `application.id`. */
  topology(ref: KsmlAppRef): Promise<KsmlTopologyResponse>;
  /**
   * What a Helm revision of the app runs (the deployed one unless `revision` is given), read
   * from the release: definitions, schemas, replicas, mode. 404 when there is no such revision.
   */
  definition(
    ref: KsmlAppRef,
    options?: { revision?: number },
  ): Promise<KsmlDefinitionResponse>;
  /** True for a Kafka property whose value is a secret (to redact where requests are kept). */
  isSecretProperty(key: string): boolean;
}

/** The target of an environment; an InputError for an environment that has none. */
export type KsmlTargetResolver = (environment: string) => KsmlTarget;
