import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  DEFAULT_TAIL_LINES,
  defaultApplicationId,
  definitionsInValues,
  KsmlAppRef,
  KsmlDefinitionResponse,
  KsmlEvent,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlRevision,
  KsmlStatusResponse,
  KsmlTopologyResponse,
  KsmlUsage,
  MAX_TAIL_LINES,
  parseTopology,
  releaseName,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { ReleaseCache, ReleaseSnapshot } from '../cache/ReleaseCache';
import { Values } from '../chart/mergeValues';
import { ClusterTarget } from '../cluster/ClusterTarget';
import {
  findRevision,
  revisionDefinition,
  revisionNotFound,
} from '../helm/revisionDefinition';
import { describeRevisions } from '../helm/revisions';
import { KsmlKubeClient, PodUsage } from '../kube/roles';
import { mapEvents } from '../status/events';
import { mapWorkloadStatus } from '../status/mapStatus';
import { withStreamsHealth } from '../status/streamsHealth';
import { StreamsWatch, StreamsWatchOptions } from '../streams/StreamsWatch';
import { mapConcurrently } from '../util/mapConcurrently';
import { followLogs, FollowLogsOptions } from './followLogs';
import type { KubeClientPool } from './KubeClientPool';
import { replicaNameOf } from './replicaName';
import { withRunnerLog } from './withRunnerLog';

/** How a status is read. */
export interface StatusReadOptions {
  /**
   * Keep reading the app's runners for a while (default true): someone looks at this app. A
   * list of every app passes false, so the fleet's page does not make every runner read.
   */
  watchStreams?: boolean;
}

/** Replica logs read at once for one request. */
const LOG_READS_IN_FLIGHT = 8;

/**
 * What the provisioner reads of a deployed app, changing nothing: status, logs, metrics, the live
 * log, revisions, events and topology, from the namespace's watch-backed cache where it is
 * current and from the Kubernetes API (Helm's own record Secrets included) otherwise. Also the
 * lookups the operations share: where an app is, the installed and the deployed revision, and
 * the 404 of an app that is not deployed.
 */
export class ReleaseObservations {
  readonly #resolveTarget: (environment: string) => ClusterTarget;
  readonly #clients: KubeClientPool;
  readonly #useCache: boolean;
  readonly #streams: StreamsWatchOptions | false;
  readonly #watches = new Map<KsmlKubeClient, StreamsWatch>();

  constructor(options: {
    resolveTarget: (environment: string) => ClusterTarget;
    clients: KubeClientPool;
    useCache: boolean;
    /** How the runners' Kafka Streams are read; false reads none. */
    streams?: StreamsWatchOptions | false;
  }) {
    this.#resolveTarget = options.resolveTarget;
    this.#clients = options.clients;
    this.#useCache = options.useCache;
    this.#streams = options.streams ?? {};
  }

  /**
   * The readme's status: Helm's release plus the workload's state, with each replica's Kafka
   * Streams state as last read from its runner. 404 when not deployed. `watchStreams` (default
   * true) keeps the app's runners read for a while, for a status someone looks at; a list of
   * every app passes false and gets what is known.
   */
  async status(
    ref: KsmlAppRef,
    options: StatusReadOptions = {},
  ): Promise<KsmlStatusResponse> {
    const { release, reader, helm, workload, pods } = await this.#readDeployed(
      ref,
    );
    const workloadStatus = mapWorkloadStatus(release, workload, pods);
    const streams =
      workload?.kind === 'StatefulSet'
        ? this.#watchOf(reader)?.replicas(
            release,
            pods,
            pod => replicaNameOf(release, pod),
            { watch: options.watchStreams ?? true },
          ) ?? []
        : [];
    const kubernetes = await withRunnerLog(
      reader,
      withStreamsHealth(workloadStatus, streams),
      pods,
    );
    return { helm, kubernetes };
  }

  /**
   * The app's throughput as its runners report it, with the trend kept while it is watched (a
   * read watches it). 404 when not deployed; a Job's or an unread app's replicas come back
   * without figures.
   */
  async throughput(ref: KsmlAppRef): Promise<KsmlThroughputResponse> {
    const { target, release, reader, pods } = await this.#readDeployed(ref);
    const watch = this.#watchOf(reader);
    if (!watch) {
      throw new NotFoundError(
        `The runners of ${release} in namespace ${target.namespace} are not read here`,
      );
    }
    return watch.throughput(release, pods, pod => replicaNameOf(release, pod));
  }

  /**
   * A deployed release's Helm record, workload and pods: from memory while the cache's watches
   * are open, else from the API, no helm process either way (Helm's release comes from its own
   * record Secrets). 404 `NotDeployed` without a release.
   */
  async #readDeployed(ref: KsmlAppRef) {
    const { target, release, kube: reader } = await this.locate(ref);
    const cache = this.cacheOf(reader);
    const { helm, workload, pods } =
      (await cache?.read(release)) ??
      (await this.#readRelease(reader, release, cache));
    if (!helm) throw this.notDeployed(ref, release);
    return { target, release, reader, helm, workload, pods };
  }

  /** The target's watch of its runners' Kafka Streams, made on first use. */
  #watchOf(reader: KsmlKubeClient): StreamsWatch | undefined {
    const read = reader.readRunnerMetrics?.bind(reader);
    if (this.#streams === false || !read) return undefined;
    let watch = this.#watches.get(reader);
    if (!watch) {
      watch = new StreamsWatch({
        read,
        podsOf: async release =>
          this.cacheOf(reader)?.pods(release) ??
          (await reader.listPods(release)),
        settings: this.#streams,
      });
      this.#watches.set(reader, watch);
    }
    return watch;
  }

  /** Stops reading the runners. */
  close(): void {
    for (const watch of this.#watches.values()) watch.close();
    this.#watches.clear();
  }

  /**
   * A release's objects read from the API. When the cluster cannot be reached, the error says
   * how old the last state the cache saw is, rather than serving that state as current.
   */
  async #readRelease(
    reader: KsmlKubeClient,
    release: string,
    cache: ReleaseCache | undefined,
  ): Promise<ReleaseSnapshot> {
    try {
      const [helm, workload, pods] = await Promise.all([
        reader.readHelmRelease(release),
        reader.readWorkload(release),
        reader.listPods(release),
      ]);
      return { helm, workload, pods };
    } catch (error) {
      const currentAt = cache?.state().currentAt;
      if (!(error instanceof ServiceUnavailableError) || !currentAt)
        throw error;
      const age = Math.round((Date.now() - currentAt.getTime()) / 1000);
      throw new ServiceUnavailableError(
        `${
          error.message
        }; the last state seen of this namespace is from ${currentAt.toISOString()} (${age} s ago)`,
      );
    }
  }

  cacheOf(reader: KsmlKubeClient): ReleaseCache | undefined {
    return this.#useCache ? reader.cache?.() : undefined;
  }

  /**
   * The last `tailLines` of each replica's log. A replica whose log cannot be read comes back
   * with an `error`, so the others still show.
   */
  async logs(
    ref: KsmlAppRef,
    tailLines: number = DEFAULT_TAIL_LINES,
    options: { previous?: boolean } = {},
  ): Promise<KsmlLogsResponse> {
    if (
      !Number.isInteger(tailLines) ||
      tailLines < 1 ||
      tailLines > MAX_TAIL_LINES
    ) {
      throw new InputError(
        `tailLines: must be a whole number from 1 to ${MAX_TAIL_LINES}`,
      );
    }
    const { target, release, kube: reader } = await this.locate(ref);
    const pods =
      this.cacheOf(reader)?.pods(release) ?? (await reader.listPods(release));
    if (pods.length === 0)
      throw withReason(
        new NotFoundError(
          `No pods found for ${release} in namespace ${target.namespace}`,
        ),
        'NoPods',
      );
    const failures: Error[] = [];
    const logs = await mapConcurrently(pods, LOG_READS_IN_FLIGHT, async pod => {
      const podName = pod.metadata?.name ?? '';
      const replicaName = replicaNameOf(release, podName);
      try {
        return {
          replicaName,
          lines: await reader.readLog(podName, tailLines, options),
        };
      } catch (error) {
        failures.push(error as Error);
        return { replicaName, lines: '', error: (error as Error).message };
      }
    });
    // Not allowed to read any replica's log: the caller's rights, not the app, are the matter.
    if (
      failures.length === pods.length &&
      failures.every(e => e.name === 'NotAllowedError')
    ) {
      throw failures[0];
    }
    return { tailLines, logs };
  }

  /**
   * CPU (millicores) and memory (MB) summed over the app's pods, plus each replica's. 404 with
   * the reason when metrics.k8s.io is missing or has no figures for these pods yet.
   */
  async metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse> {
    const { release, kube } = await this.locate(ref);
    const usage = await kube.podUsage(release);
    if (usage.length === 0) {
      throw withReason(
        new NotFoundError(
          `No metrics yet for ${release}: metrics-server has no figures for its pods (new pods take about a minute)`,
        ),
        'MetricsNotReady',
      );
    }
    const total = usage.reduce(
      (sum, u) => ({
        pod: '',
        cpuMillicores: sum.cpuMillicores + u.cpuMillicores,
        memoryBytes: sum.memoryBytes + u.memoryBytes,
      }),
      { pod: '', cpuMillicores: 0, memoryBytes: 0 },
    );
    return {
      ...formatUsage(total),
      replicas: usage.map(u => ({
        replicaName: replicaNameOf(release, u.pod),
        ...formatUsage(u),
      })),
    };
  }

  /**
   * Follows the log of every replica at once until `signal` aborts, each line tagged with its
   * replica; replicas that are replaced are followed on. A 404 when the app has no pods;
   * `onStart` is called once that is known not to be the case.
   */
  async followLogs(
    ref: KsmlAppRef,
    options: Omit<FollowLogsOptions, 'replicaOf'> & { onStart?(): void },
  ): Promise<void> {
    const { target, release, kube: reader } = await this.locate(ref);
    if ((await reader.listPods(release)).length === 0) {
      throw withReason(
        new NotFoundError(
          `No pods found for ${release} in namespace ${target.namespace}`,
        ),
        'NoPods',
      );
    }
    options.onStart?.();
    await followLogs(reader, release, {
      ...options,
      replicaOf: pod => replicaNameOf(release, pod),
    });
  }

  async revisions(ref: KsmlAppRef): Promise<KsmlRevision[]> {
    const { release, records } = await this.installed(ref);
    if (records.length === 0) throw this.notDeployed(ref, release);
    return describeRevisions(records);
  }

  /** The deployed revision's topology, drawn from the definitions it runs. */
  async topology(ref: KsmlAppRef): Promise<KsmlTopologyResponse> {
    const { values } = await this.deployed(ref);
    const { applicationId, definitions } = definitionsInValues(values);
    return {
      applicationId: applicationId ?? defaultApplicationId(ref),
      topology: parseTopology(definitions),
    };
  }

  /**
   * What a Helm revision of the app runs, from Helm's record of it: the deployed revision, or
   * `revision`. A 404 `NotDeployed` without one, `RevisionNotFound` (naming the revisions Helm
   * keeps) for a revision that Helm no longer keeps or never made.
   */
  async definition(
    ref: KsmlAppRef,
    options: { revision?: number } = {},
  ): Promise<KsmlDefinitionResponse> {
    const { release, records } = await this.installed(ref);
    const record = findRevision(records, options.revision);
    if (!record) {
      throw records.length === 0 || options.revision === undefined
        ? this.notDeployed(ref, release)
        : revisionNotFound(release, options.revision, records);
    }
    return revisionDefinition(record, defaultApplicationId(ref));
  }

  async events(ref: KsmlAppRef): Promise<KsmlEvent[]> {
    const { release, kube } = await this.locate(ref);
    const [pods, claims] = await Promise.all([
      kube.listPods(release),
      kube.listClaims(release),
    ]);
    const names = new Set([
      release,
      ...pods.map(p => p.metadata?.name ?? ''),
      ...claims,
    ]);
    names.delete('');
    return mapEvents(await kube.listEvents([...names]));
  }

  /** The app's newest deployed revision's values (what Helm installed); a 404 without one. */
  async deployed(ref: KsmlAppRef) {
    const { target, release, kube, records } = await this.installed(ref);
    const current = records.find(r => r.info?.status === 'deployed');
    if (!current) throw this.notDeployed(ref, release);
    const values: Values = current.config ?? {};
    return { target, release, kube, values };
  }

  /** The target, release and client of an app, and its Helm revisions, newest first. */
  async installed(ref: KsmlAppRef) {
    const { target, release, kube } = await this.locate(ref);
    return {
      target,
      release,
      kube,
      records: await kube.readHelmRevisions(release),
    };
  }

  /**
   * Where an app is: its environment's cluster target, its Helm release name and the client of
   * that target. Every operation on one app starts here.
   */
  async locate(ref: KsmlAppRef): Promise<{
    target: ClusterTarget;
    release: string;
    kube: KsmlKubeClient;
  }> {
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    const kube = await this.#clients.get(target);
    return { target, release, kube };
  }

  notDeployed(ref: KsmlAppRef, release: string): NotFoundError {
    return withReason(
      new NotFoundError(
        `${release} is not deployed in namespace ${
          this.#resolveTarget(ref.environment).namespace
        }`,
      ),
      'NotDeployed',
    );
  }
}

/** The readme's figures: whole millicores and whole MB (mebibytes), as strings. */
function formatUsage(usage: PodUsage): KsmlUsage {
  return {
    cpu: { usedMillicores: String(Math.round(usage.cpuMillicores)) },
    memory: { usedMb: String(Math.round(usage.memoryBytes / (1024 * 1024))) },
  };
}
