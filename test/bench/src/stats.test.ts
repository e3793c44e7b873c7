import { latency, percentile, spread } from './stats';

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
});
