import type * as k8s from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  cpuMillicores,
  KsmlHelmRelease,
  memoryBytes,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { ClusterTarget } from '../cluster/ClusterTarget';
import {
  decodeHelmRecord,
  decodeHelmRecordJson,
  HelmReleaseJson,
  helmRecordSelector,
  HelmRecordSecret,
  newestRecord,
} from '../helm/releaseRecords';
import { HelmRecordState, recordStates } from '../helm/interruptedRelease';
import { ReleaseCache } from '../cache/ReleaseCache';
import { KsmlLogger } from '../logger';
import { KsmlWorkloadObject } from '../status/mapStatus';
import { withSpan } from '../tracing';
import { byPodName } from '../util/byPodName';
import { kubeStatusCode, translateKubeError } from './errors';
import { KubeHttp, loadKubeConfig, METADATA_ONLY } from './KubeHttp';

type ClientNode = typeof k8s;

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
  /** Ends the cache's watches and the connections. */
  close?(): Promise<void>;
}

/**
 * The Kubernetes calls behind status, logs and metrics (and the storage clean-up of an
 * undeploy), through @kubernetes/client-node.
 * One instance per cluster target; failures are translated by {@link translateKubeError}.
 */
export class KubeReader implements KsmlKubeClient {
  readonly #namespace: string;
  readonly #core: k8s.CoreV1Api;
  readonly #http: KubeHttp;
  /** How errors name the cluster: its context and API server. */
  readonly #cluster: string;
  readonly #logger?: KsmlLogger;
  #cache?: ReleaseCache;

  /** Connects to a target: its kubeconfig and context, or the in-cluster service account. */
  static async create(
    target: ClusterTarget,
    logger?: KsmlLogger,
  ): Promise<KubeReader> {
    const { lib, config } = await loadKubeConfig(target);
    const http = await KubeHttp.create(config);
    return new KubeReader(lib, config, http, target.namespace, logger);
  }

  private constructor(
    lib: ClientNode,
    config: k8s.KubeConfig,
    http: KubeHttp,
    namespace: string,
    logger?: KsmlLogger,
  ) {
    this.#namespace = namespace;
    this.#core = config.makeApiClient(lib.CoreV1Api);
    this.#http = http;
    this.#cluster = `"${config.getCurrentContext() || 'in-cluster'}" (${
      http.server
    })`;
    this.#logger = logger;
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

  /** `/api/v1/namespaces/<ns>/<rest>` or `/apis/<group>/namespaces/<ns>/<rest>`. */
  #path(group: string, rest: string): string {
    const prefix = group === 'v1' ? '/api/v1' : `/apis/${group}`;
    return `${prefix}/namespaces/${encodeURIComponent(
      this.#namespace,
    )}/${rest}`;
  }

  /** The release's StatefulSet or Job (StatefulSet first), or undefined when it has neither. */
  async readWorkload(release: string): Promise<KsmlWorkloadObject | undefined> {
    return this.#traced(
      'readWorkload',
      { 'ksml.release': release },
      async () => {
        const name = encodeURIComponent(release);
        const [sts, job] = await Promise.all([
          orUndefined(
            () =>
              this.#http.json<k8s.V1StatefulSet>(
                this.#path('apps/v1', `statefulsets/${name}`),
              ),
            this.#cluster,
          ),
          orUndefined(
            () =>
              this.#http.json<k8s.V1Job>(
                this.#path('batch/v1', `jobs/${name}`),
              ),
            this.#cluster,
          ),
        ]);
        if (sts) return { kind: 'StatefulSet', object: sts };
        return job ? { kind: 'Job', object: job } : undefined;
      },
    );
  }

  /** The release's pods, sorted by name (so StatefulSet ordinals come in order). */
  async listPods(release: string): Promise<k8s.V1Pod[]> {
    return this.#call(
      'listPods',
      { 'ksml.release': release },
      `listing the pods of ${release}`,
      async () => {
        const list = await this.#http.json<k8s.V1PodList>(
          this.#path('v1', 'pods'),
          { labelSelector: releaseSelector(release) },
        );
        return list.items.sort(byPodName);
      },
    );
  }

  /** The last lines of a pod's `ksml` container log; `previous`: of its last terminated run. */
  async readLog(
    pod: string,
    tailLines: number,
    options: { previous?: boolean } = {},
  ): Promise<string> {
    return this.#call(
      'readLog',
      { 'ksml.pod': pod },
      `reading the log of ${pod}`,
      async () => {
        return this.#http.text(
          this.#path('v1', `pods/${encodeURIComponent(pod)}/log`),
          {
            container: 'ksml',
            tailLines,
            ...(options.previous ? { previous: 'true' } : {}),
          },
        );
      },
    );
  }

  async streamLog(
    pod: string,
    options: { tailLines: number; signal: AbortSignal },
  ): Promise<AsyncIterable<Buffer>> {
    return this.#call(
      'streamLog',
      { 'ksml.pod': pod },
      `following the log of ${pod}`,
      () =>
        this.#http.stream(
          this.#path('v1', `pods/${encodeURIComponent(pod)}/log`),
          { container: 'ksml', follow: 'true', tailLines: options.tailLines },
          '*/*',
          options.signal,
        ),
    );
  }

  /**
   * Deletes the release's PersistentVolumeClaims (the StatefulSet's store claims, which Helm
   * leaves behind on uninstall); resolves with their names.
   */
  async deleteClaims(release: string): Promise<string[]> {
    return this.#call(
      'deleteClaims',
      { 'ksml.release': release },
      `deleting the storage of ${release}`,
      async () => {
        const claims = await this.#core.listNamespacedPersistentVolumeClaim({
          namespace: this.#namespace,
          labelSelector: releaseSelector(release),
        });
        const names = claims.items
          .map(c => c.metadata?.name ?? '')
          .filter(Boolean);
        for (const name of names) {
          await this.#core.deleteNamespacedPersistentVolumeClaim({
            name,
            namespace: this.#namespace,
          });
        }
        return names;
      },
    );
  }

  async readHelmRevisions(release: string): Promise<HelmReleaseJson[]> {
    return this.#call(
      'readHelmRevisions',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => {
        const list = await this.#http.json<{ items?: HelmRecordSecret[] }>(
          this.#path('v1', 'secrets'),
          { labelSelector: helmRecordSelector(release) },
        );
        return (list.items ?? [])
          .map(decodeHelmRecordJson)
          .sort((a, b) => b.version - a.version);
      },
    );
  }

  async restartStatefulSet(release: string, at: Date): Promise<void> {
    await this.#call(
      'restartStatefulSet',
      { 'ksml.release': release },
      `restarting ${release}`,
      async () => {
        await this.#http.mergePatch(
          this.#path('apps/v1', `statefulsets/${encodeURIComponent(release)}`),
          {
            spec: {
              template: {
                metadata: { annotations: { [RESTARTED_AT]: at.toISOString() } },
              },
            },
          },
        );
      },
    );
  }

  async listEvents(objectNames: string[]): Promise<k8s.CoreV1Event[]> {
    return this.#call(
      'listEvents',
      { 'ksml.objects': objectNames.join(',') },
      'reading events',
      async () => {
        const lists = await Promise.all(
          objectNames.map(name =>
            this.#http.json<{ items?: k8s.CoreV1Event[] }>(
              this.#path('v1', 'events'),
              { fieldSelector: `involvedObject.name=${name}` },
            ),
          ),
        );
        return lists.flatMap(l => l.items ?? []);
      },
    );
  }

  async listClaims(release: string): Promise<string[]> {
    return this.#call(
      'listClaims',
      { 'ksml.release': release },
      `listing the storage of ${release}`,
      async () => {
        const claims = await this.#http.json<{
          items?: k8s.V1PersistentVolumeClaim[];
        }>(this.#path('v1', 'persistentvolumeclaims'), {
          labelSelector: releaseSelector(release),
        });
        return (claims.items ?? [])
          .map(c => c.metadata?.name ?? '')
          .filter(Boolean);
      },
    );
  }

  async readHelmRelease(release: string): Promise<KsmlHelmRelease | undefined> {
    return this.#call(
      'readHelmRelease',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => {
        // Labels first (every revision), then the one newest record's payload.
        const newest = newestRecord(await this.#helmRecordLabels(release));
        const name = newest?.metadata?.name;
        if (!name) return undefined;
        return decodeHelmRecord(
          await this.#http.json<HelmRecordSecret>(
            this.#path('v1', `secrets/${encodeURIComponent(name)}`),
          ),
        );
      },
    );
  }

  async helmRecords(release: string): Promise<HelmRecordState[]> {
    return this.#call(
      'helmRecords',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => recordStates(await this.#helmRecordLabels(release)),
    );
  }

  /** Every revision's record Secret of a release, metadata only. */
  async #helmRecordLabels(release: string): Promise<HelmRecordSecret[]> {
    const list = await this.#http.json<{ items?: HelmRecordSecret[] }>(
      this.#path('v1', 'secrets'),
      { labelSelector: helmRecordSelector(release) },
      METADATA_ONLY.list,
    );
    // An empty metadata-only list comes with `items: null`.
    return list.items ?? [];
  }

  async readSecret(name: string): Promise<k8s.V1Secret | undefined> {
    return this.#call(
      'readSecret',
      { 'k8s.secret.name': name },
      `reading the Secret ${name}`,
      async () => {
        try {
          return await this.#http.json<k8s.V1Secret>(
            this.#path('v1', `secrets/${encodeURIComponent(name)}`),
          );
        } catch (error) {
          if (kubeStatusCode(error) === 404) return undefined;
          throw error;
        }
      },
    );
  }

  async writeSecret(secret: {
    name: string;
    labels: Record<string, string>;
    data: Record<string, string>;
    resourceVersion?: string;
  }): Promise<k8s.V1Secret> {
    const body: k8s.V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: secret.name,
        namespace: this.#namespace,
        labels: secret.labels,
        ...(secret.resourceVersion
          ? { resourceVersion: secret.resourceVersion }
          : {}),
      },
      // base64 here rather than stringData: what is stored is exactly what was sent.
      data: Object.fromEntries(
        Object.entries(secret.data).map(([k, v]) => [
          k,
          Buffer.from(v, 'utf8').toString('base64'),
        ]),
      ),
    };
    return this.#call(
      'writeSecret',
      { 'k8s.secret.name': secret.name },
      `writing the Secret ${secret.name}`,
      () =>
        secret.resourceVersion
          ? this.#core.replaceNamespacedSecret({
              name: secret.name,
              namespace: this.#namespace,
              body,
            })
          : this.#core.createNamespacedSecret({
              namespace: this.#namespace,
              body,
            }),
    );
  }

  async deleteSecret(name: string): Promise<boolean> {
    return this.#call(
      'deleteSecret',
      { 'k8s.secret.name': name },
      `deleting the Secret ${name}`,
      async () => {
        try {
          await this.#core.deleteNamespacedSecret({
            name,
            namespace: this.#namespace,
          });
          return true;
        } catch (error) {
          if (kubeStatusCode(error) === 404) return false;
          throw error;
        }
      },
    );
  }

  /**
   * CPU and memory of the release's pods from metrics.k8s.io. A NotFoundError says why there
   * is nothing: the metrics API is not installed, or it has no figures for these pods yet.
   */
  async podUsage(release: string): Promise<PodUsage[]> {
    return this.#traced('podUsage', { 'ksml.release': release }, async () => {
      let list: {
        items?: Array<{
          metadata?: { name?: string };
          containers?: Array<{ usage?: Record<string, string> }>;
        }>;
      };
      try {
        list = await this.#http.json(
          this.#path('metrics.k8s.io/v1beta1', 'pods'),
          { labelSelector: releaseSelector(release) },
        );
      } catch (error) {
        const code = kubeStatusCode(error);
        if (code === 404 || code === 503) {
          throw withReason(
            new NotFoundError(
              'Metrics are not available: the cluster has no working metrics.k8s.io API (install metrics-server)',
            ),
            'MetricsUnavailable',
          );
        }
        throw translateKubeError(error, 'reading pod metrics', this.#cluster);
      }
      return (list.items ?? []).map(item => ({
        pod: item.metadata?.name ?? '',
        cpuMillicores: sum(item.containers, c =>
          cpuMillicores(c.usage?.cpu ?? '0'),
        ),
        memoryBytes: sum(item.containers, c =>
          memoryBytes(c.usage?.memory ?? '0'),
        ),
      }));
    });
  }

  /** Runs `fn` in a span named after the operation, tagged with this reader's namespace. */
  #traced<T>(
    operation: string,
    attributes: Record<string, string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    return withSpan(
      `kubernetes ${operation}`,
      { ...attributes, 'k8s.namespace.name': this.#namespace },
      fn,
    );
  }

  /** {@link KubeReader.#traced}, translating a failed call once (`what` names it in the message). */
  #call<T>(
    operation: string,
    attributes: Record<string, string>,
    what: string,
    call: () => Promise<T>,
  ): Promise<T> {
    return this.#traced(operation, attributes, async () => {
      try {
        return await call();
      } catch (error) {
        throw translateKubeError(error, what, this.#cluster);
      }
    });
  }
}

async function orUndefined<T>(
  read: () => Promise<T>,
  cluster: string,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (kubeStatusCode(error) === 404) return undefined;
    throw translateKubeError(error, 'reading the workload', cluster);
  }
}

function sum<T>(items: T[] | undefined, value: (item: T) => number): number {
  return (items ?? []).reduce((total, item) => total + value(item), 0);
}
