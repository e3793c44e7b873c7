import { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KsmlLogger, silentLogger } from '../logger';
import { withSpan } from '../tracing';
import { HelmResult, HelmTimeoutError, translateHelmFailure } from './errors';
import { ClusterTarget } from '../cluster/ClusterTarget';
import { ChartSource, RemoteChart } from './types';

/** Options for {@link HelmCli.create}. */
export interface HelmCliOptions {
  /** The helm v3 binary; default `helm` from PATH. */
  binary?: string;
  chart: ChartSource;
  /** Longest a helm command may take; default 300 s. */
  timeoutSeconds?: number;
  logger?: KsmlLogger;
}

/** The values and target of an install or upgrade. */
export interface HelmInstallOptions {
  release: string;
  target: ClusterTarget;
  values: Record<string, unknown>;
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

const REPOSITORY_ALIAS = 'ksml-charts';

/**
 * Drives the real helm v3 binary: spawned with argument arrays (never a shell), values passed
 * through a 0600 temp file that is removed afterwards, registry passwords through stdin, and
 * a private helm home so logins and caches never touch the user's. Failures are translated
 * once, here, into `@backstage/errors` (see {@link translateHelmFailure}).
 */
export class HelmCli {
  readonly #binary: string;
  readonly #chart: ChartSource;
  readonly #timeoutSeconds: number;
  readonly #logger: KsmlLogger;
  #home?: Promise<string>;
  #chartReady?: Promise<void>;

  static create(options: HelmCliOptions): HelmCli {
    return new HelmCli(options);
  }

  private constructor(options: HelmCliOptions) {
    this.#binary = options.binary ?? 'helm';
    this.#chart = options.chart;
    this.#timeoutSeconds = options.timeoutSeconds ?? 300;
    this.#logger = options.logger ?? silentLogger;
  }

  /** `helm upgrade --install` of the configured chart; resolves with the release's metadata. */
  async upgradeInstall(options: HelmInstallOptions): Promise<KsmlHelmRelease> {
    const { chartRef, chartArgs } = await this.#chartReference();
    await this.#withValuesFile(options.values, async valuesFile => {
      const result = await this.#run(
        [
          'upgrade',
          '--install',
          options.release,
          chartRef,
          ...chartArgs,
          '--values',
          valuesFile,
          '--timeout',
          `${this.#timeoutSeconds}s`,
          ...targetArgs(options.target),
        ],
        { operation: 'upgrade --install' },
      );
      this.#logger.info(`helm upgrade --install ${options.release} succeeded`, {
        namespace: options.target.namespace,
      });
      return result;
    });
    return this.getMetadata(options.release, options.target);
  }

  /** `helm template` of the configured chart: the manifests a deploy would apply. */
  async template(
    release: string,
    namespace: string,
    values: Record<string, unknown>,
  ): Promise<string> {
    const { chartRef, chartArgs } = await this.#chartReference();
    return this.#withValuesFile(values, async valuesFile => {
      const result = await this.#run(
        [
          'template',
          release,
          chartRef,
          ...chartArgs,
          '--values',
          valuesFile,
          '--namespace',
          namespace,
        ],
        { operation: 'template' },
      );
      return result.stdout;
    });
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
      {
        operation: 'uninstall',
      },
    );
    this.#logger.info(`helm uninstall ${release} succeeded`, {
      namespace: target.namespace,
    });
  }

  /** The release's metadata in the readme's `helm` shape; a missing release is a NotFoundError. */
  async getMetadata(
    release: string,
    target: ClusterTarget,
  ): Promise<KsmlHelmRelease> {
    const result = await this.#run(
      ['get', 'metadata', release, '--output', 'json', ...targetArgs(target)],
      {
        operation: 'get metadata',
      },
    );
    const raw = JSON.parse(result.stdout) as Record<string, unknown>;
    return {
      name: String(raw.name),
      chart: String(raw.chart),
      version: String(raw.version),
      appVersion: String(raw.appVersion ?? ''),
      namespace: String(raw.namespace),
      revision: Number(raw.revision),
      status: String(raw.status),
      deployedAt: normalizeTimestamp(String(raw.deployedAt)),
    };
  }

  /** Every release in the target namespace (all states). */
  async list(target: ClusterTarget): Promise<HelmListedRelease[]> {
    const result = await this.#run(
      ['list', '--all', '--output', 'json', ...targetArgs(target)],
      {
        operation: 'list',
      },
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

  async #withValuesFile<T>(
    values: Record<string, unknown>,
    use: (file: string) => Promise<T>,
  ): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'ksml-values-'));
    try {
      const file = join(dir, 'values.yaml');
      await writeFile(file, stringify(values), { mode: 0o600 });
      return await use(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #run(
    args: string[],
    options: { operation: string; input?: string },
  ): Promise<HelmResult> {
    this.#home ??= mkdtemp(join(tmpdir(), 'ksml-helm-'));
    const home = await this.#home;
    const span = { 'helm.operation': options.operation };
    return withSpan(`helm ${options.operation}`, span, async () => {
      const result = await spawnHelm(this.#binary, args, {
        input: options.input,
        timeoutMs: (this.#timeoutSeconds + 30) * 1000,
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
        throw translateHelmFailure(options.operation, result);
      return result;
    });
  }
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

/** Helm prints RFC 3339 with nanoseconds and an offset; the readme shows `2024-08-26T13:04:20Z`. */
function normalizeTimestamp(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function spawnHelm(
  binary: string,
  args: string[],
  options: { input?: string; timeoutMs: number; env: Record<string, string> },
): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new HelmTimeoutError(
          `helm ${args[0]} did not finish within ${options.timeoutMs / 1000} s`,
        ),
      );
    }, options.timeoutMs);
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', error => {
      clearTimeout(timer);
      reject(new Error(`Could not run helm (${binary}): ${error.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
