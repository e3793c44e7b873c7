/** Latency figures of one series of timed calls, in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
  count: number;
}

/** A figure measured in several runs: their median, min and max. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The nearest-rank percentile `p` (0–100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50 and p99 of a series of durations. */
export function latency(durations: readonly number[]): Latency {
  return {
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    count: durations.length,
  };
}

/** Median, min and max of one figure over the runs. */
export function spread(values: readonly number[]): Spread {
  return {
    median: percentile(values, 50),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Runs `fn` `count` times one after the other; resolves with each call's duration (ms). */
export async function timeSeries(
  count: number,
  fn: (index: number) => Promise<unknown>,
): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    durations.push(performance.now() - start);
  }
  return durations;
}
