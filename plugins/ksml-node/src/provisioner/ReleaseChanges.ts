import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  KsmlAppRef,
  KsmlHelmRelease,
  KsmlOperationResponse,
} from '@ksml-backstage/plugin-ksml-common';
import {
  installedSecretPlan,
  installedWorkload,
  secretKeysReferenced,
} from '../chart/installedRelease';
import { Values } from '../chart/mergeValues';
import { kafkaSecretName } from '../chart/secrets';
import type { ClusterTarget } from '../cluster/ClusterTarget';
import type { HelmClient } from '../helm/HelmClient';
import type { KsmlKubeClient } from '../kube/roles';
import type { KsmlLogger } from '../logger';
import type { HelmRuns } from './HelmRuns';
import { installWithSecret } from './installWithSecret';
import type {
  HelmOperations,
  InterruptedReleases,
} from './InterruptedReleases';
import type { ReleaseObservations } from './ReleaseObservations';

/**
 * The day-2 changes to an installed app that are not a deploy: a rollback to an earlier
 * revision, a scale and a restart. Each starts from what the release's own records say was
 * installed, and changes only what it means to.
 */
export class ReleaseChanges {
  readonly #helm: HelmClient;
  readonly #helmRuns: HelmRuns;
  readonly #logger: KsmlLogger;
  readonly #observe: ReleaseObservations;
  readonly #interrupted: InterruptedReleases;

  constructor(options: HelmOperations & { interrupted: InterruptedReleases }) {
    this.#helm = options.helm;
    this.#helmRuns = options.helmRuns;
    this.#logger = options.logger;
    this.#observe = options.observe;
    this.#interrupted = options.interrupted;
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
    await this.#interrupted.recover(release, target, kube);
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
    await this.#interrupted.recover(release, target, kube);
    if (options.uninstallFirst) {
      await this.#helmRuns.run(release, target, () =>
        this.#helm.uninstall(release, target),
      );
    }
    const helm = await installWithSecret(this.#helm, this.#helmRuns, {
      release,
      target,
      values,
      secret: plan,
      workload: installedWorkload(release, values),
      secretVersion: version,
    });
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
}
