import {
  checkPairs,
  pairOrder,
  pairRatios,
  poolPairs,
  timePairs,
} from './pairs';

describe('interleaved pairs', () => {
  it('alternates the sides, each pair starting with the side the last one ended with', () => {
    expect(pairOrder(4).map(({ pair, side }) => `${pair}${side[0]}`)).toEqual([
      '0b',
      '0c',
      '1c',
      '1b',
      '2b',
      '2c',
      '3c',
      '3b',
    ]);
    expect(pairOrder(0)).toEqual([]);
  });

  it('gives each side as many calls as the other, in that order, and times each', async () => {
    const calls: string[] = [];
    let clock = 0;
    const pairs = await timePairs(
      3,
      {
        backend: async i => {
          calls.push(`backend ${i}`);
          clock += 1;
        },
        cli: async i => {
          calls.push(`cli ${i}`);
          clock += 100 + i;
        },
      },
      () => clock,
    );
    expect(calls).toEqual([
      'backend 0',
      'cli 0',
      'cli 1',
      'backend 1',
      'backend 2',
      'cli 2',
    ]);
    expect(pairs).toEqual({ backend: [1, 1, 1], cli: [100, 101, 102] });
  });

  it('fails the measurement when a call fails', async () => {
    await expect(
      timePairs(2, {
        backend: async () => undefined,
        cli: async i => {
          if (i === 1) throw new Error('helm failed');
        },
      }),
    ).rejects.toThrow('helm failed');
  });

  it('refuses unequal or incomplete samples', () => {
    expect(() => checkPairs({ backend: [1, 2], cli: [3] })).toThrow(
      'unequal samples: 2 backend, 1 CLI',
    );
    expect(() => checkPairs({ backend: [1, NaN], cli: [3, 4] })).toThrow(
      'missing a duration',
    );
    expect(() =>
      poolPairs([
        { backend: [1], cli: [2] },
        { backend: [1, 2], cli: [3] },
      ]),
    ).toThrow('unequal samples');
    expect(() => pairRatios({ backend: [1], cli: [] }, 'cli/backend')).toThrow(
      'unequal samples',
    );
  });

  it('pools runs and takes each pair’s ratio', () => {
    const pooled = poolPairs([
      { backend: [1, 2], cli: [10, 30] },
      { backend: [4], cli: [2] },
    ]);
    expect(pooled).toEqual({ backend: [1, 2, 4], cli: [10, 30, 2] });
    expect(pairRatios(pooled, 'cli/backend')).toEqual([10, 15, 0.5]);
    expect(pairRatios(pooled, 'backend/cli')).toEqual([0.1, 2 / 30, 2]);
  });
});
