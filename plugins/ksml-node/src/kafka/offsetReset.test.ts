import { planOffsetReset, partitionKey } from './offsetReset';
import type { PartitionOffsets } from './lag';

const current: PartitionOffsets[] = [
  {
    topic: 'orders',
    partition: 1,
    earliestOffset: 4,
    endOffset: 20,
    committedOffset: 20,
  },
  {
    topic: 'orders',
    partition: 0,
    earliestOffset: 0,
    endOffset: 10,
    committedOffset: 7,
  },
  { topic: 'audit', partition: 0, earliestOffset: 2, endOffset: 5 },
];

const moves = (plan: ReturnType<typeof planOffsetReset>) =>
  plan.map(p => [p.topic, p.partition, p.newOffset, p.lagBefore, p.lagAfter]);

describe('planOffsetReset', () => {
  it('moves every partition to its earliest kept offset, with the lag before and after', () => {
    const plan = planOffsetReset({ to: 'earliest' }, current);
    expect(moves(plan)).toEqual([
      ['audit', 0, 2, 3, 3],
      ['orders', 0, 0, 3, 10],
      ['orders', 1, 4, 0, 16],
    ]);
    // The commit before is shown where there was one, and not made up where there was none.
    expect(plan[0]).not.toHaveProperty('currentOffset');
    expect(plan[1]).toMatchObject({
      currentOffset: 7,
      earliestOffset: 0,
      endOffset: 10,
    });
  });

  it('moves every partition to its end for latest: no lag left', () => {
    expect(moves(planOffsetReset({ to: 'latest' }, current))).toEqual([
      ['audit', 0, 5, 3, 0],
      ['orders', 0, 10, 3, 0],
      ['orders', 1, 20, 0, 0],
    ]);
  });

  it('moves to the first offset at or after a time, and to the end where no record is that late', () => {
    const atTime = new Map([
      [partitionKey('orders', 0), 6],
      [partitionKey('audit', 0), 3],
    ]);
    expect(moves(planOffsetReset({ to: 'time' }, current, atTime))).toEqual([
      ['audit', 0, 3, 3, 2],
      ['orders', 0, 6, 3, 4],
      ['orders', 1, 20, 0, 0],
    ]);
  });

  it('moves only the partitions an offsets list names', () => {
    expect(
      moves(
        planOffsetReset(
          {
            to: 'offsets',
            offsets: [
              { topic: 'orders', partition: 1, offset: 19 },
              { topic: 'orders', partition: 0, offset: 10 },
            ],
          },
          current,
        ),
      ),
    ).toEqual([
      ['orders', 0, 10, 3, 0],
      ['orders', 1, 19, 0, 1],
    ]);
  });

  it.each([
    [
      { topic: 'payments', partition: 0, offset: 1 },
      "Invalid offset reset: offsets[0].topic: payments is not an input topic of the app's group; its input topics are audit, orders",
    ],
    [
      { topic: 'orders', partition: 2, offset: 1 },
      'Invalid offset reset: offsets[0].partition: orders has 2 partitions (0 to 1)',
    ],
    [
      { topic: 'orders', partition: 1, offset: 3 },
      'Invalid offset reset: offsets[0].offset: orders partition 1 keeps offsets 4 to 20 (its end); 3 is outside them',
    ],
    [
      { topic: 'orders', partition: 1, offset: 21 },
      'Invalid offset reset: offsets[0].offset: orders partition 1 keeps offsets 4 to 20 (its end); 21 is outside them',
    ],
  ])('refuses %j, naming the field and why', (named, message) => {
    expect(() =>
      planOffsetReset({ to: 'offsets', offsets: [named] }, current),
    ).toThrow(expect.objectContaining({ name: 'InputError', message }));
  });
});
