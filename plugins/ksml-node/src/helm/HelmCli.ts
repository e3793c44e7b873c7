import { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SecretEnvPatch } from '../chart/secretDelivery';
import { ChartFiles } from '../chart/valuesSchema';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { KsmlLogger, silentLogger } from '../logger';
import { withSpan } from '../tracing';
import { helmReleaseOf } from './releaseRecords';
import { HelmResult, translateHelmFailure } from './errors';
import { HelmChart } from './HelmChart';
import { clusterLabel, postRendererArgs, targetArgs } from './helmArgs';
import {
  HelmClient,
  HelmInstallOptions,
  HelmListedRelease,
} from './HelmClient';
import { helmEnv, KILL_GRACE_MS, spawnHelm } from './spawnHelm';
import { ChartSource } from './types';

/** Options for {@link HelmCli.create}. */
export interface HelmCliOptions {
  /** The helm v3 binary; default `helm` from PATH. */
  binary?: string;
  chart: ChartSource;
  /** Longest a helm command may take; default 300 s. */
  timeoutSeconds?: number;
  logger?: KsmlLogger;
  /**
   * The post-render script (`postrender/inject-secret-env.cjs` of this package, or a bundled
   * copy of it, as in the provisioner image); default: resolved from this package.
   */
  postRendererScript?: string;
  /**
   * When a helm process that has not ended is killed (its whole process group: SIGTERM, then
   * SIGKILL 5 s later); default helm's own timeout plus 30 s, so helm can report its own
   * timeout first.
   */
  killAfterSeconds?: number;
  /**
   * Called right before helm starts an operation that changes the cluster (upgrade, rollback,
   * uninstall), with nothing awaited in between: throwing refuses it. The provisioner's
   * operator mode passes its leadership check, so a leader that lost its Lease while it
   * waited (a paused process) starts no helm.
   */
  guard?: (action: string) => void;
}

/** The helm operations that change the cluster (the ones {@link HelmCliOptions.guard} sees). */
const CHANGES = new Set(['upgrade --install', 'uninstall', 'rollback']);

/**
 * Drives the real helm v3 binary: spawned with argument arrays (never a shell), values passed
 * through a 0600 temp file that is removed afterwards, registry passwords through stdin, and
 * a private helm home so logins and caches never touch the user's. Failures are translated
 * once, here, into `@backstage/errors` (see {@link translateHelmFailure}).
 */
export class HelmCli implements HelmClient {
  readonly #binary: string;
  readonly #chart: HelmChart;
  readonly #timeoutSeconds: number;
  readonly #killAfterMs: number;
  readonly #logger: KsmlLogger;
  readonly #postRendererScript?: string;
  readonly #guard?: (action: string) => void;
  #home?: Promise<string>;

  static create(options: HelmCliOptions): HelmCli {
    return new HelmCli(options);
  }

  private constructor(options: HelmCliOptions) {
    this.#binary = options.binary ?? 'helm';
    this.#chart = new HelmChart({
      chart: options.chart,
      run: (args, runOptions) => this.#run(args, runOptions),
      helmHome: () => this.#helmHome(),
    });
    this.#timeoutSeconds = options.timeoutSeconds ?? 300;
    this.#killAfterMs =
      (options.killAfterSeconds ?? this.#timeoutSeconds + 30) * 1000;
    this.#logger = options.logger ?? silentLogger;
    this.#postRendererScript = options.postRendererScript;
    this.#guard = options.guard;
  }

  /** `helm upgrade --install` of the configured chart; resolves with the release's metadata. */
  async upgradeInstall(options: HelmInstallOptions): Promise<KsmlHelmRelease> {
    const { chartRef, chartArgs } = await this.#chart.reference();
    const result = await this.#withValuesFile(options, renderArgs =>
      this.#run(
        [
          'upgrade',
          '--install',
          options.release,
          chartRef,
          ...chartArgs,
          ...renderArgs,
          '--timeout',
          `${this.#timeoutSeconds}s`,
          // The release as JSON: its metadata without a second helm process.
          '--output',
          'json',
          ...targetArgs(options.target),
        ],
        {
          operation: 'upgrade --install',
          target: options.target,
          release: options.release,
        },
      ),
    );
    this.#logger.info(`helm upgrade --install ${options.release} succeeded`, {
      namespace: options.target.namespace,
    });
    return helmReleaseOf(JSON.parse(result.stdout));
  }

  /** `helm template` of the configured chart: the manifests a deploy would apply. */
  async template(options: {
    release: string;
    namespace: string;
    values: Record<string, unknown>;
    postRender?: SecretEnvPatch;
  }): Promise<string> {
    const { chartRef, chartArgs } = await this.#chart.reference();
    return this.#withValuesFile(options, async renderArgs => {
      const result = await this.#run(
        [
          'template',
          options.release,
          chartRef,
          ...chartArgs,
          ...renderArgs,
          '--namespace',
          options.namespace,
        ],
        { operation: 'template' },
      );
      return result.stdout;
    });
  }

  /**
   * The chart's `values.yaml` and `values.schema.json`, pulled once per instance (the chart
   * version is fixed) into the private helm home.
   */
  chartFiles(): Promise<ChartFiles> {
    return this.#chart.files();
  }

  /** `helm uninstall`; a missing release is a NotFoundError. */
  async uninstall(release: string, target: ClusterTarget): Promise<void> {
    await this.#run(
      [
        'uninstall',
        release,
        '--wait',
        '--timeout',
        `${this.#timeoutSeconds}s`,
        ...targetArgs(target),
      ],
      { operation: 'uninstall', target, release },
    );
    this.#logger.info(`helm uninstall ${release} succeeded`, {
      namespace: target.namespace,
    });
  }

  async rollback(
    release: string,
    revision: number,
    target: ClusterTarget,
  ): Promise<void> {
    await this.#run(
      [
        'rollback',
        release,
        String(revision),
        '--timeout',
        `${this.#timeoutSeconds}s`,
        ...targetArgs(target),
      ],
      { operation: 'rollback', target, release },
    );
    this.#logger.info(`helm rollback ${release} ${revision} succeeded`, {
      namespace: target.namespace,
    });
  }

  get maxRunMs(): number {
    return this.#killAfterMs + KILL_GRACE_MS;
  }

  /** Every release in the target namespace (all states). */
  async list(target: ClusterTarget): Promise<HelmListedRelease[]> {
    const result = await this.#run(
      ['list', '--all', '--output', 'json', ...targetArgs(target)],
      { operation: 'list', target },
    );
    const rows = JSON.parse(result.stdout || '[]') as Array<
      Record<string, string>
    >;
    return rows.map(row => ({
      name: row.name,
      namespace: row.namespace,
      revision: Number(row.revision),
      status: row.status,
      chart: row.chart,
      appVersion: row.app_version,
      updated: row.updated,
    }));
  }

  /** Removes the private helm home (registry logins, caches). */
  async close(): Promise<void> {
    if (this.#home)
      await rm(await this.#home, { recursive: true, force: true });
    this.#home = undefined;
    this.#chart.reset();
  }

  /**
   * Writes the values (and a post-render patch) to a private temp folder, removed afterwards,
   * and passes `use` the helm arguments that read them.
   */
  async #withValuesFile<T>(
    options: { values: Record<string, unknown>; postRender?: SecretEnvPatch },
    use: (args: string[]) => Promise<T>,
  ): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'ksml-values-'));
    try {
      const file = join(dir, 'values.yaml');
      await writeFile(file, stringify(options.values), { mode: 0o600 });
      const args = ['--values', file];
      if (options.postRender) {
        const patch = join(dir, 'post-render.json');
        await writeFile(patch, JSON.stringify(options.postRender), {
          mode: 0o600,
        });
        args.push(...postRendererArgs(patch, this.#postRendererScript));
      }
      return await use(args);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  #helmHome(): Promise<string> {
    this.#home ??= mkdtemp(join(tmpdir(), 'ksml-helm-'));
    return this.#home;
  }

  async #run(
    args: string[],
    options: {
      operation: string;
      input?: string;
      target?: ClusterTarget;
      release?: string;
    },
  ): Promise<HelmResult> {
    const home = await this.#helmHome();
    const span = { 'helm.operation': options.operation };
    return withSpan(`helm ${options.operation}`, span, async () => {
      if (CHANGES.has(options.operation)) {
        this.#guard?.(
          `helm ${options.operation} ${options.release ?? ''}`.trim(),
        );
      }
      const result = await spawnHelm(this.#binary, args, {
        input: options.input,
        timeoutMs: this.#killAfterMs,
        env: helmEnv(home),
      });
      if (result.code !== 0)
        throw translateHelmFailure(
          options.operation,
          result,
          options.target ? clusterLabel(options.target) : '',
        );
      return result;
    });
  }
}
