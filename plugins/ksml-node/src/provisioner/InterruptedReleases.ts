import { ConflictError } from '@backstage/errors';
import type { ClusterTarget } from '../cluster/ClusterTarget';
import type { HelmClient } from '../helm/HelmClient';
import { planRecovery } from '../helm/interruptedRelease';
import type { KsmlKubeClient } from '../kube/roles';
import type { KsmlLogger } from '../logger';
import type { HelmRuns } from './HelmRuns';
import type { ReleaseObservations } from './ReleaseObservations';

/** What runs helm on an installed release: shared by its recovery and its day-2 changes. */
export interface HelmOperations {
  helm: HelmClient;
  helmRuns: HelmRuns;
  logger: KsmlLogger;
  observe: ReleaseObservations;
}

/**
 * Recovery of releases a helm left half done, before the provisioner runs helm on them again:
 * a deploy, a rollback, a scale and a Job's new run all go through {@link recover} first.
 */
export class InterruptedReleases {
  readonly #helm: HelmClient;
  readonly #helmRuns: HelmRuns;
  readonly #logger: KsmlLogger;
  readonly #observe: ReleaseObservations;

  constructor(options: HelmOperations) {
    this.#helm = options.helm;
    this.#helmRuns = options.helmRuns;
    this.#logger = options.logger;
    this.#observe = options.observe;
  }

  /**
   * A release whose last helm operation was interrupted (helm killed, the API server lost
   * mid-operation) stays `pending-*` in Helm's records, and Helm refuses every later upgrade.
   * Such a release is rolled back to its last deployed revision, or uninstalled when it never
   * had one; a pending operation that may still be running is a 409 saying until when.
   */
  async recover(
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
}
