import { metricsResponse } from '../../__testUtils__/fixtures';
import {
  appendSample,
  parseFigure,
  series,
  toSample,
  type MetricsSample,
} from './samples';

describe('parseFigure', () => {
  it.each([
    ['250', 250],
    ['12.5', 12.5],
    ['', 0],
    [undefined, 0],
    ['n/a', 0],
  ])('parses %p as %p', (value, expected) => {
    expect(parseFigure(value)).toBe(expected);
  });
});

describe('toSample', () => {
  it('reads the total and each replica', () => {
    expect(toSample(metricsResponse(250, 512), 1000)).toEqual({
      at: 1000,
      total: { cpu: 250, memory: 512 },
      replicas: {
        '0': { cpu: 150, memory: 312 },
        '1': { cpu: 100, memory: 200 },
      },
    });
  });

  it('copes without a replica breakdown', () => {
    expect(
      toSample({ cpu: { usedMillicores: '5' }, memory: { usedMb: '6' } }, 1),
    ).toEqual({ at: 1, total: { cpu: 5, memory: 6 }, replicas: {} });
  });
});

describe('appendSample and series', () => {
  const sample = (
    at: number,
    cpu: number,
    replica?: number,
  ): MetricsSample => ({
    at,
    total: { cpu, memory: cpu * 2 },
    replicas: replica === undefined ? {} : { '0': { cpu: replica, memory: 1 } },
  });

  it('keeps the newest samples', () => {
    let samples: MetricsSample[] = [];
    for (let i = 0; i < 5; i++) {
      samples = appendSample(samples, sample(i, i), 3);
    }
    expect(samples.map(s => s.at)).toEqual([2, 3, 4]);
  });

  it('picks a figure of the total or of a replica', () => {
    const samples = [sample(1, 10), sample(2, 20, 7), sample(3, 30, 8)];
    expect(series(samples, 'cpu')).toEqual([10, 20, 30]);
    expect(series(samples, 'memory')).toEqual([20, 40, 60]);
    expect(series(samples, 'cpu', '0')).toEqual([7, 8]);
    expect(series(samples, 'cpu', '9')).toEqual([]);
  });
});
