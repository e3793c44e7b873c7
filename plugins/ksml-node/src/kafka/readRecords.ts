import { InputError } from '@backstage/errors';
import type {
  KsmlRecord,
  KsmlRecordsResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { decodeRecordPart, headerText } from './recordDecoding';

/** A record as the broker returns it. */
export interface RawRecord {
  partition: number;
  offset: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[Buffer | null, Buffer | null]>;
}

/** A partition's offsets at the time of reading. */
export interface PartitionRange {
  partition: number;
  earliestOffset: number;
  endOffset: number;
}

/** What reading records needs of a Kafka cluster (KafkaInspector's, or a test's). */
export interface RecordSource {
  /** Every partition of the topic with its earliest and end offsets. */
  offsets(topic: string): Promise<PartitionRange[]>;
  /** Per partition, the first offset whose record is at or after `time` (absent: none is). */
  offsetsAt(topic: string, time: number): Promise<Map<number, number>>;
  /**
   * Records of one partition from `offset` on, up to about `maxBytes` (a batch may start before
   * `offset`), and the offset after the last batch fetched: past transaction markers and
   * compacted gaps, where the next fetch starts.
   */
  fetch(
    topic: string,
    partition: number,
    offset: number,
    maxBytes: number,
  ): Promise<{ records: RawRecord[]; nextOffset: number }>;
}

/** Which records to read: see `GET /records`. */
export interface RecordsRequest {
  topic: string;
  limit: number;
  /** From this time (ms since the epoch) on. */
  from?: number;
  /** With `offset`: one partition from that offset on. */
  partition?: number;
  offset?: number;
  filter?: string;
  /** The types the app declares for the topic's key and value. */
  keyType?: string;
  valueType?: string;
}

/** How much one read may scan: records and bytes (keys and values) read from the broker. */
export interface ReadBounds {
  records: number;
  bytes: number;
  /** Bytes asked of the broker per fetch. */
  fetchBytes: number;
}

/** 10,000 records or 16 MiB per request; 1 MiB per fetch. */
export const READ_BOUNDS: ReadBounds = {
  records: 10_000,
  bytes: 16 * 1024 * 1024,
  fetchBytes: 1024 * 1024,
};

/**
 * Reads records of a topic, decoded by the app's declared types, oldest first:
 * - the last `limit` over all partitions (by timestamp), by default;
 * - the first `limit` at or after `from`, or of `partition` from `offset`.
 *
 * A `filter` keeps records whose decoded key or value contains it (ignoring case). For the last
 * records each partition is read back from its end in growing windows until `limit` match (a
 * filter, compaction and transaction markers all leave fewer records than offsets) or its start.
 * Each partition may scan an equal share of `bounds`, so none goes unread; the answer says which
 * bound a read reached. Reading never joins a consumer group or commits.
 */
export async function readRecords(
  source: RecordSource,
  request: RecordsRequest,
  bounds: ReadBounds = READ_BOUNDS,
): Promise<KsmlRecordsResponse> {
  const partitions = await source.offsets(request.topic);
  if (
    request.partition !== undefined &&
    !partitions.some(p => p.partition === request.partition)
  ) {
    throw new InputError(
      `Invalid records query: partition: ${request.topic} has partitions 0 to ${
        partitions.length - 1
      }`,
    );
  }
  const latest = request.from === undefined && request.offset === undefined;
  const starts = await startOffsets(source, request, partitions);
  const filter = request.filter?.toLowerCase();
  // Each partition has an equal share of the bounds, so none goes unread for another's sake.
  const share = {
    records: Math.ceil(bounds.records / partitions.length),
    bytes: Math.ceil(bounds.bytes / partitions.length),
  };
  const scanned = { records: 0, bytes: 0 };
  // Which bound a partition's read reached (an object: the reads below set it).
  const outcome: { truncated?: KsmlRecordsResponse['truncated'] } = {};
  const found: KsmlRecord[] = [];
  for (const { partition, earliestOffset, endOffset } of partitions) {
    const start = starts.get(partition);
    if (start === undefined) continue;
    const budget = { ...share };
    /** Reads [from, to), keeping what matches, until `enough` of them or the budget ends. */
    const scan = async (from: number, to: number, enough: number) => {
      const kept: KsmlRecord[] = [];
      let offset = from;
      while (offset < to && kept.length < enough) {
        const fetched = await source.fetch(
          request.topic,
          partition,
          offset,
          bounds.fetchBytes,
        );
        const at = offset;
        let next = fetched.nextOffset;
        for (const raw of fetched.records) {
          if (raw.offset < at || raw.offset >= to) continue;
          if (budget.records <= 0 || budget.bytes <= 0) {
            outcome.truncated = budget.records <= 0 ? 'records' : 'bytes';
            return kept;
          }
          const size = (raw.key?.length ?? 0) + (raw.value?.length ?? 0);
          budget.records--;
          budget.bytes -= size;
          scanned.records++;
          scanned.bytes += size;
          next = Math.max(next, raw.offset + 1);
          const record = decoded(raw, request);
          if (!filter || matches(record, filter)) kept.push(record);
          if (kept.length >= enough) break;
        }
        // No progress (an empty answer): the partition has nothing more to give now.
        if (next <= offset) break;
        offset = next;
      }
      return kept;
    };
    if (!latest) {
      found.push(...(await scan(start, endOffset, request.limit)));
      continue;
    }
    // The last ones: back from the end in growing windows, since compaction and transaction
    // markers leave offsets without records, until `limit` match or the partition's start.
    let matched: KsmlRecord[] = [];
    let to = endOffset;
    let from = start;
    for (;;) {
      matched = [
        ...(await scan(from, to, Number.MAX_SAFE_INTEGER)),
        ...matched,
      ];
      if (
        matched.length >= request.limit ||
        from <= earliestOffset ||
        budget.records <= 0 ||
        budget.bytes <= 0
      )
        break;
      const window = (endOffset - from) * 2;
      to = from;
      from = Math.max(earliestOffset, endOffset - window);
    }
    found.push(...matched.slice(-request.limit));
  }
  const ordered = found.sort(
    (a, b) =>
      Date.parse(a.timestamp) - Date.parse(b.timestamp) ||
      a.partition - b.partition ||
      a.offset - b.offset,
  );
  return {
    topic: request.topic,
    ...(request.keyType ? { keyType: request.keyType } : {}),
    ...(request.valueType ? { valueType: request.valueType } : {}),
    records: latest
      ? ordered.slice(-request.limit)
      : ordered.slice(0, request.limit),
    scanned,
    ...(outcome.truncated ? { truncated: outcome.truncated } : {}),
    partitions,
  };
}

/** Where each partition's read starts (for the last records: `limit` back from its end). */
async function startOffsets(
  source: RecordSource,
  request: RecordsRequest,
  partitions: PartitionRange[],
): Promise<Map<number, number>> {
  if (request.partition !== undefined && request.offset !== undefined) {
    const range = partitions.find(p => p.partition === request.partition)!;
    return new Map([
      [request.partition, Math.max(request.offset, range.earliestOffset)],
    ]);
  }
  if (request.from !== undefined) {
    const at = await source.offsetsAt(request.topic, request.from);
    return new Map(
      partitions.map(p => [p.partition, at.get(p.partition) ?? p.endOffset]),
    );
  }
  return new Map(
    partitions.map(p => [
      p.partition,
      Math.max(p.earliestOffset, p.endOffset - request.limit),
    ]),
  );
}

function decoded(raw: RawRecord, request: RecordsRequest): KsmlRecord {
  const key = decodeRecordPart(raw.key, request.keyType);
  const value = decodeRecordPart(raw.value, request.valueType);
  const notes = [
    key.note && `key: ${key.note}`,
    value.note && `value: ${value.note}`,
  ].filter(Boolean);
  return {
    partition: raw.partition,
    offset: raw.offset,
    // A timestamp outside Date's range (a producer's garbage) is shown as the epoch.
    timestamp: new Date(
      Math.abs(raw.timestamp) <= 8.64e15 ? raw.timestamp : 0,
    ).toISOString(),
    key: key.value,
    keyFormat: key.format,
    value: value.value,
    valueFormat: value.format,
    ...(notes.length ? { note: notes.join('; ') } : {}),
    headers: raw.headers.map(([k, v]) => ({
      key: headerText(k) ?? '',
      value: headerText(v),
    })),
    bytes: (raw.key?.length ?? 0) + (raw.value?.length ?? 0),
  };
}

function matches(record: KsmlRecord, filter: string): boolean {
  const shown = (value: unknown) =>
    (typeof value === 'string'
      ? value
      : JSON.stringify(value) ?? ''
    ).toLowerCase();
  return (
    shown(record.key).includes(filter) || shown(record.value).includes(filter)
  );
}
