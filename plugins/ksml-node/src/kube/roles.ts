import type * as k8s from '@kubernetes/client-node';
import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import type { ReleaseCache } from '../cache/ReleaseCache';
import type { HelmReleaseJson } from '../helm/releaseRecords';
import type { HelmRecordState } from '../helm/interruptedRelease';
import type { KsmlWorkloadObject } from '../status/mapStatus';

// The Kubernetes calls the provisioner makes, by role. A module takes the role it needs, and its
// test fakes that role in a few lines; KubeClient serves them all over one transport (KubeHttp).

/** Usage of one pod as metrics.k8s.io reports it, summed over its containers. */
export interface PodUsage {
  pod: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** The pod template annotation whose change rolls the pods, as `kubectl rollout restart` sets it. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Label selector of every pod of a release of the KSML chart. */
export function releaseSelector(release: string): string {
  return `app.kubernetes.io/name=ksml,app.kubernetes.io/instance=${release}`;
}

/** The release's workload and what belongs to it: pods, usage, events, claims, restarts. */
export interface KubeWorkloads {
  readWorkload(release: string): Promise<KsmlWorkloadObject | undefined>;
  listPods(release: string): Promise<k8s.V1Pod[]>;
  podUsage(release: string): Promise<PodUsage[]>;
  /** A rolling restart of the release's StatefulSet, as `kubectl rollout restart` does it. */
  restartStatefulSet(release: string, at: Date): Promise<void>;
  /** The events of these objects of the namespace (by name), any type. */
  listEvents(objectNames: string[]): Promise<k8s.CoreV1Event[]>;
  /** The names of the release's PersistentVolumeClaims. */
  listClaims(release: string): Promise<string[]>;
  deleteClaims(release: string): Promise<string[]>;
}

/** The `ksml` container's logs of a pod. */
export interface KubeLogs {
  readLog(
    pod: string,
    tailLines: number,
    options?: { previous?: boolean },
  ): Promise<string>;
  /**
   * A pod's `ksml` container log as it is written, from its last `tailLines` lines; ends when
   * the container or the pod does, or when `signal` aborts.
   */
  streamLog(
    pod: string,
    options: { tailLines: number; signal: AbortSignal },
  ): Promise<AsyncIterable<Buffer>>;
}

/** The KSML runner's own metrics (its Prometheus endpoint), through the API server's pod proxy. */
export interface KubeRunnerMetrics {
  /** The runner's series of these names, as Prometheus text; `signal` abandons the read. */
  readRunnerMetrics(
    pod: string,
    port: number,
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<string>;
}

/** The namespace's Secrets (an app's secret Kafka properties). */
export interface KubeSecrets {
  /** A Secret of the namespace, or undefined when there is none of that name. */
  readSecret(name: string): Promise<k8s.V1Secret | undefined>;
  /**
   * Creates the Secret, or replaces it when `resourceVersion` (of the one read before) is
   * given; a concurrent change is a ConflictError. Resolves with the stored Secret.
   */
  writeSecret(secret: {
    name: string;
    labels: Record<string, string>;
    data: Record<string, string>;
    resourceVersion?: string;
  }): Promise<k8s.V1Secret>;
  /** Deletes a Secret; resolves false when there was none. */
  deleteSecret(name: string): Promise<boolean>;
}

/** Helm's own records of a release (its record Secrets), read without a helm process. */
export interface KubeHelmRecords {
  /**
   * The release's newest revision from Helm's own record Secrets (what `helm get metadata`
   * prints), or undefined when Helm has no such release here.
   */
  readHelmRelease(release: string): Promise<KsmlHelmRelease | undefined>;
  /** Every revision of the release as its Helm record's labels tell it (status, when made). */
  helmRecords(release: string): Promise<HelmRecordState[]>;
  /** Every revision of the release, decoded (values and manifest included), newest first. */
  readHelmRevisions(release: string): Promise<HelmReleaseJson[]>;
}

/**
 * The Kubernetes calls the provisioner needs for one cluster target, by role: a module that
 * needs one role takes that interface alone (and a test fakes it in a few lines).
 */
/**
 * Runs of KSML's test runner as Jobs of the namespace: a ConfigMap of the files it reads and
 * a Job whose pod runs it, both named after the run and deleted with it.
 */
export interface KubeTestRuns {
  /** Creates the run's ConfigMap (file key -> text) and then its Job. */
  startTestRun(run: {
    name: string;
    labels: Record<string, string>;
    files: Record<string, string>;
    job: k8s.V1Job;
  }): Promise<void>;
  /** The run's Job and its pod (the newest, if several), as they are now. */
  readTestRun(name: string): Promise<{ job?: k8s.V1Job; pod?: k8s.V1Pod }>;
  /** Deletes the Job (its pods with it) and the ConfigMap; missing ones are no error. */
  deleteTestRun(name: string): Promise<void>;
}

export interface KsmlKubeClient
  extends KubeWorkloads,
    KubeLogs,
    KubeSecrets,
    KubeHelmRecords {
  /**
   * The namespace's watch-backed cache of KSML apps, started on first call; absent where
   * there is nothing to watch (test doubles), and then every read goes to the API.
   */
  cache?(): ReleaseCache;
  /** Test runs as Jobs of the namespace; absent in test doubles that run none. */
  testRuns?(): KubeTestRuns;
  /**
   * The runners' own metrics; absent where there are no runners to read (test doubles), and
   * then no replica's Kafka Streams state is known.
   */
  readRunnerMetrics?: KubeRunnerMetrics['readRunnerMetrics'];
  /** Ends the cache's watches and the connections. */
  close?(): Promise<void>;
}
