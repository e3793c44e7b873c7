import { Figure, FigureId, Memory } from './figures';
import type { RunResult } from './measure';
import { Pairs, pairRatios } from './pairs';
import { percentile, Spread, spread } from './stats';
import { exitCode, Op, TargetResult } from './targets';

/** One line of the figures table: each side's figure over the runs, and how many samples a run took. */
export interface Row {
  measure: string;
  /** Per run: on the backend's side and, for a comparison, on the CLI's (always as many). */
  samples: { backend: number; cli?: number; unit: string };
  backend: Spread;
  cli?: Spread;
  ratio?: Spread;
}

/** The benchmark's result: what was run where, each figure, and the targets' verdicts. */
export interface BenchReport {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    /**
     * The 1-minute load average before the first run and after the last: above the CPU count,
     * processes queued for the CPUs (the benchmark's own among them). Absolute figures (latency,
     * throughput) depend on it; the paired ratios much less, as both sides share the machine.
     */
    loadAverage: { before: number; after: number };
  };
  apps: number;
  replicasPerApp: number;
  runs: number;
  /** Interleaved pairs per run: of status reads, and of each other comparison. */
  pairs: { status: number; others: number };
  setup: { deploySeconds: number; runningSeconds: number };
  /** How long the runs took, warm-up and set-up not included. */
  measuringSeconds: number;
  rows: Row[];
  /** What targets are judged on: every run's samples pooled. */
  figures: Partial<Record<FigureId, Figure>>;
  memory: Memory;
  targets: {
    file: string;
    sha256: string;
    results: TargetResult[];
    exitCode: number;
  };
  /** Every duration measured (ms), run by run, for anyone to recompute the figures. */
  samples: RunResult[];
}

type Compared = 'status' | 'apps' | 'logs' | 'metrics' | 'deploy';

/** The figures table: each figure's median, min and max over the runs. */
export function summarise(runs: readonly RunResult[]): Row[] {
  const first = runs[0];
  const over = (f: (run: RunResult) => number) => spread(runs.map(f));
  const paired = (pairs: Pairs) => ({
    backend: pairs.backend.length,
    cli: pairs.cli.length,
    unit: 'pairs',
  });
  // p50 rows: the ratio is the median over the run's pairs of each pair's ratio (interleaved
  // pairs share the machine's state); "how many times faster than the CLI", and for deploys
  // backend ÷ raw helm (1.05 = 5% over the floor).
  const p50 = (measure: string, key: Compared): Row => ({
    measure,
    samples: paired(first[key]),
    backend: over(r => percentile(r[key].backend, 50)),
    cli: over(r => percentile(r[key].cli, 50)),
    ratio: over(r =>
      percentile(
        pairRatios(r[key], key === 'deploy' ? 'backend/cli' : 'cli/backend'),
        50,
      ),
    ),
  });
  return [
    p50('status p50 (ms)', 'status'),
    {
      // A p99 has no per-pair counterpart: the ratio of the two sides' p99.
      measure: 'status p99 (ms)',
      samples: paired(first.status),
      backend: over(r => percentile(r.status.backend, 99)),
      cli: over(r => percentile(r.status.cli, 99)),
      ratio: over(
        r => percentile(r.status.cli, 99) / percentile(r.status.backend, 99),
      ),
    },
    p50('all apps p50 (ms)', 'apps'),
    p50('logs p50 (ms)', 'logs'),
    p50('metrics p50 (ms)', 'metrics'),
    p50('deploy p50 (ms)', 'deploy'),
    {
      measure: '50 concurrent status: p99 (ms)',
      samples: { backend: first.concurrent.durations.length, unit: 'requests' },
      backend: over(r => percentile(r.concurrent.durations, 99)),
    },
    {
      measure: '50 concurrent status: requests/s',
      samples: { backend: first.concurrent.durations.length, unit: 'requests' },
      backend: over(r => r.concurrent.perSecond),
    },
    {
      measure: '50 concurrent status, first 200 on new connections: p99 (ms)',
      samples: {
        backend: first.concurrent.firstBurst.length,
        unit: 'requests',
      },
      backend: over(r => percentile(r.concurrent.firstBurst, 99)),
    },
    {
      measure: 'fleet page in Chromium, sidebar click to first rows: p50 (ms)',
      samples: { backend: first.fleetPage.fromSidebar.length, unit: 'loads' },
      backend: over(r => percentile(r.fleetPage.fromSidebar, 50)),
    },
    {
      measure:
        'fleet page in Chromium, full load of /ksml to first rows: p50 (ms)',
      samples: { backend: first.fleetPage.byUrl.length, unit: 'loads' },
      backend: over(r => percentile(r.fleetPage.byUrl, 50)),
    },
  ];
}

/** Three significant figures or so: 1234, 56.7, 8.91; ±∞ for an end the samples cannot bound. */
function num(n: number): string {
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '−∞';
  const a = Math.abs(n);
  if (a >= 100) return n.toFixed(0);
  return a >= 10 ? n.toFixed(1) : n.toFixed(2);
}
const cell = (s?: Spread) =>
  s ? `${num(s.median)} (${num(s.min)}–${num(s.max)})` : '';
const samplesCell = ({ backend, cli, unit }: Row['samples']) =>
  cli === undefined ? `${backend} ${unit}` : `${backend} vs ${cli} (${unit})`;
const OP: Record<Op, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };
const withUnit = (n: string, unit: string) =>
  unit === '×' ? `${n}×` : `${n} ${unit}`;

/** A target's line: its bound, the figure with its interval and samples, and the verdict. */
function targetLine(r: TargetResult): string {
  const { target: t, value } = r;
  const measured = value
    ? `${withUnit(num(value.value), t.unit)} [${num(value.low)}, ${num(
        value.high,
      )}] (${r.basis}, n = ${value.n})`
    : 'not measured';
  let verdict = `${r.verdict}: ${r.reason}`;
  if (r.verdict === 'missed') verdict = '**missed**';
  if (r.verdict === 'met') verdict = 'met';
  return `| ${t.name} | \`${t.figure}\` ${OP[t.op]} ${withUnit(
    String(t.bound),
    t.unit,
  )} | ${measured} | ${verdict} |`;
}

/** The report as markdown: the figures table (median, min–max, samples) and the targets' verdicts. */
export function markdown(report: BenchReport): string {
  const { machine, pairs, setup } = report;
  const lines = [
    `**${report.apps} apps × ${report.replicasPerApp} replicas**, ${
      report.date
    }, ${machine.cpus} CPUs (${machine.cpuModel}), ${
      machine.memoryGiB
    } GiB, load average ${machine.loadAverage.before.toFixed(
      1,
    )} before measuring and ${machine.loadAverage.after.toFixed(
      1,
    )} after; set-up: ${num(setup.deploySeconds)} s deploying, ${num(
      setup.runningSeconds,
    )} s more until all Running.`,
    '',
    `${report.runs} run${report.runs === 1 ? '' : 's'} (${num(
      report.measuringSeconds,
    )} s) of ${pairs.status} interleaved pairs of status reads and ${
      pairs.others
    } of each other comparison: backend and CLI take turns, each going first in every other pair, so a busy machine slows both sides alike. Each cell: median (min–max) over the runs.`,
    '',
    '| measure | samples per run: backend vs CLI | backend | CLI | CLI ÷ backend, median over pairs (deploy: backend ÷ helm; p99: ratio of p99s) |',
    '|---|---|---|---|---|',
    ...report.rows.map(
      r =>
        `| ${r.measure} | ${samplesCell(r.samples)} | ${cell(
          r.backend,
        )} | ${cell(r.cli)} | ${cell(r.ratio)} |`,
    ),
    `| backend heap in use / RSS after GC (MiB) | 1 reading | ${num(
      report.memory.heapBytes / 2 ** 20,
    )} / ${num(report.memory.rssBytes / 2 ** 20)} | | |`,
  ];
  const { baseline, bytesPerApp, rssBytesPerApp, cacheBytesPerApp } =
    report.memory;
  lines.push(
    `| watch-backed cache alone, bytes per app (heap after GC) | 1 reading | ${num(
      cacheBytesPerApp,
    )} | | |`,
  );
  if (baseline && bytesPerApp !== undefined && rssBytesPerApp !== undefined) {
    lines.push(
      `| growth from ${
        baseline.apps
      } apps, bytes per app: heap / RSS | 1 reading each | ${num(
        bytesPerApp,
      )} / ${num(rssBytesPerApp)} | | |`,
    );
  }
  const { results, file, sha256 } = report.targets;
  lines.push(
    '',
    `Targets from \`${file}\` (sha256 ${sha256.slice(
      0,
      12,
    )}), read before measuring. Each is judged on every run's samples pooled: the figure [its 95% confidence interval] (n samples); met when the whole interval meets the bound, missed when the whole interval misses it, inconclusive when it straddles the bound or the figure cannot be judged.`,
    '',
    '| target | bound | figure | verdict |',
    '|---|---|---|---|',
    ...results.map(targetLine),
    '',
  );
  const count = (v: TargetResult['verdict']) =>
    results.filter(r => r.verdict === v).length;
  const code = exitCode(results);
  lines.push(
    `${count('met')} met, ${count('missed')} missed, ${count(
      'inconclusive',
    )} inconclusive, ${count('not applicable')} not applicable. ${
      code === 0
        ? 'Exit code 0: no target missed (inconclusive and not applicable ones do not fail the run).'
        : `Exit code ${code}: ${count('missed')} target${
            count('missed') === 1 ? '' : 's'
          } missed.`
    }`,
  );
  return lines.join('\n');
}
