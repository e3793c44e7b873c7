import {
  DeployRequest,
  KsmlAppRef,
  KsmlDefinitionResponse,
  KsmlEvent,
  KsmlHelmRelease,
  KsmlOperationResponse,
  KsmlRevision,
  KsmlKustomizePatch,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlStatusResponse,
  KsmlTestReport,
  KsmlTopologyResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  KsmlTests,
  KsmlTestsOptions,
  testsFailedError,
} from '../ksmlTests/KsmlTests';
import { Values } from '../chart/mergeValues';
import { KsmlAppManifest, ksmlAppManifest } from '../operator/ksmlApp';
import { kustomizePatches, secretEnvPatch } from '../chart/secretDelivery';
import { kafkaSecretName, secretPropertyMatcher } from '../chart/secrets';
import { CacheState } from '../cache/ReleaseCache';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { HelmClient } from '../helm/HelmClient';
import { KubeClient } from '../kube/KubeClient';
import type { KsmlKubeClient } from '../kube/roles';
import { DeployPlanner } from './DeployPlanner';
import { HelmRuns } from './HelmRuns';
import { installWithSecret } from './installWithSecret';
import { HelmOperations, InterruptedReleases } from './InterruptedReleases';
import { KubeClientPool } from './KubeClientPool';
import { KsmlLogger, silentLogger } from '../logger';
import { KsmlTarget, UndeployResult } from '../targets/KsmlTarget';
import { FollowLogsOptions } from './followLogs';
import { ReleaseChanges } from './ReleaseChanges';
import { ReleaseObservations, StatusReadOptions } from './ReleaseObservations';
import type { StreamsWatchOptions } from '../streams/StreamsWatch';
import { applyKafkaSecret, deleteKafkaSecret } from './kafkaSecret';

/** Resolves an environment name to the cluster and namespace its apps run in. */
export type TargetResolver = (environment: string) => ClusterTarget;

/** Options for {@link KsmlProvisioner.create}. */
export interface KsmlProvisionerOptions {
  helm: HelmClient;
  resolveTarget: TargetResolver;
  /** The operator's custom values (the readme's CUSTOM_VALUES_FILE), for every environment. */
  customValues?: Values;
  /**
   * Custom values of one environment (its cluster's node pool, image mirror, pull secrets),
   * layered over `customValues` as Helm layers values files: objects merge key by key, arrays
   * and scalars are replaced.
   */
  environmentValues?: (environment: string) => Values | undefined;
  /**
   * Kafka properties the operator marks secret beyond the built-in ones: exact names or `*`
   * patterns (e.g. `sasl.oauthbearer.*`).
   */
  secretProperties?: readonly string[];
  logger?: KsmlLogger;
  /** Connects to a cluster target; default {@link KubeClient.create} (client-node). */
  connectKube?: (target: ClusterTarget) => Promise<KsmlKubeClient>;
  /**
   * Serve status and pod lists from a watch-backed cache per cluster and namespace (default
   * true); false reads the API on every request.
   */
  cache?: boolean;
  /**
   * How each replica's Kafka Streams state is read from its runner (StreamsWatch's intervals
   * and bounds); false reads none.
   */
  streams?: StreamsWatchOptions | false;
  /** Where and how a request's KSML test suites run (`test`, and `deploy` with `requireTests`). */
  tests?: KsmlTestsOptions;
}

/** What a deploy did. */
export interface DeployResult {
  helm: KsmlHelmRelease;
  /** Names (never values) of the Kafka properties kept in the app's Kafka Secret. */
  secretProperties: string[];
  /** What may not work as meant (e.g. state in the chart's 10 MiB emptyDir store). */
  warnings: string[];
  /** The report of the request's tests, when it required them to pass (they did). */
  tests?: KsmlTestReport;
}

/** What a deploy of a request would install, for GitOps: nothing is applied. */
export interface RenderedApp {
  release: string;
  /** The chart values; secret Kafka properties are `${env:…}` references. */
  values: Values;
  /** The Secret that must hold the secret Kafka properties (one key each); set when there are any. */
  secretName?: string;
  /** Names (never values) of the Kafka properties that belong in that Secret. */
  secretProperties: string[];
  /** What a post-renderer must apply to the chart's output to deliver the secrets. */
  postRenderPatches: KsmlKustomizePatch[];
  warnings: string[];
  /**
   * The same app as a KsmlApp, for a provisioner in operator mode (the third GitOps form);
   * a remote provisioner older than operator mode gives none.
   */
  ksmlApp?: KsmlAppManifest;
}

/**
 * The KSML provisioner core: deploys apps with Helm and reads their status, logs and metrics
 * from Kubernetes. No Backstage imports, so the Backstage backend plugin and the standalone
 * server share it. Callers validate requests first (see `deployRequestSchema`).
 */
export class KsmlProvisioner implements KsmlTarget {
  readonly #helm: HelmClient;
  readonly #resolveTarget: TargetResolver;
  readonly #secretProperties?: readonly string[];
  readonly #isSecret: (key: string) => boolean;
  readonly #planner: DeployPlanner;
  readonly #logger: KsmlLogger;
  readonly #clients: KubeClientPool;
  readonly #helmRuns = new HelmRuns();
  readonly #observe: ReleaseObservations;
  readonly #interrupted: InterruptedReleases;
  readonly #changes: ReleaseChanges;
  readonly #tests: KsmlTests;

  static create(options: KsmlProvisionerOptions): KsmlProvisioner {
    return new KsmlProvisioner(options);
  }

  private constructor(options: KsmlProvisionerOptions) {
    this.#helm = options.helm;
    this.#resolveTarget = options.resolveTarget;
    this.#secretProperties = options.secretProperties;
    this.#isSecret = secretPropertyMatcher(options.secretProperties);
    this.#planner = new DeployPlanner(options);
    this.#logger = options.logger ?? silentLogger;
    this.#clients = new KubeClientPool(
      options.connectKube ??
        (target => KubeClient.create(target, this.#logger)),
    );
    this.#observe = new ReleaseObservations({
      resolveTarget: this.#resolveTarget,
      clients: this.#clients,
      useCache: options.cache ?? true,
      streams: options.streams,
    });
    const operations: HelmOperations = {
      helm: this.#helm,
      helmRuns: this.#helmRuns,
      logger: this.#logger,
      observe: this.#observe,
    };
    this.#tests = new KsmlTests(options.tests, this.#logger);
    this.#interrupted = new InterruptedReleases(operations);
    this.#changes = new ReleaseChanges({
      ...operations,
      interrupted: this.#interrupted,
    });
  }

  /**
   * Starts the caches of these targets now rather than on their first read, so the first
   * requests find them warm.
   */
  async warm(targets: ClusterTarget[]): Promise<void> {
    await Promise.all(
      targets.map(async target =>
        this.#observe.cacheOf(await this.#clients.get(target)),
      ),
    );
  }

  /**
   * How current the cache of an environment's cluster and namespace is (starting it if it was
   * not); undefined when reads of that target are not cached.
   */
  async cacheState(environment: string): Promise<CacheState | undefined> {
    const reader = await this.#clients.get(this.#resolveTarget(environment));
    return this.#observe.cacheOf(reader)?.state();
  }

  /** Ends every cache's watches and closes the clusters' connections. */
  async close(): Promise<void> {
    this.#observe.close();
    await this.#clients.close();
  }

  /**
   * True for a Kafka property whose value is a secret (built-in names and the operator's):
   * callers redact these wherever a request is kept or shown.
   */
  isSecretProperty(key: string): boolean {
    return this.#isSecret(key);
  }

  /**
   * What a deploy of this request would install, for GitOps and dry runs: the values (checked
   * against the chart's schema), the Secret the secrets belong in and the patches that deliver
   * them. Nothing is applied.
   */
  async render(request: DeployRequest): Promise<RenderedApp> {
    const built = await this.#planner.plan(request);
    const hasSecrets = built.secret.entries.length > 0;
    return {
      release: built.release,
      values: built.values,
      ...(hasSecrets ? { secretName: built.secret.secretName } : {}),
      secretProperties: built.secretProperties,
      postRenderPatches: kustomizePatches(
        secretEnvPatch(built.secret, built.workload),
      ),
      warnings: built.warnings,
      ksmlApp: ksmlAppManifest(request, {
        namespace: this.#resolveTarget(request.environment).namespace,
        secretProperties: this.#secretProperties,
      }),
    };
  }

  /**
   * Runs the request's KSML test suites (KSML's own test runner, on Kafka's TopologyTestDriver:
   * no broker), beside the backend or as a Job with the app's runner image on its environment's
   * cluster, and reports each test. Nothing of the app changes.
   */
  async test(request: DeployRequest): Promise<KsmlTestReport> {
    return this.#tests.run(request, async () => {
      const built = await this.#planner.plan(request);
      const { kube } = await this.#observe.locate(request);
      const testRuns = kube.testRuns?.();
      if (!testRuns) {
        throw new ServiceUnavailableError(
          `The cluster client of ${request.environment} cannot run test Jobs`,
        );
      }
      const chart = await this.#helm.chartFiles();
      return {
        release: built.release,
        values: built.values,
        appVersion: chart.appVersion,
        kube: {
          startTestRun: run => testRuns.startTestRun(run),
          readTestRun: name => testRuns.readTestRun(name),
          deleteTestRun: name => testRuns.deleteTestRun(name),
          readLog: (pod, lines, options) => kube.readLog(pod, lines, options),
          streamLog: (pod, options) => kube.streamLog(pod, options),
        },
      };
    });
  }

  /**
   * Installs or upgrades the app. Its secret Kafka properties go into a Secret of its own first,
   * and a Helm post-renderer adds them to the runner's environment; a failed install puts the
   * Secret back as it was. A Job cannot be changed in place, so a Job that is already deployed
   * is uninstalled first and installed anew.
   */
  async deploy(
    request: DeployRequest,
    options: {
      /** More Kafka properties to keep secret (e.g. every key of a KsmlApp's Secret). */
      secretKeys?: readonly string[];
    } = {},
  ): Promise<DeployResult> {
    const built = await this.#planner.plan(request, options.secretKeys);
    const { release, values } = built;
    // Tests first: a deploy that requires them changes nothing unless every one passes.
    const tests = request.requireTests ? await this.test(request) : undefined;
    if (tests && !tests.passed) throw testsFailedError(tests);
    const { target, kube } = await this.#observe.locate(request);
    await this.#interrupted.recover(release, target, kube);
    if (
      request.deploymentMode === 'Job' &&
      (await kube.readHelmRelease(release))
    ) {
      this.#logger.info(
        `Redeploying Job ${release}: uninstalling the previous run first`,
        { namespace: target.namespace },
      );
      await this.#helmRuns.run(release, target, () =>
        this.#helm.uninstall(release, target),
      );
    }
    const secret = await applyKafkaSecret(kube, release, built.secret);
    let helm: KsmlHelmRelease;
    try {
      helm = await installWithSecret(this.#helm, this.#helmRuns, {
        release,
        target,
        values,
        secret: built.secret,
        workload: built.workload,
        secretVersion: secret.version,
      });
    } catch (error) {
      await secret
        .restore()
        .catch(restoreError =>
          this.#logger.error(
            `Could not restore the Secret ${built.secret.secretName} after a failed deploy: ${restoreError.message}`,
            { namespace: target.namespace },
          ),
        );
      throw this.#planner.withCustomValues(error, request.environment);
    }
    await secret.prune();
    this.#observe.cacheOf(kube)?.expect(release, helm);
    this.#logger.info(`Deployed ${release} revision ${helm.revision}`, {
      namespace: target.namespace,
      secretProperties: built.secretProperties,
    });
    return {
      helm,
      secretProperties: built.secretProperties,
      warnings: built.warnings,
      ...(tests ? { tests } : {}),
    };
  }

  /**
   * Uninstalls the app. Its PersistentVolumeClaims (the KSML store) stay, as Helm leaves
   * StatefulSet claims, unless `deleteStorage` asks to delete them too.
   */
  async undeploy(
    ref: KsmlAppRef,
    options: { deleteStorage?: boolean } = {},
  ): Promise<UndeployResult> {
    const { target, release, kube } = await this.#observe.locate(ref);
    try {
      await this.#helmRuns.run(release, target, () =>
        this.#helm.uninstall(release, target),
      );
      this.#observe.cacheOf(kube)?.expect(release, undefined);
    } catch (error) {
      // No such release: a Secret a failed first install left behind still goes.
      if ((error as Error).name === 'NotFoundError')
        await deleteKafkaSecret(kube, kafkaSecretName(release));
      throw error;
    }
    await deleteKafkaSecret(kube, kafkaSecretName(release));
    if (!options.deleteStorage) return { release, namespace: target.namespace };
    const deletedClaims = await kube.deleteClaims(release);
    return { release, namespace: target.namespace, deletedClaims };
  }

  /** Deletes the store claims an uninstalled app left (undeploy's `deleteStorage` on its own). */
  async deleteStorage(ref: KsmlAppRef): Promise<string[]> {
    const { release, kube } = await this.#observe.locate(ref);
    return kube.deleteClaims(release);
  }

  /** The readme's status: Helm's release plus the workload's state. 404 when not deployed. */
  status(
    ref: KsmlAppRef,
    options?: StatusReadOptions,
  ): Promise<KsmlStatusResponse> {
    return this.#observe.status(ref, options);
  }

  /** The last `tailLines` of each replica's log (see ReleaseObservations.logs). */
  logs(
    ref: KsmlAppRef,
    tailLines?: number,
    options?: { previous?: boolean },
  ): Promise<KsmlLogsResponse> {
    return this.#observe.logs(ref, tailLines, options);
  }

  /** CPU and memory of the app and each replica (see ReleaseObservations.metrics). */
  throughput(ref: KsmlAppRef): Promise<KsmlThroughputResponse> {
    return this.#observe.throughput(ref);
  }

  metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse> {
    return this.#observe.metrics(ref);
  }

  /** Follows every replica's log (see ReleaseObservations.followLogs). */
  followLogs(ref: KsmlAppRef, options: FollowLogsOptions): Promise<void> {
    return this.#observe.followLogs(ref, options);
  }

  revisions(ref: KsmlAppRef): Promise<KsmlRevision[]> {
    return this.#observe.revisions(ref);
  }

  events(ref: KsmlAppRef): Promise<KsmlEvent[]> {
    return this.#observe.events(ref);
  }

  topology(ref: KsmlAppRef): Promise<KsmlTopologyResponse> {
    return this.#observe.topology(ref);
  }

  /** What a Helm revision of the app runs (see ReleaseObservations.definition). */
  definition(
    ref: KsmlAppRef,
    options?: { revision?: number },
  ): Promise<KsmlDefinitionResponse> {
    return this.#observe.definition(ref, options);
  }

  /** Rolls the app back to an earlier revision (see ReleaseChanges.rollback). */
  rollback(ref: KsmlAppRef, revision: number): Promise<KsmlOperationResponse> {
    return this.#changes.rollback(ref, revision);
  }

  /** The installed app with other replicas (0 stops it), everything else as installed. */
  scale(ref: KsmlAppRef, replicas: number): Promise<KsmlOperationResponse> {
    return this.#changes.scale(ref, replicas);
  }

  /** A rolling restart of the StatefulSet; a Job runs anew (see ReleaseChanges.restart). */
  restart(ref: KsmlAppRef): Promise<KsmlOperationResponse> {
    return this.#changes.restart(ref);
  }
}

export { replicaNameOf } from './replicaName';
