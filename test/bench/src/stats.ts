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

/**
 * A figure estimated from pooled samples: the point estimate, a 95% confidence interval around
 * it, and how many samples it rests on. An end the samples cannot bound is ±Infinity (a p99 of
 * fewer than 368 samples has no upper bound at 95%); null in the JSON report.
 */
export interface Estimate {
  value: number;
  low: number;
  high: number;
  n: number;
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

/**
 * P(K ≤ k) for k = 0 … n, K ~ Binomial(n, q), computed in log space so that thousands of samples
 * do not underflow.
 */
export function binomialCdf(n: number, q: number): number[] {
  if (q <= 0) return Array.from({ length: n + 1 }, () => 1);
  if (q >= 1) return Array.from({ length: n + 1 }, (_, k) => (k < n ? 0 : 1));
  const logPmf = [n * Math.log1p(-q)];
  const odds = Math.log(q) - Math.log1p(-q);
  for (let k = 0; k < n; k++)
    logPmf.push(logPmf[k] + Math.log((n - k) / (k + 1)) + odds);
  const max = Math.max(...logPmf);
  const cumulative: number[] = [];
  let sum = 0;
  for (const l of logPmf) {
    sum += Math.exp(l - max);
    cumulative.push(sum);
  }
  return cumulative.map(c => Math.min(1, c / sum));
}

/**
 * A distribution-free confidence interval for the `p`th percentile (0–100): the order statistics
 * x(l) and x(u) (1-based, sorted ascending) with P(x(l) ≤ true percentile ≤ x(u)) ≥ `confidence`,
 * from the number of samples below the true percentile being Binomial(n, p/100). It assumes
 * independent samples and no particular distribution. An end that the samples are too few to
 * bound is -Infinity or Infinity.
 */
export function percentileInterval(
  values: readonly number[],
  p: number,
  confidence = 0.95,
): { low: number; high: number } {
  const n = values.length;
  if (n === 0) return { low: -Infinity, high: Infinity };
  const sorted = [...values].sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const cdf = binomialCdf(n, p / 100);
  // The largest l ≥ 1 with P(K ≤ l - 1) ≤ tail; the smallest u ≤ n with P(K ≤ u - 1) ≥ 1 - tail.
  let l = 0;
  while (l < n && cdf[l] <= tail) l++;
  let u = 1;
  while (u <= n && cdf[u - 1] < 1 - tail) u++;
  return {
    low: l >= 1 ? sorted[l - 1] : -Infinity,
    high: u <= n ? sorted[u - 1] : Infinity,
  };
}

/** The `p`th percentile of pooled samples with its 95% confidence interval. */
export function estimate(values: readonly number[], p: number): Estimate {
  return {
    value: percentile(values, p),
    ...percentileInterval(values, p),
    n: values.length,
  };
}
