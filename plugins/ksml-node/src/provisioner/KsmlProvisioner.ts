import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppRef,
  KsmlHelmRelease,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlStatusResponse,
  KsmlUsage,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { HelmCli } from '../helm/HelmCli';
import { KsmlKubeClient, KubeReader, PodUsage } from '../kube/KubeReader';
import { KsmlLogger, silentLogger } from '../logger';
import { mapWorkloadStatus } from '../status/mapStatus';
import { buildValues } from '../values/buildValues';
import { Values } from '../values/merge';

/** Resolves an environment name to the cluster and namespace its apps run in. */
export type TargetResolver = (environment: string) => ClusterTarget;

/** Options for {@link KsmlProvisioner.create}. */
export interface KsmlProvisionerOptions {
  helm: HelmCli;
  resolveTarget: TargetResolver;
  /** The operator's custom values (the readme's CUSTOM_VALUES_FILE). */
  customValues?: Values;
  logger?: KsmlLogger;
  /** Connects to a cluster target; default {@link KubeReader.create} (client-node). */
  connectKube?: (target: ClusterTarget) => Promise<KsmlKubeClient>;
}

/** What a deploy did. */
export interface DeployResult {
  helm: KsmlHelmRelease;
  /** Names (never values) of the Kafka properties kept in the Kafka Secret. */
  secretProperties: string[];
}

/** Bounds of `tailLines`. */
export const DEFAULT_TAIL_LINES = 100;
/** Most log lines one request may ask for, per replica. */
export const MAX_TAIL_LINES = 10_000;

/**
 * The KSML provisioner core: deploys apps with Helm and reads their status, logs and metrics
 * from Kubernetes. No Backstage imports, so the Backstage backend plugin and the standalone
 * server share it. Callers validate requests first (see `deployRequestSchema`).
 */
export class KsmlProvisioner {
  readonly #helm: HelmCli;
  readonly #resolveTarget: TargetResolver;
  readonly #customValues?: Values;
  readonly #logger: KsmlLogger;
  readonly #connectKube: (target: ClusterTarget) => Promise<KsmlKubeClient>;
  readonly #readers = new Map<string, Promise<KsmlKubeClient>>();

  static create(options: KsmlProvisionerOptions): KsmlProvisioner {
    return new KsmlProvisioner(options);
  }

  private constructor(options: KsmlProvisionerOptions) {
    this.#helm = options.helm;
    this.#resolveTarget = options.resolveTarget;
    this.#customValues = options.customValues;
    this.#logger = options.logger ?? silentLogger;
    this.#connectKube = options.connectKube ?? KubeReader.create;
  }

  /** The chart values a deploy of this request would use (nothing is applied). */
  renderValues(request: DeployRequest): {
    release: string;
    values: Values;
    secretProperties: string[];
  } {
    const { values, secretProperties } = buildValues(request, {
      customValues: this.#customValues,
    });
    return { release: releaseName(request), values, secretProperties };
  }

  /**
   * Installs or upgrades the app. A Job cannot be changed in place, so a Job that is already
   * deployed is uninstalled first and installed anew.
   */
  async deploy(request: DeployRequest): Promise<DeployResult> {
    const target = this.#resolveTarget(request.environment);
    const { release, values, secretProperties } = this.renderValues(request);
    if (
      request.deploymentMode === 'Job' &&
      (await this.#exists(release, target))
    ) {
      this.#logger.info(
        `Redeploying Job ${release}: uninstalling the previous run first`,
        { namespace: target.namespace },
      );
      await this.#helm.uninstall(release, target);
    }
    const helm = await this.#helm.upgradeInstall({ release, target, values });
    this.#logger.info(`Deployed ${release} revision ${helm.revision}`, {
      namespace: target.namespace,
      secretProperties,
    });
    return { helm, secretProperties };
  }

  /**
   * Uninstalls the app. Its PersistentVolumeClaims (the KSML store) stay, as Helm leaves
   * StatefulSet claims, unless `deleteStorage` asks to delete them too.
   */
  async undeploy(
    ref: KsmlAppRef,
    options: { deleteStorage?: boolean } = {},
  ): Promise<{ release: string; namespace: string; deletedClaims?: string[] }> {
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    await this.#helm.uninstall(release, target);
    if (!options.deleteStorage) return { release, namespace: target.namespace };
    const deletedClaims = await (
      await this.#reader(target)
    ).deleteClaims(release);
    return { release, namespace: target.namespace, deletedClaims };
  }

  /** The readme's status: Helm's release plus the workload's state. 404 when not deployed. */
  async status(ref: KsmlAppRef): Promise<KsmlStatusResponse> {
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    const helm = await this.#helm.getMetadata(release, target);
    const reader = await this.#reader(target);
    const [workload, pods] = await Promise.all([
      reader.readWorkload(release),
      reader.listPods(release),
    ]);
    return { helm, kubernetes: mapWorkloadStatus(release, workload, pods) };
  }

  /**
   * The last `tailLines` of each replica's log. A replica whose log cannot be read comes back
   * with an `error`, so the others still show.
   */
  async logs(
    ref: KsmlAppRef,
    tailLines: number = DEFAULT_TAIL_LINES,
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
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    const reader = await this.#reader(target);
    const pods = await reader.listPods(release);
    if (pods.length === 0)
      throw new NotFoundError(
        `No pods found for ${release} in namespace ${target.namespace}`,
      );
    const logs = await Promise.all(
      pods.map(async pod => {
        const podName = pod.metadata?.name ?? '';
        const replicaName = replicaNameOf(release, podName);
        try {
          return {
            replicaName,
            lines: await reader.readLog(podName, tailLines),
          };
        } catch (error) {
          return { replicaName, lines: '', error: (error as Error).message };
        }
      }),
    );
    return { tailLines, logs };
  }

  /**
   * CPU (millicores) and memory (MB) summed over the app's pods, plus each replica's. 404 with
   * the reason when metrics.k8s.io is missing or has no figures for these pods yet.
   */
  async metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse> {
    const target = this.#resolveTarget(ref.environment);
    const release = releaseName(ref);
    const usage = await (await this.#reader(target)).podUsage(release);
    if (usage.length === 0) {
      throw new NotFoundError(
        `No metrics yet for ${release}: metrics-server has no figures for its pods (new pods take about a minute)`,
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

  async #exists(release: string, target: ClusterTarget): Promise<boolean> {
    try {
      await this.#helm.getMetadata(release, target);
      return true;
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return false;
      throw error;
    }
  }

  #reader(target: ClusterTarget): Promise<KsmlKubeClient> {
    const key = JSON.stringify(target);
    let reader = this.#readers.get(key);
    if (!reader) {
      reader = this.#connectKube(target);
      this.#readers.set(key, reader);
      reader.catch(() => this.#readers.delete(key));
    }
    return reader;
  }
}

/** A StatefulSet pod's ordinal ("0", "1"); other pods (a Job's) keep their name. */
export function replicaNameOf(release: string, podName: string): string {
  const match = new RegExp(
    `^${release.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`,
  ).exec(podName);
  return match ? match[1] : podName;
}

/** The readme's figures: whole millicores and whole MB (mebibytes), as strings. */
function formatUsage(usage: PodUsage): KsmlUsage {
  return {
    cpu: { usedMillicores: String(Math.round(usage.cpuMillicores)) },
    memory: { usedMb: String(Math.round(usage.memoryBytes / (1024 * 1024))) },
  };
}
