import type { RunResult } from './measure';
import { Pairs, pairRatios, poolPairs } from './pairs';
import { Estimate, estimate, spread } from './stats';

/** The units figures are measured in; a target may use a multiple (s, KiB, MiB). */
export type BaseUnit = 'ms' | '×' | 'bytes' | 'requests/s';

/**
 * Every figure a target can name (`figure` in targets.json), with its unit. Latencies are the
 * backend's; `…speedup` is the median over pairs of CLI time ÷ backend time (how many times
 * faster the backend was in the same pair), `deploy.overhead` the median over pairs of backend
 * time ÷ helm time (1.05 = 5% slower than raw helm).
 */
export const FIGURES = {
  'status.p50': { unit: 'ms', about: 'status of one app, backend p50' },
  'status.p99': { unit: 'ms', about: 'status of one app, backend p99' },
  'status.speedup': {
    unit: '×',
    about: 'status of one app: CLI ÷ backend, median over pairs',
  },
  'apps.p50': { unit: 'ms', about: 'all apps, backend p50' },
  'apps.speedup': {
    unit: '×',
    about: 'all apps: CLI ÷ backend, median over pairs',
  },
  'logs.p50': { unit: 'ms', about: 'logs, backend p50' },
  'logs.speedup': {
    unit: '×',
    about: 'logs: kubectl logs ÷ backend, median over pairs',
  },
  'metrics.p50': { unit: 'ms', about: 'metrics, backend p50' },
  'metrics.speedup': {
    unit: '×',
    about: 'metrics: kubectl top ÷ backend, median over pairs',
  },
  'deploy.p50': { unit: 'ms', about: 'deploy, backend p50' },
  'deploy.overhead': {
    unit: '×',
    about: 'deploy: backend ÷ raw helm, median over pairs',
  },
  'concurrent.p99': {
    unit: 'ms',
    about: '50 concurrent clients reading status, steady state, p99',
  },
  'concurrent.firstBurstP99': {
    unit: 'ms',
    about: '50 concurrent clients, first 200 requests on new connections, p99',
  },
  'concurrent.perSecond': {
    unit: 'requests/s',
    about: '50 concurrent clients reading status, requests per second',
  },
  'fleetPage.fromSidebarP50': {
    unit: 'ms',
    about:
      'the KSML fleet page in Chromium, from a click on the sidebar to its first rows, p50',
  },
  'fleetPage.byUrlP50': {
    unit: 'ms',
    about:
      'the KSML fleet page in Chromium, from navigating to /ksml (a full page load) to its first rows, p50',
  },
  'memory.cacheBytesPerApp': {
    unit: 'bytes',
    about: 'the watch-backed cache alone, heap after GC ÷ apps',
  },
  'memory.heapGrowthPerApp': {
    unit: 'bytes',
    about: 'backend heap after GC, growth per app from the 100-app baseline',
  },
  'memory.rssGrowthPerApp': {
    unit: 'bytes',
    about: 'backend RSS after GC, growth per app from the 100-app baseline',
  },
} as const satisfies Record<string, { unit: BaseUnit; about: string }>;

export type FigureId = keyof typeof FIGURES;

/**
 * A figure as targets judge it: a point estimate and its interval from every run's samples
 * pooled. `noise` says why the figure cannot be judged at all.
 */
export interface Figure extends Estimate {
  unit: BaseUnit;
  /** What `low`–`high` is: a 95% confidence interval, the runs' range, or a single reading. */
  basis: '95% CI' | 'runs' | 'one reading';
  noise?: string;
}

/** The backend's memory (bytes, after a full GC); growth per app between a baseline and all apps. */
export interface Memory {
  rssBytes: number;
  heapBytes: number;
  baseline?: { apps: number; rssBytes: number; heapBytes: number };
  /** V8 heap in use, per app. */
  bytesPerApp?: number;
  rssBytesPerApp?: number;
  /** The watch-backed cache alone (measured apart from the backend), per app. */
  cacheBytesPerApp: number;
}

type Compared = 'status' | 'apps' | 'logs' | 'metrics' | 'deploy';

/**
 * A single memory reading: no interval to give; growth that comes out negative is the collector's
 * and the rest of the portal's variation being larger than what the apps add, so it cannot show
 * that a bound holds.
 */
function memoryFigure(bytes: number | undefined): Figure | undefined {
  if (bytes === undefined) return undefined;
  return {
    unit: 'bytes',
    basis: 'one reading',
    value: bytes,
    low: bytes,
    high: bytes,
    n: 1,
    ...(bytes < 0
      ? {
          noise: `it came out negative (${(bytes / 1024).toFixed(
            1,
          )} KiB per app): the heap after GC varies by more than the apps add (GC noise), so this run cannot show the bound holds`,
        }
      : {}),
  };
}

/** Every figure of FIGURES this benchmark measured, from all runs' samples pooled. */
export function computeFigures(
  runs: readonly RunResult[],
  memory: Memory,
): Partial<Record<FigureId, Figure>> {
  const pooled = (key: Compared): Pairs => poolPairs(runs.map(r => r[key]));
  const ms = (values: number[], p: number): Figure => ({
    unit: 'ms',
    basis: '95% CI',
    ...estimate(values, p),
  });
  const ratio = (
    key: Compared,
    direction: 'cli/backend' | 'backend/cli',
  ): Figure => ({
    unit: '×',
    basis: '95% CI',
    ...estimate(pairRatios(pooled(key), direction), 50),
  });
  const perSecond = spread(runs.map(r => r.concurrent.perSecond));
  return {
    'status.p50': ms(pooled('status').backend, 50),
    'status.p99': ms(pooled('status').backend, 99),
    'status.speedup': ratio('status', 'cli/backend'),
    'apps.p50': ms(pooled('apps').backend, 50),
    'apps.speedup': ratio('apps', 'cli/backend'),
    'logs.p50': ms(pooled('logs').backend, 50),
    'logs.speedup': ratio('logs', 'cli/backend'),
    'metrics.p50': ms(pooled('metrics').backend, 50),
    'metrics.speedup': ratio('metrics', 'cli/backend'),
    'deploy.p50': ms(pooled('deploy').backend, 50),
    'deploy.overhead': ratio('deploy', 'backend/cli'),
    'concurrent.p99': ms(
      runs.flatMap(r => r.concurrent.durations),
      99,
    ),
    'concurrent.firstBurstP99': ms(
      runs.flatMap(r => r.concurrent.firstBurst),
      99,
    ),
    // One figure per run (requests over the run's seconds): the runs' median, min and max.
    'concurrent.perSecond': {
      unit: 'requests/s',
      basis: 'runs',
      value: perSecond.median,
      low: perSecond.min,
      high: perSecond.max,
      n: runs.length,
    },
    'fleetPage.fromSidebarP50': ms(
      runs.flatMap(r => r.fleetPage.fromSidebar),
      50,
    ),
    'fleetPage.byUrlP50': ms(
      runs.flatMap(r => r.fleetPage.byUrl),
      50,
    ),
    'memory.cacheBytesPerApp': memoryFigure(memory.cacheBytesPerApp),
    'memory.heapGrowthPerApp': memoryFigure(memory.bytesPerApp),
    'memory.rssGrowthPerApp': memoryFigure(memory.rssBytesPerApp),
  };
}
