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
  /** Extension: why the app is Failing (CrashLoopBackOff, ImagePullBackOff, OOMKilled, ...). */
  reason?: string;
  /** Extension: a human-readable detail for the reason. */
  message?: string;
}

/** `GET /status` response. */
export interface KsmlStatusResponse {
  helm: KsmlHelmRelease;
  kubernetes: KsmlWorkload;
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
