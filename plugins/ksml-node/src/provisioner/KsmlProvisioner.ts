import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppRef,
  KsmlEvent,
  KsmlHelmRelease,
  KsmlOperationResponse,
  KsmlRevision,
  KsmlKustomizePatch,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlStatusResponse,
  KsmlTopologyResponse,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { buildValues, BuiltValues } from '../chart/buildValues';
import {
  installedSecretPlan,
  installedWorkload,
  secretKeysReferenced,
} from '../chart/installedRelease';
import { mergeValues, Values } from '../chart/mergeValues';
import { KsmlAppManifest, ksmlAppManifest } from '../operator/ksmlApp';
import {
  kustomizePatches,
  SECRET_VERSION_ANNOTATION,
  secretEnvPatch,
} from '../chart/secretDelivery';
import { kafkaSecretName, secretPropertyMatcher } from '../chart/secrets';
import { ChartValuesSchema } from '../chart/valuesSchema';
import { CacheState } from '../cache/ReleaseCache';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { UnrenderableValuesError } from '../helm/errors';
import { HelmClient } from '../helm/HelmClient';
import { planRecovery } from '../helm/interruptedRelease';
import { KsmlKubeClient, KubeReader } from '../kube/KubeReader';
import { HelmRuns } from './HelmRuns';
import { KubeClientPool } from './KubeClientPool';
import { KsmlLogger, silentLogger } from '../logger';
import { KsmlTarget, UndeployResult } from '../targets/KsmlTarget';
import { FollowLogsOptions } from './followLogs';
import { ReleaseObservations } from './ReleaseObservations';
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
  /** Connects to a cluster target; default {@link KubeReader.create} (client-node). */
  connectKube?: (target: ClusterTarget) => Promise<KsmlKubeClient>;
  /**
   * Serve status and pod lists from a watch-backed cache per cluster and namespace (default
   * true); false reads the API on every request.
   */
  cache?: boolean;
}

/** What a deploy did. */
export interface DeployResult {
  helm: KsmlHelmRelease;
  /** Names (never values) of the Kafka properties kept in the app's Kafka Secret. */
  secretProperties: string[];
  /** What may not work as meant (e.g. state in the chart's 10 MiB emptyDir store). */
  warnings: string[];
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
  readonly #customValues?: Values;
  readonly #environmentValues?: (environment: string) => Values | undefined;
  readonly #secretProperties?: readonly string[];
  readonly #isSecret: (key: string) => boolean;
  #valuesSchema?: Promise<ChartValuesSchema>;
  readonly #logger: KsmlLogger;
  readonly #clients: KubeClientPool;
  readonly #useCache: boolean;
  readonly #helmRuns = new HelmRuns();
  readonly #observe: ReleaseObservations;

  static create(options: KsmlProvisionerOptions): KsmlProvisioner {
    return new KsmlProvisioner(options);
  }

  private constructor(options: KsmlProvisionerOptions) {
    this.#helm = options.helm;
    this.#resolveTarget = options.resolveTarget;
    this.#customValues = options.customValues;
    this.#environmentValues = options.environmentValues;
    this.#secretProperties = options.secretProperties;
    this.#isSecret = secretPropertyMatcher(options.secretProperties);
    this.#logger = options.logger ?? silentLogger;
    this.#clients = new KubeClientPool(
      options.connectKube ??
        (target => KubeReader.create(target, this.#logger)),
    );
    this.#useCache = options.cache ?? true;
    this.#observe = new ReleaseObservations({
      resolveTarget: this.#resolveTarget,
      clients: this.#clients,
      useCache: this.#useCache,
    });
  }

  /**
   * Starts the caches of these targets now rather than on their first read, so the first
   * requests find them warm.
   */
  async warm(targets: ClusterTarget[]): Promise<void> {
    await Promise.all(
      targets.map(async target =>
        this.#observe.cacheOf(await this.#reader(target)),
      ),
    );
  }

  /**
   * How current the cache of an environment's cluster and namespace is (starting it if it was
   * not); undefined when reads of that target are not cached.
   */
  async cacheState(environment: string): Promise<CacheState | undefined> {
    const reader = await this.#reader(this.#resolveTarget(environment));
    return this.#observe.cacheOf(reader)?.state();
  }

  /** Ends every cache's watches and closes the clusters' connections. */
  async close(): Promise<void> {
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
    const built = await this.#plan(request);
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
    const built = await this.#plan(request, options.secretKeys);
    const { release, values } = built;
    const target = this.#resolveTarget(request.environment);
    const kube = await this.#reader(target);
    await this.#recoverInterrupted(release, target, kube);
    if (
      request.deploymentMode === 'Job' &&
      (await this.#exists(release, target))
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
      helm = await this.#helmRuns.run(release, target, () =>
        this.#helm.upgradeInstall({
          release,
          target,
          values,
          postRender: secretEnvPatch(
            built.secret,
            built.workload,
            secret.version
              ? { [SECRET_VERSION_ANNOTATION]: secret.version }
              : {},
          ),
        }),
      );
    } catch (error) {
      await secret
        .restore()
        .catch(restoreError =>
          this.#logger.error(
            `Could not restore the Secret ${built.secret.secretName} after a failed deploy: ${restoreError.message}`,
            { namespace: target.namespace },
          ),
        );
      throw this.#withCustomValues(error, request.environment);
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
    };
  }

  /**
   * Helm's parse error names a template and a line, not a value. The values that break a
   * template are usually the platform's own `customValues` (the public chart cannot render
   * `topologySpreadConstraints`), so the message names those the provisioner added.
   */
  #withCustomValues(error: unknown, environment: string): unknown {
    const added = Object.keys(this.#customValuesOf(environment) ?? {});
    if (!(error instanceof UnrenderableValuesError) || added.length === 0)
      return error;
    return new InputError(
      `${error.message}; the provisioner's customValues set ${added.join(
        ', ',
      )} (see docs/chart-compatibility.md for what the public chart cannot render)`,
    );
  }

  /**
   * Uninstalls the app. Its PersistentVolumeClaims (the KSML store) stay, as Helm leaves
   * StatefulSet claims, unless `deleteStorage` asks to delete them too.
   */
  async undeploy(
    ref: KsmlAppRef,
    options: { deleteStorage?: boolean } = {},
  ): Promise<UndeployResult> {
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    const kube = await this.#reader(target);
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
    const kube = await this.#reader(this.#resolveTarget(ref.environment));
    return kube.deleteClaims(releaseName(ref));
  }

  /** The readme's status: Helm's release plus the workload's state. 404 when not deployed. */
  status(ref: KsmlAppRef): Promise<KsmlStatusResponse> {
    return this.#observe.status(ref);
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

  /**
   * Rolls the app back to an earlier Helm revision (a new revision with that one's values and
   * manifest). The app's Secret is not versioned: the revision gets the Secret's current
   * values, and a revision that reads a key the Secret no longer has is refused (409).
   */
  async rollback(
    ref: KsmlAppRef,
    revision: number,
  ): Promise<KsmlOperationResponse> {
    const { target, release, kube, records } = await this.#observe.installed(
      ref,
    );
    if (records.length === 0) throw this.#observe.notDeployed(ref, release);
    const to = records.find(r => r.version === revision);
    if (!to) {
      throw new InputError(
        `revision: ${release} has no revision ${revision}; Helm keeps ${records
          .map(r => r.version)
          .sort((a, b) => a - b)
          .join(', ')}`,
      );
    }
    if (
      [records[0], to].some(
        r => installedWorkload(release, r.config ?? {}).kind === 'Job',
      )
    ) {
      throw new ConflictError(
        `${release} runs as a Job, which is not rolled back: deploy the definition you want to run again`,
      );
    }
    const secretName = kafkaSecretName(release);
    const wanted = secretKeysReferenced(to.manifest ?? '', secretName);
    if (wanted.length > 0) {
      const held = Object.keys((await kube.readSecret(secretName))?.data ?? {});
      const missing = wanted.filter(key => !held.includes(key));
      if (missing.length > 0) {
        throw new ConflictError(
          `Revision ${revision} of ${release} reads ${missing.join(
            ', ',
          )} from the Secret ${secretName}, which no longer holds ${
            missing.length > 1 ? 'them' : 'it'
          }: deploy the app again with those secret Kafka properties instead`,
        );
      }
    }
    await this.#recoverInterrupted(release, target, kube);
    await this.#helmRuns.run(release, target, () =>
      this.#helm.rollback(release, revision, target),
    );
    return this.#operated(release, target, kube, 'rolled back', revision);
  }

  /** The installed app with other replicas (0 stops it), everything else as installed. */
  async scale(
    ref: KsmlAppRef,
    replicas: number,
  ): Promise<KsmlOperationResponse> {
    const { target, release, kube, values } = await this.#observe.deployed(ref);
    if (installedWorkload(release, values).kind === 'Job') {
      throw new ConflictError(
        `${release} runs as a Job, which runs to completion and is not scaled: deploy it again to run it anew`,
      );
    }
    const helm = await this.#reinstall(release, target, kube, {
      ...values,
      replicaCount: replicas,
    });
    this.#logger.info(
      `Scaled ${release} to ${replicas} (revision ${helm.revision})`,
      { namespace: target.namespace },
    );
    return { helm };
  }

  /**
   * A rolling restart of the StatefulSet (its pods are replaced one by one, as
   * `kubectl rollout restart` does); a Job is deleted and made again, so it runs anew.
   */
  async restart(ref: KsmlAppRef): Promise<KsmlOperationResponse> {
    const { target, release, kube, values } = await this.#observe.deployed(ref);
    const workload = installedWorkload(release, values);
    if (workload.kind === 'StatefulSet') {
      await kube.restartStatefulSet(workload.name, new Date());
      this.#logger.info(`Restarted ${release}`, {
        namespace: target.namespace,
      });
      return { helm: (await kube.readHelmRelease(release))! };
    }
    const helm = await this.#reinstall(release, target, kube, values, {
      uninstallFirst: true,
    });
    this.#logger.info(`Ran the Job ${release} anew`, {
      namespace: target.namespace,
    });
    return { helm };
  }

  /**
   * Installs values read back from the release itself (a scale, a Job's new run) with the same
   * post-render patch a deploy gives it: the secret Kafka properties from the app's Secret as
   * it is, with its current version, so the pods roll only for what changed.
   */
  async #reinstall(
    release: string,
    target: ClusterTarget,
    kube: KsmlKubeClient,
    values: Values,
    options: { uninstallFirst?: boolean } = {},
  ): Promise<KsmlHelmRelease> {
    const plan = installedSecretPlan(release, values);
    const version =
      plan.entries.length > 0
        ? (await kube.readSecret(plan.secretName))?.metadata?.resourceVersion
        : undefined;
    await this.#recoverInterrupted(release, target, kube);
    if (options.uninstallFirst) {
      await this.#helmRuns.run(release, target, () =>
        this.#helm.uninstall(release, target),
      );
    }
    const helm = await this.#helmRuns.run(release, target, () =>
      this.#helm.upgradeInstall({
        release,
        target,
        values,
        postRender: secretEnvPatch(
          plan,
          installedWorkload(release, values),
          version ? { [SECRET_VERSION_ANNOTATION]: version } : {},
        ),
      }),
    );
    this.#observe.cacheOf(kube)?.expect(release, helm);
    return helm;
  }

  /** The release after a rollback, told to the cache and the log. */
  async #operated(
    release: string,
    target: ClusterTarget,
    kube: KsmlKubeClient,
    what: string,
    revision: number,
  ): Promise<KsmlOperationResponse> {
    const helm = await kube.readHelmRelease(release);
    if (!helm)
      throw new NotFoundError(`${release} is gone after it was ${what}`);
    this.#observe.cacheOf(kube)?.expect(release, helm);
    this.#logger.info(
      `${release} ${what} to revision ${revision} (now revision ${helm.revision})`,
      { namespace: target.namespace },
    );
    return { helm };
  }

  /** The platform's values for an environment: every environment's, then its own. */
  #customValuesOf(environment: string): Values | undefined {
    const own = this.#environmentValues?.(environment);
    return own ? mergeValues(this.#customValues, own) : this.#customValues;
  }

  /** The values of a request, refused with a 400 where the chart or its schema cannot take them. */
  async #plan(
    request: DeployRequest,
    secretKeys: readonly string[] = [],
  ): Promise<BuiltValues> {
    const customValues = this.#customValuesOf(request.environment);
    const built = buildValues(request, {
      customValues,
      secretProperties: [...(this.#secretProperties ?? []), ...secretKeys],
    });
    this.#valuesSchema ??= this.#helm
      .chartFiles()
      .then(files => ChartValuesSchema.compile(files))
      .catch(error => {
        this.#valuesSchema = undefined; // try again next time
        throw error;
      });
    const problems = (await this.#valuesSchema).problems(
      built.values,
      customValues,
    );
    if (problems.length > 0) {
      throw new InputError(
        `The chart's values.schema.json refuses the values: ${problems.join(
          '; ',
        )}`,
      );
    }
    return built;
  }

  /**
   * A release whose last helm operation was interrupted (helm killed, the API server lost
   * mid-operation) stays `pending-*` in Helm's records, and Helm refuses every later upgrade.
   * Such a release is rolled back to its last deployed revision, or uninstalled when it never
   * had one; a pending operation that may still be running is a 409 saying until when.
   */
  async #recoverInterrupted(
    release: string,
    target: ClusterTarget,
    kube: KsmlKubeClient,
  ): Promise<void> {
    // From memory when the watches can tell: a revision that is not pending needs nothing.
    const known = this.#observe.cacheOf(kube)?.newestStatus(release);
    if (known && !known.status?.startsWith('pending-')) return;
    const plan = planRecovery(await kube.helmRecords(release), {
      now: new Date(),
      maxRunMs: this.#helm.maxRunMs,
      endedHereAt: this.#helmRuns.endedHereAt(release, target),
    });
    if (plan.action === 'none') return;
    const { revision, status, createdAt } = plan.pending;
    const pending = `revision ${revision} is ${status}${
      createdAt ? ` since ${createdAt.toISOString()}` : ''
    }`;
    if (plan.action === 'wait') {
      throw new ConflictError(
        `A Helm operation on ${release} is in progress (${pending}); if it was interrupted, a deploy after ${plan.until.toISOString()} recovers the release`,
      );
    }
    this.#logger.warn(
      `Recovering ${release}: ${pending}, left by an interrupted helm; ${
        plan.action === 'rollback'
          ? `rolling back to revision ${plan.to}`
          : 'uninstalling it (no revision was ever deployed)'
      }`,
      { namespace: target.namespace },
    );
    await this.#helmRuns.run(release, target, () =>
      plan.action === 'rollback'
        ? this.#helm.rollback(release, plan.to, target)
        : this.#helm.uninstall(release, target),
    );
  }

  async #exists(release: string, target: ClusterTarget): Promise<boolean> {
    return Boolean(await (await this.#reader(target)).readHelmRelease(release));
  }

  #reader(target: ClusterTarget): Promise<KsmlKubeClient> {
    return this.#clients.get(target);
  }
}

export { replicaNameOf } from './ReleaseObservations';
