import {
  binomialCdf,
  estimate,
  latency,
  percentile,
  percentileInterval,
  spread,
} from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 99)).toBe(198);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises a series and a figure over runs', () => {
    expect(latency([3, 1, 2])).toEqual({ p50: 2, p99: 3, count: 3 });
    expect(spread([5, 9, 1])).toEqual({ median: 5, min: 1, max: 9 });
  });

  it('gives the binomial distribution without underflow', () => {
    const cdf = binomialCdf(4, 0.5);
    expect(cdf.map(c => Math.round(c * 16))).toEqual([1, 5, 11, 15, 16]);
    const big = binomialCdf(6000, 0.5);
    expect(big[2999]).toBeGreaterThan(0.49);
    expect(big[2999]).toBeLessThan(0.5);
    expect(big[6000]).toBe(1);
  });

  it('bounds the median of 30 samples by the 10th and 21st (the textbook ranks)', () => {
    const values = Array.from({ length: 30 }, (_, i) => 30 - i); // 30..1
    expect(percentileInterval(values, 50)).toEqual({ low: 10, high: 21 });
  });

  it('leaves an end unbounded when the samples are too few', () => {
    // Fewer than 6 samples cannot bound a median at 95% (0.5^5 × 2 > 0.05).
    expect(percentileInterval([1, 2, 3, 4, 5], 50)).toEqual({
      low: -Infinity,
      high: Infinity,
    });
    expect(percentileInterval([1, 2, 3, 4, 5, 6], 50)).toEqual({
      low: 1,
      high: 6,
    });
    // A p99 needs 368 samples for an upper bound (0.99^n ≤ 0.025).
    const series = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(percentileInterval(series(367), 99).high).toBe(Infinity);
    const bounded = percentileInterval(series(368), 99);
    expect(bounded.high).toBe(368);
    expect(bounded.low).toBeGreaterThan(355);
    expect(percentileInterval([], 50)).toEqual({
      low: -Infinity,
      high: Infinity,
    });
  });

  it('estimates a percentile with its interval and sample count', () => {
    const values = Array.from({ length: 600 }, (_, i) => i + 1);
    const p99 = estimate(values, 99);
    expect(p99.value).toBe(594);
    expect(p99.n).toBe(600);
    expect(p99.low).toBeLessThan(594);
    expect(p99.high).toBeGreaterThan(594);
    expect(p99.high).toBeLessThanOrEqual(600);
  });
});
