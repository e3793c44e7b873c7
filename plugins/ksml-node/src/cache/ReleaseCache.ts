import type { V1Pod } from '@kubernetes/client-node';
import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import {
  decodeHelmRecord,
  HelmRecordSecret,
  newestRecord,
} from '../helm/releaseRecords';
import { KubeHttp, METADATA_ONLY } from '../kube/KubeHttp';
import { KsmlLogger, silentLogger } from '../logger';
import { KsmlWorkloadObject } from '../status/mapStatus';
import { byPodName } from '../util/byPodName';
import { ListWatch } from './ListWatch';
import {
  HelmRecordMeta,
  instanceOf,
  SlimJob,
  SlimPod,
  SlimStatefulSet,
  slimHelmRecord,
  slimJob,
  slimPod,
  slimStatefulSet,
} from './slim';

/** Label of every object the KSML chart renders (its `selectorLabels`). */
const KSML_OBJECTS = 'app.kubernetes.io/name=ksml';
/** Label of Helm 3's release record Secrets. */
const HELM_RECORDS = 'owner=helm';
/** Release records decoded at once after a change. */
const DECODES_IN_FLIGHT = 4;

/** What the cache holds of one release. */
export interface ReleaseSnapshot {
  /** Helm's newest revision; undefined when Helm has no such release. */
  helm?: KsmlHelmRelease;
  workload?: KsmlWorkloadObject;
  /** Sorted by name, so StatefulSet ordinals come in order. */
  pods: V1Pod[];
}

/** How current the cache is. */
export interface CacheState {
  /** Every watch is open: reads from memory are current. */
  fresh: boolean;
  /** When the cache was last known current (undefined before its first list). */
  currentAt?: Date;
  /** Why a watch is down, while it is. */
  error?: string;
}

/**
 * The KSML apps of one namespace, kept in memory by four watches selected by labels: the
 * chart's StatefulSets, Jobs and pods, and the metadata (labels only) of Helm's release record
 * Secrets. A release's newest record is decoded once per change, never every revision, so
 * memory grows with the apps, and the number of watches with clusters and namespaces only.
 */
export class ReleaseCache {
  readonly #http: KubeHttp;
  readonly #namespace: string;
  readonly #statefulSets: ListWatch<SlimStatefulSet>;
  readonly #jobs: ListWatch<SlimJob>;
  readonly #pods: ListWatch<SlimPod>;
  readonly #records: ListWatch<HelmRecordMeta>;
  /** Each release's decoded newest record, keyed by that record's name and resourceVersion. */
  readonly #decoded = new Map<
    string,
    { key: string; value: KsmlHelmRelease }
  >();
  readonly #decoding = new Map<string, Promise<KsmlHelmRelease>>();
  readonly #queue = new Set<string>();
  #decodersRunning = 0;
  /** This process's own writes the watches have not shown yet (read-your-writes). */
  readonly #expected = new Map<
    string,
    { revision?: number; status?: string; until: number }
  >();
  readonly #logger: KsmlLogger;

  constructor(
    http: KubeHttp,
    namespace: string,
    options: {
      logger?: KsmlLogger;
      backoff?: { initialMs: number; maxMs: number };
    } = {},
  ) {
    this.#http = http;
    this.#namespace = namespace;
    this.#logger = options.logger ?? silentLogger;
    const common = {
      source: http,
      logger: this.#logger,
      backoff: options.backoff,
    };
    const ns = encodeURIComponent(namespace);
    this.#statefulSets = new ListWatch({
      ...common,
      path: `/apis/apps/v1/namespaces/${ns}/statefulsets`,
      labelSelector: KSML_OBJECTS,
      slim: slimStatefulSet,
    });
    this.#jobs = new ListWatch({
      ...common,
      path: `/apis/batch/v1/namespaces/${ns}/jobs`,
      labelSelector: KSML_OBJECTS,
      slim: slimJob,
    });
    this.#pods = new ListWatch<SlimPod>({
      ...common,
      path: `/api/v1/namespaces/${ns}/pods`,
      labelSelector: KSML_OBJECTS,
      slim: slimPod,
      index: instanceOf,
    });
    this.#records = new ListWatch({
      ...common,
      path: `/api/v1/namespaces/${ns}/secrets`,
      labelSelector: HELM_RECORDS,
      accept: METADATA_ONLY,
      slim: slimHelmRecord,
      index: record => record.metadata.labels.name,
      onChange: (current, previous) =>
        this.#recordChanged(
          current?.metadata.labels.name ?? previous?.metadata.labels.name,
        ),
    });
  }

  /** Starts the watches; reads fall back to the API until they are open. */
  start(): this {
    for (const watch of this.#watches()) watch.start();
    return this;
  }

  /** Ends the watches. */
  async close(): Promise<void> {
    await Promise.all(this.#watches().map(w => w.stop()));
  }

  /** Resolves true once every watch is open, false after `timeoutMs`. */
  async whenFresh(timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(
      this.#watches().map(w => w.whenFresh(timeoutMs)),
    );
    return results.every(Boolean);
  }

  state(): CacheState {
    const watches = this.#watches();
    const fresh = watches.every(w => w.fresh);
    const times = watches.map(w => w.currentAt?.getTime());
    const error = watches.find(w => w.lastError)?.lastError?.message;
    return {
      fresh,
      ...(times.every(t => t !== undefined)
        ? { currentAt: new Date(Math.min(...(times as number[]))) }
        : {}),
      ...(error ? { error } : {}),
    };
  }

  /**
   * Says what this process just did to a release (Helm answered with `revision` and `status`,
   * or uninstalled it: undefined), so reads of it go to the API until the watches show it: a
   * status read right after a deploy never shows the release before it.
   */
  expect(
    release: string,
    helm: { revision: number; status: string } | undefined,
    timeoutMs = 10_000,
  ): void {
    this.#expected.set(release, { ...helm, until: Date.now() + timeoutMs });
  }

  /** The release's Helm record, workload and pods from memory; undefined while not fresh. */
  /**
   * The status of the release's newest Helm revision from memory (`status` undefined when Helm
   * has no record of it), or undefined when the cache cannot say (a watch is down, or our own
   * change has not shown yet).
   */
  newestStatus(release: string): { status?: string } | undefined {
    if (!this.pods(release)) return undefined;
    const newest = newestRecord(this.#records.byIndex(release));
    if (!this.#showsExpected(release, newest)) return undefined;
    return { status: newest?.metadata.labels.status };
  }

  async read(release: string): Promise<ReleaseSnapshot | undefined> {
    const pods = this.pods(release);
    if (!pods) return undefined;
    const newest = newestRecord(this.#records.byIndex(release));
    if (!this.#showsExpected(release, newest)) return undefined;
    const helm = newest ? await this.#helmRelease(release, newest) : undefined;
    const sts = this.#statefulSets.get(release);
    const job = sts ? undefined : this.#jobs.get(release);
    let workload: KsmlWorkloadObject | undefined;
    if (sts) workload = { kind: 'StatefulSet', object: sts };
    else if (job) workload = { kind: 'Job', object: job };
    return { helm, workload, pods };
  }

  /** The release's pods sorted by name; undefined while not fresh. */
  pods(release: string): V1Pod[] | undefined {
    // On every read: only the flags, not the whole state() with its dates.
    if (!this.#watches().every(w => w.fresh)) return undefined;
    return this.#pods.byIndex(release).sort(byPodName);
  }

  /** How many objects the cache holds, for the benchmark's memory figures. */
  counts(): Record<string, number> {
    return {
      statefulSets: this.#statefulSets.size,
      jobs: this.#jobs.size,
      pods: this.#pods.size,
      helmRecords: this.#records.size,
      decodedReleases: this.#decoded.size,
    };
  }

  #showsExpected(release: string, newest: HelmRecordMeta | undefined): boolean {
    const expected = this.#expected.get(release);
    if (!expected) return true;
    const labels = newest?.metadata.labels;
    const shown =
      expected.revision === undefined
        ? !newest
        : Number(labels?.version) > expected.revision ||
          (Number(labels?.version) === expected.revision &&
            labels?.status === expected.status);
    if (shown || Date.now() > expected.until) this.#expected.delete(release);
    return shown;
  }

  #watches() {
    return [this.#statefulSets, this.#jobs, this.#pods, this.#records];
  }

  /** The newest record decoded, from memory when its version was decoded before. */
  #helmRelease(
    release: string,
    record: HelmRecordMeta,
  ): Promise<KsmlHelmRelease> {
    const key = recordKey(record);
    const decoded = this.#decoded.get(release);
    if (decoded?.key === key) return Promise.resolve(decoded.value);
    let pending = this.#decoding.get(key);
    if (!pending) {
      pending = this.#decode(record).then(
        value => {
          this.#decoding.delete(key);
          // Keep it unless a newer record arrived meanwhile.
          const current = newestRecord(this.#records.byIndex(release));
          if (current && recordKey(current) === key)
            this.#decoded.set(release, { key, value });
          return value;
        },
        error => {
          this.#decoding.delete(key);
          throw error;
        },
      );
      this.#decoding.set(key, pending);
    }
    return pending;
  }

  async #decode(record: HelmRecordMeta): Promise<KsmlHelmRelease> {
    const secret = await this.#http.json<HelmRecordSecret>(
      `/api/v1/namespaces/${encodeURIComponent(
        this.#namespace,
      )}/secrets/${encodeURIComponent(record.metadata.name)}`,
    );
    return decodeHelmRecord(secret);
  }

  /** A record changed: forget a removed release, decode a new newest revision ahead of reads. */
  #recordChanged(release: string | undefined): void {
    if (!release) return;
    if (this.#records.byIndex(release).length === 0) {
      this.#decoded.delete(release);
      return;
    }
    this.#queue.add(release);
    this.#drainQueue();
  }

  #drainQueue(): void {
    while (this.#decodersRunning < DECODES_IN_FLIGHT && this.#queue.size > 0) {
      const release = this.#queue.values().next().value as string;
      this.#queue.delete(release);
      const newest = newestRecord(this.#records.byIndex(release));
      if (!newest) continue;
      this.#decodersRunning++;
      this.#helmRelease(release, newest)
        .catch(error =>
          this.#logger.warn(
            `Could not decode Helm's record ${newest.metadata.name}: ${
              (error as Error).message
            }`,
          ),
        )
        .finally(() => {
          this.#decodersRunning--;
          this.#drainQueue();
        });
    }
  }
}

function recordKey(record: HelmRecordMeta): string {
  return `${record.metadata.name}@${record.metadata.resourceVersion ?? ''}`;
}
