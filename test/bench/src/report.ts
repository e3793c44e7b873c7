import { RunResult } from './measure';
import { Spread, spread } from './stats';

/** The benchmark's result: what was run where, and each figure over the runs. */
export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number };
  apps: number;
  replicasPerApp: number;
  runs: number;
  setup: { deploySeconds: number; runningSeconds: number };
  figures: Record<string, { ours: Spread; cli?: Spread; ratio?: Spread }>;
  /** After a full garbage collection; growth per app between the baseline and all apps. */
  memory: {
    rssBytes: number;
    heapBytes: number;
    baseline?: { apps: number; rssBytes: number; heapBytes: number };
    /** V8 heap in use, per app. */
    bytesPerApp?: number;
    rssBytesPerApp?: number;
    /** The watch-backed cache alone (measured apart from the backend), per app. */
    cacheBytesPerApp: number;
  };
  targets: Array<{ target: string; met: boolean; value: string }>;
}

type Side = (run: RunResult) => number;

/** Each figure's median, min and max over the runs, with the CLI's and their ratio. */
export function summarise(runs: RunResult[]): BenchReport['figures'] {
  const figure = (ours: Side, cli?: Side, ratio?: Side) => ({
    ours: spread(runs.map(ours)),
    ...(cli ? { cli: spread(runs.map(cli)) } : {}),
    ...(ratio ? { ratio: spread(runs.map(ratio)) } : {}),
  });
  // Ratios are "how many times faster than the CLI" (CLI time / ours); for deploys, ours / raw
  // helm (1.05 = 5% over the floor).
  type Compared = 'status' | 'apps' | 'logs' | 'metrics' | 'deploy';
  const faster = (key: Compared, p: 'p50' | 'p99' = 'p50') =>
    figure(
      r => r[key].ours[p],
      r => r[key].cli[p],
      r => r[key].cli[p] / r[key].ours[p],
    );
  return {
    'status p50 (ms)': faster('status'),
    'status p99 (ms)': faster('status', 'p99'),
    'all apps p50 (ms)': faster('apps'),
    'logs p50 (ms)': faster('logs'),
    'metrics p50 (ms)': faster('metrics'),
    'deploy p50 (ms)': figure(
      r => r.deploy.ours.p50,
      r => r.deploy.cli.p50,
      r => r.deploy.ours.p50 / r.deploy.cli.p50,
    ),
    '50 concurrent status: p99 (ms)': figure(r => r.concurrent.p99),
    '50 concurrent status: requests/s': figure(r => r.concurrent.perSecond),
    '50 concurrent status, first 200 on new connections: p99 (ms)': figure(
      r => r.concurrent.firstBurstP99,
    ),
  };
}

/** The targets, checked against the medians. */
export function checkTargets(
  figures: BenchReport['figures'],
  memory: BenchReport['memory'],
): BenchReport['targets'] {
  const f = (name: string) => figures[name];
  const x = (n: number) => `${n.toFixed(1)}×`;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const targets = [
    {
      target: 'status of one app ≥ 20× faster than the CLI pair at p50',
      met: f('status p50 (ms)').ratio!.median >= 20,
      value: x(f('status p50 (ms)').ratio!.median),
    },
    {
      target: 'status p99 < 50 ms',
      met: f('status p99 (ms)').ours.median < 50,
      value: ms(f('status p99 (ms)').ours.median),
    },
    {
      target: 'all apps < 500 ms',
      met: f('all apps p50 (ms)').ours.median < 500,
      value: ms(f('all apps p50 (ms)').ours.median),
    },
    {
      target: '50 concurrent status requests: p99 < 100 ms',
      met: f('50 concurrent status: p99 (ms)').ours.median < 100,
      value: ms(f('50 concurrent status: p99 (ms)').ours.median),
    },
    {
      target: 'logs at least as fast as kubectl logs',
      met: f('logs p50 (ms)').ratio!.median >= 1,
      value: x(f('logs p50 (ms)').ratio!.median),
    },
    {
      target: 'metrics at least as fast as kubectl top',
      met: f('metrics p50 (ms)').ratio!.median >= 1,
      value: x(f('metrics p50 (ms)').ratio!.median),
    },
    {
      target: 'deploy within 10% of raw helm',
      met: f('deploy p50 (ms)').ratio!.median <= 1.1,
      value: `${((f('deploy p50 (ms)').ratio!.median - 1) * 100).toFixed(
        1,
      )}% over`,
    },
  ];
  targets.push({
    target: 'cache memory ≤ 50 KB per app',
    met: memory.cacheBytesPerApp <= 50 * 1024,
    value: `${(memory.cacheBytesPerApp / 1024).toFixed(1)} KB per app`,
  });
  if (memory.bytesPerApp !== undefined) {
    targets.push({
      target:
        'memory ≤ 50 KB per app beyond the 100-app baseline (heap after GC)',
      met: memory.bytesPerApp <= 50 * 1024,
      value: `${(memory.bytesPerApp / 1024).toFixed(1)} KB per app`,
    });
  }
  return targets;
}

/** Three significant figures or so: 1234, 56.7, 8.91. */
function num(n: number): string {
  if (n >= 100) return n.toFixed(0);
  return n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
const cell = (s?: Spread) =>
  s ? `${num(s.median)} (${num(s.min)}–${num(s.max)})` : '';

/** The report as markdown: the figures table (median, min–max) and the targets. */
export function markdown(report: BenchReport): string {
  const lines = [
    `**${report.apps} apps × ${report.replicasPerApp} replicas**, ${
      report.date
    }, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${
      report.machine.memoryGiB
    } GiB; median (min–max) of ${report.runs} runs; set-up: ${num(
      report.setup.deploySeconds,
    )} s deploying, ${num(
      report.setup.runningSeconds,
    )} s more until all Running.`,
    '',
    '| measure | backend | CLI | CLI ÷ backend (deploy: backend ÷ helm) |',
    '|---|---|---|---|',
    ...Object.entries(report.figures).map(
      ([name, f]) =>
        `| ${name} | ${cell(f.ours)} | ${cell(f.cli)} | ${cell(f.ratio)} |`,
    ),
    `| backend heap in use / RSS after GC (MiB) | ${num(
      report.memory.heapBytes / 2 ** 20,
    )} / ${num(report.memory.rssBytes / 2 ** 20)} | | |`,
  ];
  const { baseline, bytesPerApp, rssBytesPerApp, cacheBytesPerApp } =
    report.memory;
  lines.push(
    `| watch-backed cache alone, bytes per app (heap after GC) | ${num(
      cacheBytesPerApp,
    )} | | |`,
  );
  if (baseline && bytesPerApp !== undefined && rssBytesPerApp !== undefined) {
    lines.push(
      `| growth from ${baseline.apps} apps, bytes per app: heap / RSS | ${num(
        bytesPerApp,
      )} / ${num(rssBytesPerApp)} | | |`,
    );
  }
  lines.push('', '| target | value | met |', '|---|---|---|');
  for (const t of report.targets)
    lines.push(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}
