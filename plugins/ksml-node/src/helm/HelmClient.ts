import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import type { ChartFiles } from '../chart/valuesSchema';
import type { SecretEnvPatch } from '../chart/secretDelivery';
import type { ClusterTarget } from '../cluster/ClusterTarget';

/** The values and target of an install or upgrade. */
export interface HelmInstallOptions {
  release: string;
  target: ClusterTarget;
  values: Record<string, unknown>;
  /** Applied to the chart's output by a post-renderer before Helm installs it. */
  postRender?: SecretEnvPatch;
}

/** A release as `helm list` shows it. */
export interface HelmListedRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  chart: string;
  appVersion: string;
  updated: string;
}

/**
 * The Helm operations the provisioner core needs, for the one chart it installs (status reads
 * Helm's records through the Kubernetes API instead). {@link HelmCli}
 * drives the real helm binary; tests of the core may pass a fake. Failures are
 * `@backstage/errors` (a missing release is a NotFoundError, registry trouble a 502, ...).
 */
export interface HelmClient {
  /** `helm upgrade --install`; resolves with the release's metadata. */
  upgradeInstall(options: HelmInstallOptions): Promise<KsmlHelmRelease>;
  /** `helm uninstall`; a missing release is a NotFoundError. */
  uninstall(release: string, target: ClusterTarget): Promise<void>;
  /** `helm rollback` to an earlier revision (a new revision with that one's chart and values). */
  rollback(
    release: string,
    revision: number,
    target: ClusterTarget,
  ): Promise<void>;
  /**
   * The longest a helm process of this client may live before it is killed: a `pending-*`
   * revision older than this was left by a helm that is gone.
   */
  readonly maxRunMs: number;
  /** The chart's `values.yaml` and `values.schema.json` (read once per chart version). */
  chartFiles(): Promise<ChartFiles>;
  /** Releases what the client holds (its private helm home). */
  close(): Promise<void>;
}
