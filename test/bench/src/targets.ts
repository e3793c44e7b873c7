import { BaseUnit, Figure, FIGURES, FigureId } from './figures';

/**
 * The benchmark's targets, fixed in a file before anything is measured (test/bench/targets.json,
 * or `--targets FILE`): each names a figure (FIGURES), a bound with its unit, the fleet size it is
 * stated for, and why.
 */
export interface Target {
  name: string;
  figure: FigureId;
  op: Op;
  bound: number;
  unit: Unit;
  /** Below this many apps the target does not apply (its figure is printed all the same). */
  minApps: number;
  why: string;
}

export type Op = '<' | '<=' | '>' | '>=';
export type Unit = BaseUnit | 's' | 'KiB' | 'MiB';
export type Verdict = 'met' | 'missed' | 'inconclusive' | 'not applicable';

export interface TargetResult {
  target: Target;
  verdict: Verdict;
  /** The figure in the target's unit, when it was measured. */
  value?: { value: number; low: number; high: number; n: number };
  basis?: Figure['basis'];
  /** Why a target is inconclusive or not applicable. */
  reason?: string;
}

/** Each unit as a multiple of the figures' own. */
const UNITS: Record<Unit, { base: BaseUnit; factor: number }> = {
  ms: { base: 'ms', factor: 1 },
  s: { base: 'ms', factor: 1000 },
  '×': { base: '×', factor: 1 },
  bytes: { base: 'bytes', factor: 1 },
  KiB: { base: 'bytes', factor: 1024 },
  MiB: { base: 'bytes', factor: 2 ** 20 },
  'requests/s': { base: 'requests/s', factor: 1 },
};
const OPS: Op[] = ['<', '<=', '>', '>='];

/** The targets in a targets file's JSON, checked: an error names each entry that is wrong. */
export function parseTargets(json: unknown): Target[] {
  const list = (json as { targets?: unknown })?.targets;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error('a targets file is {"targets": [ … ]} with one or more');
  const errors: string[] = [];
  const names = new Set<string>();
  const targets = list.map((entry: any, i): Target => {
    const where = `targets[${i}]${
      typeof entry?.name === 'string' ? ` (${entry.name})` : ''
    }`;
    const wrong = (what: string) => errors.push(`${where}: ${what}`);
    if (typeof entry?.name !== 'string' || !entry.name.trim())
      wrong('name: a non-empty string');
    else if (names.has(entry.name)) wrong('name: used twice');
    else names.add(entry.name);
    const figure = FIGURES[entry?.figure as FigureId];
    if (!figure) wrong(`figure: one of ${Object.keys(FIGURES).join(', ')}`);
    if (!OPS.includes(entry?.op)) wrong(`op: one of ${OPS.join(' ')}`);
    if (typeof entry?.bound !== 'number' || !Number.isFinite(entry.bound))
      wrong('bound: a number');
    const unit = UNITS[entry?.unit as Unit];
    if (!unit) wrong(`unit: one of ${Object.keys(UNITS).join(', ')}`);
    else if (figure && unit.base !== figure.unit)
      wrong(`unit: ${entry.figure} is in ${figure.unit}, not ${entry.unit}`);
    const minApps = entry?.minApps ?? 1;
    if (!Number.isInteger(minApps) || minApps < 1)
      wrong('minApps: a whole number from 1');
    if (typeof entry?.why !== 'string' || !entry.why.trim())
      wrong('why: one line on why the target is what it is');
    return { ...entry, minApps };
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return targets;
}

function holds(value: number, op: Op, bound: number): boolean {
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    default:
      return value >= bound;
  }
}

/**
 * One target's verdict on one run of the benchmark at `apps` apps:
 * - not applicable: the run has fewer apps than the target is stated for;
 * - met: the whole interval of the figure (its 95% confidence interval, or for a figure of single
 *   readings the readings) satisfies the bound;
 * - missed: the whole interval violates it;
 * - inconclusive: the interval straddles the bound, an end of it is unbounded (too few samples),
 *   the figure was not measured, or it is noise (memory growth below zero).
 */
export function evaluateTarget(
  target: Target,
  figure: Figure | undefined,
  apps: number,
): TargetResult {
  const factor = UNITS[target.unit].factor;
  const measured =
    figure && Number.isFinite(figure.value)
      ? {
          value: {
            value: figure.value / factor,
            low: figure.low / factor,
            high: figure.high / factor,
            n: figure.n,
          },
          basis: figure.basis,
        }
      : undefined;
  if (apps < target.minApps)
    return {
      target,
      ...measured,
      verdict: 'not applicable',
      reason: `stated for ${target.minApps} apps or more; this run has ${apps}`,
    };
  if (!figure || !measured)
    return {
      target,
      verdict: 'inconclusive',
      reason: `${target.figure} was not measured in this run${
        target.figure.startsWith('memory.') && target.figure.includes('Growth')
          ? ' (it needs more than 100 apps: growth is from the 100-app baseline)'
          : ''
      }`,
    };
  const { value } = measured;
  const result = { target, ...measured };
  if (figure.noise)
    return { ...result, verdict: 'inconclusive', reason: figure.noise };
  const lowHolds = holds(value.low, target.op, target.bound);
  const highHolds = holds(value.high, target.op, target.bound);
  if (lowHolds && highHolds) return { ...result, verdict: 'met' };
  if (!lowHolds && !highHolds) return { ...result, verdict: 'missed' };
  if (!Number.isFinite(value.low) || !Number.isFinite(value.high)) {
    let side = 'on either side';
    if (Number.isFinite(value.high)) side = 'from below';
    else if (Number.isFinite(value.low)) side = 'from above';
    return {
      ...result,
      verdict: 'inconclusive',
      reason: `${value.n} samples are too few to bound it ${side} at 95%`,
    };
  }
  return {
    ...result,
    verdict: 'inconclusive',
    reason: `its ${figure.basis} straddles the bound`,
  };
}

/** Every target's verdict. */
export function evaluateTargets(
  targets: readonly Target[],
  figures: Partial<Record<FigureId, Figure>>,
  apps: number,
): TargetResult[] {
  return targets.map(t => evaluateTarget(t, figures[t.figure], apps));
}

/** The benchmark's exit code: 2 when a target was missed (1 is left for a benchmark that failed). */
export function exitCode(results: readonly TargetResult[]): number {
  return results.some(r => r.verdict === 'missed') ? 2 : 0;
}
