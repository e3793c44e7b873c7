import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ChartFiles } from '../chart/valuesSchema';
import { readChartFiles } from './chartFiles';
import { HelmResult } from './errors';
import { tlsArgs } from './helmArgs';
import { ChartSource, RemoteChart } from './types';

const REPOSITORY_ALIAS = 'ksml-charts';

/** Runs one helm command as {@link HelmCli} does (its private home, failures translated). */
export type RunHelm = (
  args: string[],
  options: { operation: string; input?: string },
) => Promise<HelmResult>;

/**
 * The configured chart as helm commands name it: a registry login or repository add once per
 * instance before the first reference to a remote chart, and the chart's files pulled once.
 * A failed preparation or pull is tried again next time.
 */
export class HelmChart {
  readonly #chart: ChartSource;
  readonly #run: RunHelm;
  readonly #helmHome: () => Promise<string>;
  #chartReady?: Promise<void>;
  #chartFiles?: Promise<ChartFiles>;

  constructor(options: {
    chart: ChartSource;
    run: RunHelm;
    /** The private helm home, where a pulled chart is unpacked. */
    helmHome: () => Promise<string>;
  }) {
    this.#chart = options.chart;
    this.#run = options.run;
    this.#helmHome = options.helmHome;
  }

  /** The chart argument and its flags; logs in or adds the repository once per instance. */
  async reference(): Promise<{ chartRef: string; chartArgs: string[] }> {
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

  /** The chart's files, pulled once per instance: the chart version is fixed. */
  files(): Promise<ChartFiles> {
    this.#chartFiles ??= this.#pullChartFiles().catch(error => {
      this.#chartFiles = undefined; // try again next time
      throw error;
    });
    return this.#chartFiles;
  }

  /** Forgets the login, repository and pulled files (the helm home they were in is gone). */
  reset(): void {
    this.#chartReady = undefined;
    this.#chartFiles = undefined;
  }

  async #pullChartFiles(): Promise<ChartFiles> {
    const chart = this.#chart;
    if (chart.kind === 'path') return readChartFiles(chart.path);
    const { chartRef, chartArgs } = await this.reference();
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
}
