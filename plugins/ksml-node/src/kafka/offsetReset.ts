import { InputError } from '@backstage/errors';
import {
  formatFieldPath,
  KsmlOffsetResetPartition,
  ResetOffsetsRequest,
} from '@ksml-backstage/plugin-ksml-common';
import { partitionLag, PartitionOffsets } from './lag';

/** Where an offset reset goes, as `POST /reset-offsets` asks. */
export type OffsetResetTarget = Pick<ResetOffsetsRequest, 'to' | 'offsets'>;

/** A partition's key in the maps below. */
export const partitionKey = (topic: string, partition: number) =>
  `${topic}\u0000${partition}`;

/**
 * Where each partition of the app's group goes, with its lag before and after: every partition
 * of `current` for `earliest`, `latest` and `time` (`atTime`: the first offset at or after the
 * time, absent where no record is, so the end), only the partitions named for `offsets`. An
 * offset names a partition of an input topic inside its kept range (earliest to end), or it is
 * a 400 naming the field. Sorted by topic and partition. Pure.
 */
export function planOffsetReset(
  target: OffsetResetTarget,
  current: PartitionOffsets[],
  atTime: ReadonlyMap<string, number> = new Map(),
): KsmlOffsetResetPartition[] {
  const byKey = new Map(
    current.map(p => [partitionKey(p.topic, p.partition), p]),
  );
  const to = target.to;
  const moves: [PartitionOffsets, number][] =
    to === 'offsets'
      ? (target.offsets ?? []).map((named, index) => [
          namedPartition(named, index, byKey, current),
          named.offset,
        ])
      : current.map(p => [
          p,
          newOffsetOf(to, p, atTime.get(partitionKey(p.topic, p.partition))),
        ]);
  return moves
    .map(([p, newOffset]) => ({
      topic: p.topic,
      partition: p.partition,
      earliestOffset: p.earliestOffset,
      endOffset: p.endOffset,
      ...(p.committedOffset !== undefined
        ? { currentOffset: p.committedOffset }
        : {}),
      newOffset,
      lagBefore: partitionLag(p),
      lagAfter: partitionLag({ ...p, committedOffset: newOffset }),
    }))
    .sort(
      (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
    );
}

function newOffsetOf(
  to: 'earliest' | 'latest' | 'time',
  p: PartitionOffsets,
  atTime: number | undefined,
): number {
  if (to === 'earliest') return p.earliestOffset;
  if (to === 'latest') return p.endOffset;
  // No record at or after the time: the group starts at the end, as Kafka's own tool does.
  return atTime ?? p.endOffset;
}

/** The partition an `offsets` entry names, checked; a 400 naming the entry's field. */
function namedPartition(
  named: { topic: string; partition: number; offset: number },
  index: number,
  byKey: ReadonlyMap<string, PartitionOffsets>,
  current: PartitionOffsets[],
): PartitionOffsets {
  const field = (name: string) => formatFieldPath(['offsets', index, name]);
  const topics = [...new Set(current.map(p => p.topic))].sort();
  if (!topics.includes(named.topic)) {
    throw new InputError(
      `Invalid offset reset: ${field('topic')}: ${
        named.topic
      } is not an input topic of the app's group; its input topics are ${
        topics.join(', ') || 'none'
      }`,
    );
  }
  const p = byKey.get(partitionKey(named.topic, named.partition));
  if (!p) {
    const count = current.filter(c => c.topic === named.topic).length;
    throw new InputError(
      `Invalid offset reset: ${field('partition')}: ${
        named.topic
      } has ${count} partition${count === 1 ? '' : 's'} (0 to ${count - 1})`,
    );
  }
  if (named.offset < p.earliestOffset || named.offset > p.endOffset) {
    throw new InputError(
      `Invalid offset reset: ${field('offset')}: ${named.topic} partition ${
        named.partition
      } keeps offsets ${p.earliestOffset} to ${p.endOffset} (its end); ${
        named.offset
      } is outside them`,
    );
  }
  return p;
}
