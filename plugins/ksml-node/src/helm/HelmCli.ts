import { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SecretEnvPatch } from '../chart/secretDelivery';
import { ChartFiles } from '../chart/valuesSchema';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { KsmlLogger, silentLogger } from '../logger';
import { withSpan } from '../tracing';
import { readChartFiles } from './chartFiles';
import { helmReleaseOf } from './releaseRecords';
import { HelmResult, HelmTimeoutError, translateHelmFailure } from './errors';
import {
  HelmClient,
  HelmInstallOptions,
  HelmListedRelease,
} from './HelmClient';
import { ChartSource, RemoteChart } from './types';

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

const REPOSITORY_ALIAS = 'ksml-charts';

/** How long a helm process has after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 5_000;

/**
 * Drives the real helm v3 binary: spawned with argument arrays (never a shell), values passed
 * through a 0600 temp file that is removed afterwards, registry passwords through stdin, and
 * a private helm home so logins and caches never touch the user's. Failures are translated
 * once, here, into `@backstage/errors` (see {@link translateHelmFailure}).
 */
export class HelmCli implements HelmClient {
  readonly #binary: string;
  readonly #chart: ChartSource;
  readonly #timeoutSeconds: number;
  readonly #killAfterMs: number;
  readonly #logger: KsmlLogger;
  readonly #postRendererScript?: string;
  readonly #guard?: (action: string) => void;
  #home?: Promise<string>;
  #chartReady?: Promise<void>;
  #chartFiles?: Promise<ChartFiles>;

  static create(options: HelmCliOptions): HelmCli {
    return new HelmCli(options);
  }

  private constructor(options: HelmCliOptions) {
    this.#binary = options.binary ?? 'helm';
    this.#chart = options.chart;
    this.#timeoutSeconds = options.timeoutSeconds ?? 300;
    this.#killAfterMs =
      (options.killAfterSeconds ?? this.#timeoutSeconds + 30) * 1000;
    this.#logger = options.logger ?? silentLogger;
    this.#postRendererScript = options.postRendererScript;
    this.#guard = options.guard;
  }

  /** `helm upgrade --install` of the configured chart; resolves with the release's metadata. */
  async upgradeInstall(options: HelmInstallOptions): Promise<KsmlHelmRelease> {
    const { chartRef, chartArgs } = await this.#chartReference();
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
    const { chartRef, chartArgs } = await this.#chartReference();
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
    this.#chartFiles ??= this.#pullChartFiles().catch(error => {
      this.#chartFiles = undefined; // try again next time
      throw error;
    });
    return this.#chartFiles;
  }

  async #pullChartFiles(): Promise<ChartFiles> {
    const chart = this.#chart;
    if (chart.kind === 'path') return readChartFiles(chart.path);
    const { chartRef, chartArgs } = await this.#chartReference();
    const dir = await mkdtemp(join(await this.#helmHome(), 'pull-'));
    try {
      await this.#run(['pull', chartRef, ...chartArgs, '--destination', dir], {
        operation: 'pull',
      });
      const [archive] = (await readdir(dir)).filter(f => f.endsWith('.tgz'));
      return await readChartFiles(join(dir, archive));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
    this.#chartReady = undefined;
    this.#chartFiles = undefined;
  }

  /** The chart argument and its flags; logs in or adds the repository once per instance. */
  async #chartReference(): Promise<{ chartRef: string; chartArgs: string[] }> {
    const chart = this.#chart;
    if (chart.kind === 'path') return { chartRef: chart.path, chartArgs: [] };
    this.#chartReady ??= this.#prepareChart(chart).catch(error => {
      this.#chartReady = undefined; // try again next time
      throw error;
    });
    await this.#chartReady;
    const chartArgs = ['--version', chart.version, ...tlsArgs(chart)];
    return chart.kind === 'oci'
      ? {
          chartRef: `${chart.url.replace(/\/+$/, '')}/${chart.name}`,
          chartArgs,
        }
      : { chartRef: `${REPOSITORY_ALIAS}/${chart.name}`, chartArgs };
  }

  async #prepareChart(
    chart: RemoteChart & { kind: 'oci' | 'repository' },
  ): Promise<void> {
    if (chart.kind === 'oci') {
      if (!chart.username) return;
      const host = chart.url.replace(/^oci:\/\//, '').split('/')[0];
      await this.#run(
        [
          'registry',
          'login',
          host,
          '--username',
          chart.username,
          '--password-stdin',
          ...tlsArgs(chart),
        ],
        { operation: 'registry login', input: chart.password ?? '' },
      );
      return;
    }
    const credentials = chart.username
      ? ['--username', chart.username, '--password-stdin']
      : [];
    await this.#run(
      [
        'repo',
        'add',
        REPOSITORY_ALIAS,
        chart.url,
        '--force-update',
        ...credentials,
        ...tlsArgs(chart),
      ],
      { operation: 'repo add', input: chart.password ?? '' },
    );
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
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          HELM_CACHE_HOME: join(home, 'cache'),
          HELM_CONFIG_HOME: join(home, 'config'),
          HELM_DATA_HOME: join(home, 'data'),
          HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
          HELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'),
          HELM_REPOSITORY_CACHE: join(home, 'repository'),
          // In a pod without a kubeconfig, helm falls back to the service account.
          ...pick(process.env, [
            'KUBERNETES_SERVICE_HOST',
            'KUBERNETES_SERVICE_PORT',
            'HTTPS_PROXY',
            'NO_PROXY',
          ]),
        },
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

/**
 * The post-renderer flags: this Node.js running the provisioner's post-render script with the
 * patch file (Helm runs it with the rendered manifests on stdin).
 */
function postRendererArgs(patchFile: string, script?: string): string[] {
  return [
    '--post-renderer',
    process.execPath,
    '--post-renderer-args',
    script ??
      require.resolve(
        '@ksml-backstage/plugin-ksml-node/postrender/inject-secret-env.cjs',
      ),
    '--post-renderer-args',
    patchFile,
  ];
}

function targetArgs(target: ClusterTarget): string[] {
  return [
    '--namespace',
    target.namespace,
    ...(target.kubeconfigPath ? ['--kubeconfig', target.kubeconfigPath] : []),
    ...(target.context ? ['--kube-context', target.context] : []),
  ];
}

function tlsArgs(chart: RemoteChart): string[] {
  return [
    ...(chart.caFile ? ['--ca-file', chart.caFile] : []),
    ...(chart.insecureSkipTlsVerify ? ['--insecure-skip-tls-verify'] : []),
  ];
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter(k => env[k] !== undefined).map(k => [k, env[k]!]),
  );
}

/** How helm errors name a target's cluster: its kubeconfig context, or the in-cluster account. */
function clusterLabel(target: ClusterTarget): string {
  if (target.context) return `"${target.context}"`;
  return target.kubeconfigPath ? `of ${target.kubeconfigPath}` : '"in-cluster"';
}

/**
 * Runs helm in a process group of its own, so that a helm past its time is ended with
 * everything it started (a post-renderer): SIGTERM to the group, SIGKILL 5 s later, and the
 * HelmTimeoutError only once the process is gone.
 */
function spawnHelm(
  binary: string,
  args: string[],
  options: { input?: string; timeoutMs: number; env: Record<string, string> },
): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      grace = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', error => {
      clearTimeout(timer);
      clearTimeout(grace);
      reject(new Error(`Could not run helm (${binary}): ${error.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(grace);
      // Whatever the group still holds goes with helm.
      killGroup('SIGKILL');
      if (timedOut) {
        reject(
          new HelmTimeoutError(
            `helm ${args[0]} did not finish within ${
              options.timeoutMs / 1000
            } s and was stopped`,
          ),
        );
      } else {
        resolve({ code: code ?? -1, stdout, stderr });
      }
    });
    child.stdin.end(options.input ?? '');
  });
}
