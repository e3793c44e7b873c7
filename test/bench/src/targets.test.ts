import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Figure } from './figures';
import {
  evaluateTarget,
  evaluateTargets,
  exitCode,
  parseTargets,
  Target,
} from './targets';

const target = (over: Partial<Target> = {}): Target => ({
  name: 'status p99 < 50 ms',
  figure: 'status.p99',
  op: '<',
  bound: 50,
  unit: 'ms',
  minApps: 1,
  why: 'instant',
  ...over,
});
const figure = (value: number, low: number, high: number): Figure => ({
  unit: 'ms',
  basis: '95% CI',
  value,
  low,
  high,
  n: 600,
});

describe('bench targets', () => {
  it('reads the repository’s targets file', () => {
    const targets = parseTargets(
      JSON.parse(readFileSync(join(__dirname, '../targets.json'), 'utf8')),
    );
    expect(targets.length).toBeGreaterThanOrEqual(9);
    for (const t of targets) expect(t.why.length).toBeGreaterThan(10);
  });

  it('refuses a targets file it cannot apply, naming each mistake', () => {
    expect(() => parseTargets({})).toThrow('{"targets": [ … ]}');
    expect(() =>
      parseTargets({
        targets: [
          target(),
          target(),
          { ...target({ name: 'b' }), figure: 'status.p42' },
          target({ name: 'c', unit: 'KiB' }),
          { ...target({ name: 'd' }), op: '=~', bound: '5', why: '' },
          target({ name: 'e', minApps: 0 }),
        ],
      }),
    ).toThrow(
      [
        'targets[1] (status p99 < 50 ms): name: used twice',
        'targets[2] (b): figure: one of status.p50,',
      ].join('\n'),
    );
    const message = (() => {
      try {
        parseTargets({
          targets: [
            target({ name: 'c', unit: 'KiB' }),
            { ...target({ name: 'd' }), op: '=~', bound: '5', why: '' },
            target({ name: 'e', minApps: 0 }),
          ],
        });
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message.split('\n')).toEqual([
      'targets[0] (c): unit: status.p99 is in ms, not KiB',
      'targets[1] (d): op: one of < <= > >=',
      'targets[1] (d): bound: a number',
      'targets[1] (d): why: one line on why the target is what it is',
      'targets[2] (e): minApps: a whole number from 1',
    ]);
    const { minApps } = parseTargets({
      targets: [{ ...target(), minApps: undefined }],
    })[0];
    expect(minApps).toBe(1);
  });

  it('is met when the whole interval meets the bound, missed when it all misses', () => {
    expect(evaluateTarget(target(), figure(20, 15, 30), 5)).toMatchObject({
      verdict: 'met',
      value: { value: 20, low: 15, high: 30, n: 600 },
    });
    expect(evaluateTarget(target(), figure(80, 60, 95), 5).verdict).toBe(
      'missed',
    );
    // ≥: a speedup
    const speedup = target({
      figure: 'status.speedup',
      op: '>=',
      bound: 20,
      unit: '×',
    });
    expect(
      evaluateTarget(speedup, { ...figure(66, 60, 70), unit: '×' }, 5).verdict,
    ).toBe('met');
    expect(
      evaluateTarget(speedup, { ...figure(12, 10, 14), unit: '×' }, 5).verdict,
    ).toBe('missed');
    // a bound on the edge of the interval: < is strict, <= is not
    expect(evaluateTarget(target(), figure(40, 30, 50), 5).verdict).toBe(
      'inconclusive',
    );
    expect(
      evaluateTarget(target({ op: '<=' }), figure(40, 30, 50), 5).verdict,
    ).toBe('met');
  });

  it('is inconclusive when the interval straddles the bound, even if the estimate meets it', () => {
    expect(evaluateTarget(target(), figure(45, 40, 55), 5)).toMatchObject({
      verdict: 'inconclusive',
      reason: 'its 95% CI straddles the bound',
    });
    expect(evaluateTarget(target(), figure(55, 45, 60), 5).verdict).toBe(
      'inconclusive',
    );
  });

  it('is inconclusive when the samples are too few to bound the figure', () => {
    expect(
      evaluateTarget(target(), { ...figure(30, 20, Infinity), n: 200 }, 5),
    ).toMatchObject({
      verdict: 'inconclusive',
      reason: '200 samples are too few to bound it from above at 95%',
    });
    // unbounded on the side that does not matter: still judged
    expect(evaluateTarget(target(), figure(30, -Infinity, 40), 5).verdict).toBe(
      'met',
    );
    expect(evaluateTarget(target(), figure(70, 60, Infinity), 5).verdict).toBe(
      'missed',
    );
    expect(
      evaluateTarget(target(), figure(30, -Infinity, Infinity), 5).reason,
    ).toBe('600 samples are too few to bound it on either side at 95%');
  });

  it('reports negative memory growth as inconclusive, not met, and says why', () => {
    const growth = target({
      figure: 'memory.heapGrowthPerApp',
      op: '<=',
      bound: 50,
      unit: 'KiB',
      minApps: 1000,
    });
    const result = evaluateTarget(
      growth,
      {
        unit: 'bytes',
        basis: 'one reading',
        value: -9984,
        low: -9984,
        high: -9984,
        n: 1,
        noise: 'it came out negative (-9.8 KiB per app): GC noise',
      },
      1000,
    );
    expect(result).toMatchObject({
      verdict: 'inconclusive',
      reason: 'it came out negative (-9.8 KiB per app): GC noise',
      value: { value: -9.75 },
    });
    expect(exitCode([result])).toBe(0);
  });

  it('converts the figure to the target’s unit', () => {
    const cache = target({
      figure: 'memory.cacheBytesPerApp',
      op: '<=',
      bound: 50,
      unit: 'KiB',
    });
    const reading = (bytes: number): Figure => ({
      unit: 'bytes',
      basis: 'one reading',
      value: bytes,
      low: bytes,
      high: bytes,
      n: 1,
    });
    expect(evaluateTarget(cache, reading(4602), 100)).toMatchObject({
      verdict: 'met',
      value: { value: 4602 / 1024 },
    });
    expect(evaluateTarget(cache, reading(51 * 1024), 100).verdict).toBe(
      'missed',
    );
    const seconds = target({ unit: 's', bound: 0.05 });
    expect(evaluateTarget(seconds, figure(20, 15, 30), 5).verdict).toBe('met');
  });

  it('does not apply below the fleet size a target is stated for', () => {
    const atScale = target({ minApps: 1000 });
    expect(evaluateTarget(atScale, figure(80, 60, 95), 2)).toEqual({
      target: atScale,
      value: { value: 80, low: 60, high: 95, n: 600 },
      basis: '95% CI',
      verdict: 'not applicable',
      reason: 'stated for 1000 apps or more; this run has 2',
    });
    expect(evaluateTarget(atScale, figure(80, 60, 95), 1000).verdict).toBe(
      'missed',
    );
  });

  it('is inconclusive when the figure was not measured', () => {
    const growth = target({
      figure: 'memory.heapGrowthPerApp',
      unit: 'bytes',
    });
    expect(evaluateTargets([growth], {}, 50)[0]).toMatchObject({
      verdict: 'inconclusive',
      reason:
        'memory.heapGrowthPerApp was not measured in this run (it needs more than 100 apps: growth is from the 100-app baseline)',
    });
  });

  it('exits 2 only when a target is missed', () => {
    const results = evaluateTargets(
      [target(), target({ name: 'b', minApps: 10 })],
      { 'status.p99': figure(80, 60, 95) },
      5,
    );
    expect(results.map(r => r.verdict)).toEqual(['missed', 'not applicable']);
    expect(exitCode(results)).toBe(2);
    expect(exitCode(results.slice(1))).toBe(0);
  });
});
