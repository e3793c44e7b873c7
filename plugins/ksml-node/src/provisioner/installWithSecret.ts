import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { Values } from '../chart/mergeValues';
import {
  SECRET_VERSION_ANNOTATION,
  secretEnvPatch,
} from '../chart/secretDelivery';
import { KafkaSecretPlan } from '../chart/secrets';
import type { ClusterTarget } from '../cluster/ClusterTarget';
import type { HelmClient } from '../helm/HelmClient';
import type { HelmRuns } from './HelmRuns';

/** What {@link installWithSecret} installs. */
export interface SecretInstall {
  release: string;
  target: ClusterTarget;
  values: Values;
  /** The app's Kafka Secret plan: the secret properties the runner reads from the Secret. */
  secret: KafkaSecretPlan;
  /** The workload the chart renders for these values. */
  workload: { kind: 'StatefulSet' | 'Job'; name: string };
  /** The Secret's resourceVersion, when it has one. */
  secretVersion?: string;
}

/**
 * `helm upgrade --install` of an app, noted in `helmRuns`, with the post-render patch that gives
 * the runner its secret Kafka properties from the app's Secret. The Secret's version goes on the
 * pods as an annotation, so they roll when the Secret changes and only then. A deploy and a
 * reinstall of an installed release (a scale, a Job's new run) both install through here.
 */
export function installWithSecret(
  helm: HelmClient,
  helmRuns: HelmRuns,
  install: SecretInstall,
): Promise<KsmlHelmRelease> {
  const { release, target, values, secret, workload, secretVersion } = install;
  return helmRuns.run(release, target, () =>
    helm.upgradeInstall({
      release,
      target,
      values,
      postRender: secretEnvPatch(
        secret,
        workload,
        secretVersion ? { [SECRET_VERSION_ANNOTATION]: secretVersion } : {},
      ),
    }),
  );
}
