import { computeFigures, Memory } from './figures';
import type { RunResult } from './measure';
import { BenchReport, markdown, summarise } from './report';
import { evaluateTargets, exitCode, parseTargets } from './targets';

/** A run of `n` pairs per comparison: the backend 2 ms (+ jitter), the CLI 100 ms (+ jitter). */
function run(n: number, statusPairs = n): RunResult {
  const series = (count: number, base: number) =>
    Array.from({ length: count }, (_, i) => base + (i % 7) / 7);
  const pairs = (count: number, backend: number, cli: number) => ({
    backend: series(count, backend),
    cli: series(count, cli),
  });
  return {
    status: pairs(statusPairs, 2, 100),
    apps: pairs(n, 40, 400),
    logs: pairs(n, 8, 70),
    metrics: pairs(n, 6, 50),
    deploy: pairs(n, 500, 520),
    concurrent: {
      durations: series(2000, 30),
      perSecond: 1600,
      firstBurst: series(200, 90),
    },
    fleetPage: { fromSidebar: series(10, 300), byUrl: series(10, 900) },
  };
}

const memory: Memory = {
  rssBytes: 400 * 2 ** 20,
  heapBytes: 150 * 2 ** 20,
  baseline: { apps: 100, rssBytes: 420 * 2 ** 20, heapBytes: 152 * 2 ** 20 },
  bytesPerApp: -2330,
  rssBytesPerApp: -23300,
  cacheBytesPerApp: 4602,
};

const targets = parseTargets({
  targets: [
    {
      name: 'status ≥ 20× faster',
      figure: 'status.speedup',
      op: '>=',
      bound: 20,
      unit: '×',
      why: 'w',
    },
    {
      name: 'status p99 < 50 ms',
      figure: 'status.p99',
      op: '<',
      bound: 50,
      unit: 'ms',
      why: 'w',
    },
    {
      name: 'deploy in half of helm’s time (unreachable)',
      figure: 'deploy.overhead',
      op: '<=',
      bound: 0.5,
      unit: '×',
      why: 'w',
    },
    {
      name: 'all apps < 500 ms',
      figure: 'apps.p50',
      op: '<',
      bound: 500,
      unit: 'ms',
      minApps: 1000,
      why: 'w',
    },
    {
      name: 'memory growth',
      figure: 'memory.heapGrowthPerApp',
      op: '<=',
      bound: 50,
      unit: 'KiB',
      why: 'w',
    },
  ],
});

function report(runs: RunResult[]): BenchReport {
  const figures = computeFigures(runs, memory);
  const results = evaluateTargets(targets, figures, 2);
  return {
    date: '2026-12-05',
    machine: {
      cpus: 2,
      cpuModel: 'test',
      memoryGiB: 8,
      loadAverage: { before: 1.5, after: 2.25 },
    },
    apps: 2,
    replicasPerApp: 2,
    runs: runs.length,
    pairs: { status: 200, others: 30 },
    setup: { deploySeconds: 3, runningSeconds: 4 },
    measuringSeconds: 62,
    rows: summarise(runs),
    figures,
    memory,
    targets: {
      file: 'test/bench/targets.json',
      sha256: 'abcdef0123456789',
      results,
      exitCode: exitCode(results),
    },
    samples: runs,
  };
}

describe('bench report', () => {
  it('judges targets on every run’s samples pooled', () => {
    const figures = computeFigures([run(30, 200), run(30, 200)], memory);
    expect(figures['status.p99']).toMatchObject({ n: 400, basis: '95% CI' });
    expect(figures['status.speedup']?.n).toBe(400);
    expect(figures['deploy.overhead']).toMatchObject({ n: 60 });
    expect(figures['deploy.overhead']!.value).toBeCloseTo(500 / 520, 2);
    expect(figures['concurrent.p99']?.n).toBe(4000);
    expect(figures['concurrent.perSecond']).toMatchObject({
      basis: 'runs',
      n: 2,
      value: 1600,
    });
    expect(figures['memory.heapGrowthPerApp']?.noise).toMatch(
      /negative.*GC noise/,
    );
    expect(figures['memory.cacheBytesPerApp']?.noise).toBeUndefined();
    // The fleet page's loads in the browser, pooled: 10 per run each way.
    expect(figures['fleetPage.fromSidebarP50']).toMatchObject({
      n: 20,
      unit: 'ms',
    });
    expect(figures['fleetPage.fromSidebarP50']!.value).toBeCloseTo(300.4, 0);
    expect(figures['fleetPage.byUrlP50']!.value).toBeGreaterThan(900);
  });

  it('prints each figure with its sample counts, equal on both sides', () => {
    const rows = summarise([run(30, 200)]);
    expect(rows.find(r => r.measure === 'deploy p50 (ms)')).toMatchObject({
      samples: { backend: 30, cli: 30, unit: 'pairs' },
    });
    const text = markdown(report([run(30, 200)]));
    expect(text).toContain('| status p50 (ms) | 200 vs 200 (pairs) |');
    expect(text).toContain('| deploy p50 (ms) | 30 vs 30 (pairs) |');
    expect(text).toContain(
      '| fleet page in Chromium, sidebar click to first rows: p50 (ms) | 10 loads | 300 (300–300) |',
    );
    expect(text).toContain(
      '| 50 concurrent status: p99 (ms) | 2000 requests |',
    );
    expect(text).toContain(
      '1 run (62.0 s) of 200 interleaved pairs of status reads and 30 of each other comparison',
    );
  });

  it('prints each target’s verdict, why it is inconclusive or not applicable, and the exit code', () => {
    const text = markdown(report([run(30, 200)]));
    expect(text).toMatch(
      /\| status ≥ 20× faster \| `status.speedup` ≥ 20× \| 41\.4× \[41\.4, 43\.9\] \(95% CI, n = 200\) \| met \|/,
    );
    // 200 samples cannot bound a p99 from above
    expect(text).toContain(
      '| status p99 < 50 ms | `status.p99` < 50 ms | 2.86 ms [2.86, ∞] (95% CI, n = 200) | inconclusive: 200 samples are too few to bound it from above at 95% |',
    );
    expect(text).toMatch(
      /deploy in half of helm’s time \(unreachable\) .*\| \*\*missed\*\* \|/,
    );
    expect(text).toContain(
      '| all apps < 500 ms | `apps.p50` < 500 ms | 40.4 ms [40.1, 40.6] (95% CI, n = 30) | not applicable: stated for 1000 apps or more; this run has 2 |',
    );
    expect(text).toMatch(/memory growth .*inconclusive: it came out negative/);
    expect(text).toContain(
      '1 met, 1 missed, 2 inconclusive, 1 not applicable. Exit code 2: 1 target missed.',
    );
  });
});
