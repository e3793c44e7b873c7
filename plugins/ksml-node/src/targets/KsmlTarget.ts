import type {
  DeployRequest,
  KsmlAppRef,
  KsmlChartReference,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import type { DeployResult, RenderedApp } from '../provisioner/KsmlProvisioner';

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
  undeploy(
    ref: KsmlAppRef,
    options?: { deleteStorage?: boolean },
  ): Promise<UndeployResult>;
  status(ref: KsmlAppRef): Promise<KsmlStatusResponse>;
  logs(ref: KsmlAppRef, tailLines?: number): Promise<KsmlLogsResponse>;
  metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse>;
  /** True for a Kafka property whose value is a secret (to redact where requests are kept). */
  isSecretProperty(key: string): boolean;
}

/** The target of an environment; an InputError for an environment that has none. */
export type KsmlTargetResolver = (environment: string) => KsmlTarget;
