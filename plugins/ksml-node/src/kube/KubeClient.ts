import type * as k8s from '@kubernetes/client-node';
import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { ReleaseCache } from '../cache/ReleaseCache';
import { ClusterTarget } from '../cluster/ClusterTarget';
import type { HelmRecordState } from '../helm/interruptedRelease';
import type { HelmReleaseJson } from '../helm/releaseRecords';
import { KsmlLogger } from '../logger';
import type { KsmlWorkloadObject } from '../status/mapStatus';
import { KubeHelmRecordsApi } from './KubeHelmRecordsApi';
import { KubeHttp, loadKubeConfig } from './KubeHttp';
import { KubeLogsApi } from './KubeLogsApi';
import { KubeRunnerMetricsApi } from './KubeRunnerMetricsApi';
import { KubeSecretsApi } from './KubeSecretsApi';
import { KubeTestRunsApi } from './KubeTestRunsApi';
import { KubeWorkloadsApi } from './KubeWorkloadsApi';
import { NamespaceApi } from './NamespaceApi';
import type { KsmlKubeClient, PodUsage } from './roles';

/**
 * Every Kubernetes call of the provisioner for one cluster target's namespace: the roles
 * (workloads, logs, Secrets, Helm records), one kept-alive connection pool ({@link KubeHttp})
 * under all of them, and the namespace's watch-backed cache. Failures are translated by
 * `translateKubeError`, naming the cluster.
 */
export class KubeClient implements KsmlKubeClient {
  readonly #http: KubeHttp;
  readonly #namespace: string;
  readonly #logger?: KsmlLogger;
  readonly #workloads: KubeWorkloadsApi;
  readonly #logs: KubeLogsApi;
  readonly #secrets: KubeSecretsApi;
  readonly #helmRecords: KubeHelmRecordsApi;
  readonly #runnerMetrics: KubeRunnerMetricsApi;
  readonly #testRuns: KubeTestRunsApi;
  #cache?: ReleaseCache;

  /** Connects to a target: its kubeconfig and context, or the in-cluster service account. */
  static async create(
    target: ClusterTarget,
    logger?: KsmlLogger,
  ): Promise<KubeClient> {
    const { config } = await loadKubeConfig(target);
    const http = await KubeHttp.create(config);
    const cluster = `"${config.getCurrentContext() || 'in-cluster'}" (${
      http.server
    })`;
    return new KubeClient(
      new NamespaceApi(http, target.namespace, cluster),
      logger,
    );
  }

  private constructor(api: NamespaceApi, logger?: KsmlLogger) {
    this.#http = api.http;
    this.#namespace = api.namespace;
    this.#logger = logger;
    this.#workloads = new KubeWorkloadsApi(api);
    this.#logs = new KubeLogsApi(api);
    this.#secrets = new KubeSecretsApi(api);
    this.#helmRecords = new KubeHelmRecordsApi(api);
    this.#runnerMetrics = new KubeRunnerMetricsApi(api);
    this.#testRuns = new KubeTestRunsApi(api);
  }

  testRuns(): KubeTestRunsApi {
    return this.#testRuns;
  }

  cache(): ReleaseCache {
    this.#cache ??= new ReleaseCache(this.#http, this.#namespace, {
      logger: this.#logger,
    }).start();
    return this.#cache;
  }

  async close(): Promise<void> {
    await this.#cache?.close();
    await this.#http.close();
  }

  // Each role's calls, as methods of this client (so that a Proxy, like the operator's
  // leadership fence, sees every call by its name).

  readRunnerMetrics(
    pod: string,
    port: number,
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<string> {
    return this.#runnerMetrics.readRunnerMetrics(pod, port, names, signal);
  }
  readWorkload(release: string): Promise<KsmlWorkloadObject | undefined> {
    return this.#workloads.readWorkload(release);
  }
  listPods(release: string): Promise<k8s.V1Pod[]> {
    return this.#workloads.listPods(release);
  }
  podUsage(release: string): Promise<PodUsage[]> {
    return this.#workloads.podUsage(release);
  }
  restartStatefulSet(release: string, at: Date): Promise<void> {
    return this.#workloads.restartStatefulSet(release, at);
  }
  listEvents(objectNames: string[]): Promise<k8s.CoreV1Event[]> {
    return this.#workloads.listEvents(objectNames);
  }
  listClaims(release: string): Promise<string[]> {
    return this.#workloads.listClaims(release);
  }
  deleteClaims(release: string): Promise<string[]> {
    return this.#workloads.deleteClaims(release);
  }

  readLog(
    pod: string,
    tailLines: number,
    options?: { previous?: boolean },
  ): Promise<string> {
    return this.#logs.readLog(pod, tailLines, options);
  }
  streamLog(
    pod: string,
    options: { tailLines: number; signal: AbortSignal },
  ): Promise<AsyncIterable<Buffer>> {
    return this.#logs.streamLog(pod, options);
  }

  readSecret(name: string): Promise<k8s.V1Secret | undefined> {
    return this.#secrets.readSecret(name);
  }
  writeSecret(secret: Parameters<KubeSecretsApi['writeSecret']>[0]) {
    return this.#secrets.writeSecret(secret);
  }
  deleteSecret(name: string): Promise<boolean> {
    return this.#secrets.deleteSecret(name);
  }

  readHelmRelease(release: string): Promise<KsmlHelmRelease | undefined> {
    return this.#helmRecords.readHelmRelease(release);
  }
  helmRecords(release: string): Promise<HelmRecordState[]> {
    return this.#helmRecords.helmRecords(release);
  }
  readHelmRevisions(release: string): Promise<HelmReleaseJson[]> {
    return this.#helmRecords.readHelmRevisions(release);
  }
}
