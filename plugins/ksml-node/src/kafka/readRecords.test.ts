import { RawRecord, readRecords, RecordSource } from './readRecords';

/** A topic of partitions, each a list of JSON values at times 1000 + offset*10 (+ partition). */
function topic(
  partitions: Array<Array<object | string>>,
  earliest: number[] = [],
  gaps: number[] = [],
) {
  const fetches: string[] = [];
  const records = partitions.map((values, partition) =>
    values.map(
      (value, offset): RawRecord => ({
        partition,
        offset,
        timestamp: 1000 + offset * 10 + partition,
        key: Buffer.from(`k${partition}-${offset}`),
        value: Buffer.from(
          typeof value === 'string' ? value : JSON.stringify(value),
        ),
        headers: [[Buffer.from('h'), Buffer.from('v')]],
      }),
    ),
  );
  const source: RecordSource = {
    offsets: async () =>
      records.map((r, partition) => ({
        partition,
        earliestOffset: earliest[partition] ?? 0,
        endOffset: r.length,
      })),
    offsetsAt: async (_topic, time) =>
      new Map(
        records.flatMap((r, partition) => {
          const first = r.find(x => x.timestamp >= time);
          return first ? [[partition, first.offset] as const] : [];
        }),
      ),
    // Batches of 3 starting at a multiple of 3, as a broker returns whole batches; the offsets
    // of `gaps` hold no record (compacted away, or a transaction marker).
    fetch: async (_topic, partition, offset) => {
      fetches.push(`${partition}@${offset}`);
      const start = offset - (offset % 3);
      return {
        records: records[partition]
          .slice(start, start + 3)
          .filter(r => !gaps.includes(r.offset)),
        nextOffset: Math.min(start + 3, records[partition].length),
      };
    },
  };
  return { source, fetches };
}

const base = { topic: 't', limit: 3, keyType: 'string', valueType: 'json' };

describe('readRecords', () => {
  it('gives the last records over all partitions, oldest first, decoded with their headers', async () => {
    const { source } = topic([
      [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }],
      [{ n: 10 }, { n: 11 }],
    ]);
    const answer = await readRecords(source, base);
    expect(answer.records.map(r => [r.partition, r.offset, r.value])).toEqual([
      [1, 1, { n: 11 }],
      [0, 2, { n: 2 }],
      [0, 3, { n: 3 }],
    ]);
    expect(answer.records[0]).toMatchObject({
      key: 'k1-1',
      keyFormat: 'text',
      valueFormat: 'json',
      timestamp: new Date(1011).toISOString(),
      headers: [{ key: 'h', value: 'v' }],
    });
    expect(answer.partitions).toEqual([
      { partition: 0, earliestOffset: 0, endOffset: 4 },
      { partition: 1, earliestOffset: 0, endOffset: 2 },
    ]);
  });

  it('reads from a time, or from an offset of one partition', async () => {
    const { source } = topic([
      [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }],
      [{ n: 10 }, { n: 11 }],
    ]);
    const fromTime = await readRecords(source, { ...base, from: 1015 });
    expect(fromTime.records.map(r => r.value)).toEqual([
      { n: 2 },
      { n: 3 },
      { n: 4 },
    ]);
    const fromOffset = await readRecords(source, {
      ...base,
      partition: 0,
      offset: 1,
    });
    expect(fromOffset.records.map(r => r.offset)).toEqual([1, 2, 3]);
  });

  it('filters on key and value ignoring case, looking back past the last `limit`', async () => {
    const { source } = topic([
      [
        '{"name":"Alice"}',
        '{"name":"bob"}',
        '{"name":"ALICE"}',
        '{"name":"carol"}',
        '{"name":"dave"}',
      ],
    ]);
    const answer = await readRecords(source, { ...base, filter: 'alice' });
    expect(answer.records.map(r => r.offset)).toEqual([0, 2]);
    expect(answer.scanned.records).toBe(5);
  });

  it('stops at its bounds and says which it reached', async () => {
    const { source } = topic([Array.from({ length: 20 }, (_, n) => ({ n }))]);
    const byCount = await readRecords(
      source,
      { ...base, limit: 20, filter: 'nothing' },
      { records: 7, bytes: 1e9, fetchBytes: 1000 },
    );
    expect(byCount).toMatchObject({
      truncated: 'records',
      scanned: { records: 7 },
    });
    const byBytes = await readRecords(
      source,
      { ...base, limit: 20 },
      { records: 1000, bytes: 30, fetchBytes: 1000 },
    );
    expect(byBytes.truncated).toBe('bytes');
    expect(byBytes.scanned.bytes).toBeGreaterThanOrEqual(30);
  });

  it('starts no earlier than the earliest offset kept, and refuses a partition the topic lacks', async () => {
    const { source, fetches } = topic(
      [[{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]],
      [2],
    );
    const answer = await readRecords(source, { ...base, limit: 10 });
    expect(answer.records.map(r => r.offset)).toEqual([2, 3]);
    // Whole batches come back: what precedes the start is dropped, not shown.
    expect(fetches).toEqual(['0@2', '0@3']);
    await expect(
      readRecords(source, { ...base, partition: 4, offset: 0 }),
    ).rejects.toThrow(
      'Invalid records query: partition: t has partitions 0 to 0',
    );
  });

  it('looks further back where offsets hold no records, and passes over batches of markers', async () => {
    // Offsets 7 and 8 hold no record: the last 3 records are 4, 5 and 6.
    const { source } = topic(
      [Array.from({ length: 9 }, (_, n) => ({ n }))],
      [],
      [7, 8],
    );
    const answer = await readRecords(source, { ...base, limit: 3 });
    expect(answer.records.map(r => r.offset)).toEqual([4, 5, 6]);
    // From an offset inside a batch of markers only: the read goes on past it.
    const { source: markers } = topic(
      [Array.from({ length: 9 }, (_, n) => ({ n }))],
      [],
      [3, 4, 5],
    );
    const after = await readRecords(markers, {
      ...base,
      partition: 0,
      offset: 3,
    });
    expect(after.records.map(r => r.offset)).toEqual([6, 7, 8]);
  });

  it('gives every partition its share of the bounds', async () => {
    const { source } = topic([
      Array.from({ length: 20 }, (_, n) => ({ n })),
      Array.from({ length: 20 }, (_, n) => ({ n: 100 + n })),
    ]);
    const answer = await readRecords(
      source,
      { ...base, limit: 20, filter: 'nothing' },
      { records: 10, bytes: 1e9, fetchBytes: 1000 },
    );
    expect(answer).toMatchObject({
      truncated: 'records',
      scanned: { records: 10 },
    });
    const read = await readRecords(
      source,
      { ...base, limit: 20 },
      { records: 10, bytes: 1e9, fetchBytes: 1000 },
    );
    expect(new Set(read.records.map(r => r.partition))).toEqual(
      new Set([0, 1]),
    );
  });
});
