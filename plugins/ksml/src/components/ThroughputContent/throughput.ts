import type {
  KsmlFunctionTiming,
  KsmlReplicaThroughput,
  KsmlThroughputPoint,
  KsmlThroughputResponse,
} from '@ksml-backstage/plugin-ksml-common';

/** What a figure shows when the runners did not report it. */
export const NO_FIGURE = '–';

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const UP_TO_ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});

/** Rounds to one decimal, as the figures show it. */
function toTenths(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * A figure that reads at a glance: one decimal under 10 ("2.5", "9.0"), whole numbers from 10
 * on, with thousands separators ("1,234"); 0 as "0", and a figure too small for one decimal
 * as "< 0.1" rather than a misleading "0.0". Fixed to en-US, as the plugin's other figures.
 */
export function formatFigure(value: number): string {
  if (value === 0) return '0';
  if (value > 0 && value < 0.05) return '< 0.1';
  const tenths = toTenths(value);
  return Math.abs(tenths) < 10
    ? ONE_DECIMAL.format(tenths)
    : WHOLE.format(value);
}

/** Records per second ({@link formatFigure}), or "–" when not reported. */
export function formatRate(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value)
    ? NO_FIGURE
    : formatFigure(value);
}

/** Milliseconds with up to one decimal ("0.4", "12", "1,234.5"), or "–" when not reported. */
export function formatMs(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value)
    ? NO_FIGURE
    : UP_TO_ONE_DECIMAL.format(value);
}

/** A count of calls with thousands separators ("12,345"). */
export function formatCalls(value: number): string {
  return WHOLE.format(value);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * Bytes in binary units, as the JVM and Kubernetes count memory: "312 MiB", "1.5 GiB", "512 B";
 * one decimal under 10 and whole numbers above ({@link formatFigure}). "–" when not reported.
 */
export function formatBytes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value) || value < 0) {
    return NO_FIGURE;
  }
  let unit = 0;
  let scaled = value;
  // A figure that would round to 1,024 of a unit shows as 1 of the next ("1.0 GiB").
  while (unit < BYTE_UNITS.length - 1 && Math.round(scaled) >= 1024) {
    scaled /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${WHOLE.format(scaled)} B`;
  return `${formatFigure(scaled)} ${BYTE_UNITS[unit]}`;
}

/** A replica's JVM heap: "312 MiB of 1.5 GiB", "312 MiB" without a maximum, "–" when unread. */
export function formatHeap(
  usedBytes: number | undefined,
  maxBytes: number | undefined,
): string {
  if (usedBytes === undefined) return NO_FIGURE;
  const used = formatBytes(usedBytes);
  return maxBytes === undefined || maxBytes <= 0
    ? used
    : `${used} of ${formatBytes(maxBytes)}`;
}

/** The app's records in and out per second, summed over the replicas that reported them. */
export interface ThroughputTotals {
  /** Undefined when no replica reported it. */
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
  /** Replicas whose runner was read (their state is known). */
  replicasRead: number;
  /** Every replica of the answer. */
  replicas: number;
}

function sumOf(values: Array<number | undefined>): number | undefined {
  const given = values.filter(
    (value): value is number => value !== undefined && Number.isFinite(value),
  );
  return given.length === 0 ? undefined : given.reduce((a, b) => a + b, 0);
}

/** The totals of {@link ThroughputTotals} over the replicas of a throughput answer. */
export function throughputTotals(
  replicas: KsmlReplicaThroughput[],
): ThroughputTotals {
  const totals: ThroughputTotals = {
    replicasRead: replicas.filter(replica => replica.state !== 'Unknown')
      .length,
    replicas: replicas.length,
  };
  const recordsIn = sumOf(replicas.map(r => r.recordsInPerSecond));
  const recordsOut = sumOf(replicas.map(r => r.recordsOutPerSecond));
  if (recordsIn !== undefined) totals.recordsInPerSecond = recordsIn;
  if (recordsOut !== undefined) totals.recordsOutPerSecond = recordsOut;
  return totals;
}

/**
 * Why a throughput answer has no figures at all, when every replica is Unknown for the same
 * reason and that reason has its own explanation: the runners are being read for the first
 * time, they run without their metrics endpoint, or the backend may not use the pod proxy.
 */
export type ThroughputBlocker =
  | 'NotYetRead'
  | 'MetricsDisabled'
  | 'MetricsForbidden';

const BLOCKERS: readonly ThroughputBlocker[] = [
  'NotYetRead',
  'MetricsDisabled',
  'MetricsForbidden',
];

function isBlocker(reason: string): reason is ThroughputBlocker {
  return (BLOCKERS as readonly string[]).includes(reason);
}

/** The {@link ThroughputBlocker} of an answer; undefined when it has something to show. */
export function throughputBlocker(
  response: Pick<KsmlThroughputResponse, 'replicas'>,
): ThroughputBlocker | undefined {
  const [first, ...others] = response.replicas;
  const reason = first?.state === 'Unknown' ? first.reason : undefined;
  if (!reason || !isBlocker(reason)) return undefined;
  const same = others.every(
    replica => replica.state === 'Unknown' && replica.reason === reason,
  );
  return same ? reason : undefined;
}

/** The functions, by name: a table that keeps its order from one poll to the next. */
export function sortedFunctions(
  functions: KsmlFunctionTiming[],
): KsmlFunctionTiming[] {
  return [...functions].sort((a, b) => a.name.localeCompare(b.name));
}

/** The points of a history whose time can be read, oldest first, with that time. */
function timedPoints(
  history: KsmlThroughputPoint[],
): Array<KsmlThroughputPoint & { time: number }> {
  return history
    .map(point => ({ ...point, time: Date.parse(point.at) }))
    .filter(point => Number.isFinite(point.time))
    .sort((a, b) => a.time - b.time);
}

/** The minutes a history spans, first to last reading, rounded, at least 1. */
export function historyMinutes(history: KsmlThroughputPoint[]): number {
  const points = timedPoints(history);
  if (points.length < 2) return 1;
  const span = points[points.length - 1].time - points[0].time;
  return Math.max(1, Math.round(span / 60_000));
}

/**
 * "last 12 minutes", "last 1 minute", "last 6 hours", "last 7 days": the span of a history, as
 * the charts name it (hours from 2 hours, days from 2 days).
 */
export function historySpan(history: KsmlThroughputPoint[]): string {
  const minutes = historyMinutes(history);
  const unit = (count: number, name: string) =>
    `last ${count} ${name}${count === 1 ? '' : 's'}`;
  if (minutes >= 2 * 1440) return unit(Math.round(minutes / 1440), 'day');
  if (minutes >= 120) return unit(Math.round(minutes / 60), 'hour');
  return unit(minutes, 'minute');
}

/** The trend's ranges a user may pick where a Prometheus keeps more than the backend's hour. */
export const HISTORY_RANGES = [
  { range: undefined, label: 'Last hour' },
  { range: '6h', label: '6 hours' },
  { range: '24h', label: '24 hours' },
  { range: '7d', label: '7 days' },
] as const;

/** Where the trend comes from, in words: "Over all replicas, from Prometheus". */
export function trendSource(response: KsmlThroughputResponse): string {
  return response.historySource === 'prometheus'
    ? "Over all replicas, from the environment's Prometheus"
    : 'Over all replicas, as the backend read them while the app was looked at';
}

/** The accessible name of the records chart: "Records per second, last 12 minutes". */
export function recordsChartLabel(history: KsmlThroughputPoint[]): string {
  return `Records per second, ${historySpan(history)}`;
}

/** The accessible name of the heap chart: "JVM heap used, last 12 minutes". */
export function heapChartLabel(history: KsmlThroughputPoint[]): string {
  return `JVM heap used, ${historySpan(history)}`;
}

/** Size of a chart's drawing area, in SVG user units. */
export interface ChartBox {
  width: number;
  height: number;
  /** Room kept free at every edge, so the stroke is not clipped (1 by default). */
  padding?: number;
}

/** One value at one time (epoch milliseconds). */
export interface TimedValue {
  time: number;
  value: number;
}

/** Rounds to two decimals: enough for a screen, and keeps paths short and stable in tests. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The SVG path (`M x y L x y ...`) of a line through `points`, placed by their time between
 * `start` and `end` (a gap in the readings stays a gap in time), and scaled from 0 (bottom) to
 * `max` (top), so that several lines drawn with the same `max` compare. A single point, or
 * points all at one time, are drawn as a flat line across; all values 0 (or `max` 0) lie on the
 * bottom. No points give ''.
 */
export function timeLinePath(
  points: TimedValue[],
  box: ChartBox,
  scale: { start: number; end: number; max: number },
): string {
  const finite = points.filter(
    point => Number.isFinite(point.time) && Number.isFinite(point.value),
  );
  if (finite.length === 0) return '';
  const padding = box.padding ?? 1;
  const innerWidth = box.width - 2 * padding;
  const innerHeight = box.height - 2 * padding;
  const y = (value: number) =>
    scale.max <= 0
      ? padding + innerHeight
      : padding +
        innerHeight -
        (Math.min(Math.max(value, 0), scale.max) / scale.max) * innerHeight;
  const span = scale.end - scale.start;
  if (finite.length === 1 || span <= 0) {
    const last = finite[finite.length - 1].value;
    return `M${round(padding)} ${round(y(last))} L${round(
      padding + innerWidth,
    )} ${round(y(last))}`;
  }
  const x = (time: number) =>
    padding + ((time - scale.start) / span) * innerWidth;
  return finite
    .map(
      (point, index) =>
        `${index === 0 ? 'M' : 'L'}${round(x(point.time))} ${round(
          y(point.value),
        )}`,
    )
    .join(' ');
}

/** The lines of the trend charts, drawn in one box each. */
export interface TrendPaths {
  recordsIn: string;
  recordsOut: string;
  heap: string;
  /** The top of the records chart (records per second): in and out share it. */
  maxRate: number;
  /** The top of the heap chart (bytes). */
  maxHeap: number;
}

/**
 * The records chart's two lines (in and out, on one scale from 0 to the highest of both) and
 * the heap chart's line, through the history's points by their time.
 */
export function trendPaths(
  history: KsmlThroughputPoint[],
  box: ChartBox,
): TrendPaths {
  const points = timedPoints(history);
  const start = points.length ? points[0].time : 0;
  const end = points.length ? points[points.length - 1].time : 0;
  const of = (figure: keyof Omit<KsmlThroughputPoint, 'at'>) =>
    points.map(point => ({ time: point.time, value: point[figure] }));
  const recordsIn = of('recordsInPerSecond');
  const recordsOut = of('recordsOutPerSecond');
  const heap = of('heapUsedBytes');
  const maxOf = (values: TimedValue[]) =>
    Math.max(0, ...values.map(v => v.value).filter(Number.isFinite));
  const maxRate = Math.max(maxOf(recordsIn), maxOf(recordsOut));
  const maxHeap = maxOf(heap);
  return {
    recordsIn: timeLinePath(recordsIn, box, { start, end, max: maxRate }),
    recordsOut: timeLinePath(recordsOut, box, { start, end, max: maxRate }),
    heap: timeLinePath(heap, box, { start, end, max: maxHeap }),
    maxRate,
    maxHeap,
  };
}

/** A series' latest value and its range over the history. */
function range(values: number[]): { latest: number; min: number; max: number } {
  return {
    latest: values[values.length - 1],
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * The records chart in words, its textual fallback: "Records in: 120 per second now, between
 * 80 and 150 over the last 12 minutes. Records out: …". Empty without a history.
 */
export function recordsTrendText(history: KsmlThroughputPoint[]): string {
  const points = timedPoints(history);
  if (points.length === 0) return '';
  const span = historySpan(history);
  const sentence = (name: string, values: number[]) => {
    const { latest, min, max } = range(values);
    const now = `${name}: ${formatFigure(latest)} per second now`;
    return points.length === 1 || min === max
      ? `${now}.`
      : `${now}, between ${formatFigure(min)} and ${formatFigure(
          max,
        )} over the ${span}.`;
  };
  return [
    sentence(
      'Records in',
      points.map(p => p.recordsInPerSecond),
    ),
    sentence(
      'Records out',
      points.map(p => p.recordsOutPerSecond),
    ),
  ].join(' ');
}

/**
 * The heap chart in words, its textual fallback: "JVM heap used (all replicas): 312 MiB now,
 * between 250 MiB and 400 MiB over the last 12 minutes." Empty without a history.
 */
export function heapTrendText(history: KsmlThroughputPoint[]): string {
  const points = timedPoints(history);
  if (points.length === 0) return '';
  const { latest, min, max } = range(points.map(p => p.heapUsedBytes));
  const now = `JVM heap used (all replicas): ${formatBytes(latest)} now`;
  return points.length === 1 || min === max
    ? `${now}.`
    : `${now}, between ${formatBytes(min)} and ${formatBytes(
        max,
      )} over the ${historySpan(history)}.`;
}
