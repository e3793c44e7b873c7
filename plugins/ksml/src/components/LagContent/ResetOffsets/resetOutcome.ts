import {
  responseReasonOf,
  type KsmlGroupType,
  type KsmlOffsetResetPartition,
  type KsmlOffsetResetResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { statusCodeOf } from '../../common/errors';
import { formatAbsoluteTime } from '../../common/time';
import { formatCount } from '../lag';

/**
 * Why the backend refused a reset with a 409, as the dialog answers it: `app-running` (a
 * replica runs: offer to stop it) or `group-active` (the group still has members, which a
 * stopped runner stays for up to its session timeout: offer to try again).
 */
export type ResetRefusal = 'app-running' | 'group-active';

/** The {@link ResetRefusal} of a failed `POST /reset-offsets`, from the answer's reason code. */
export function resetRefusalOf(error: unknown): ResetRefusal | undefined {
  if (statusCodeOf(error) !== 409) return undefined;
  switch (responseReasonOf(error)) {
    case 'AppRunning':
      return 'app-running';
    case 'GroupActive':
      return 'group-active';
    default:
      return undefined;
  }
}

/** The records a reset makes the app read again, and those it makes it skip, summed. */
export interface LagChange {
  /** Records already processed that it reads again (partitions moved back). */
  reprocessed: number;
  /** Records not yet processed that it never reads (partitions moved forward). */
  skipped: number;
}

/**
 * What a reset does to the app's work, per partition then summed: a partition moved back is
 * read again, one moved forward skips records; netting the two would hide both.
 */
export function lagChangeOf(partitions: KsmlOffsetResetPartition[]): LagChange {
  return partitions.reduce(
    (sum, p) => ({
      reprocessed: sum.reprocessed + Math.max(0, p.lagAfter - p.lagBefore),
      skipped: sum.skipped + Math.max(0, p.lagBefore - p.lagAfter),
    }),
    { reprocessed: 0, skipped: 0 },
  );
}

const records = (n: number) =>
  `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;

/** "When started, X reprocesses 1,500 records and skips 20 it has not processed yet." */
export function lagChangeText(
  application: string,
  partitions: KsmlOffsetResetPartition[],
): string {
  const { reprocessed, skipped } = lagChangeOf(partitions);
  const parts = [
    ...(reprocessed > 0 ? [`reprocesses ${records(reprocessed)}`] : []),
    ...(skipped > 0
      ? [`skips ${records(skipped)} it has not processed yet`]
      : []),
  ];
  return parts.length === 0
    ? `Nothing changes for ${application}: no partition moves.`
    : `When started, ${application} ${parts.join(' and ')}.`;
}

/** Where a reset moves the group, completing "This moves the consumer group …". */
export function resetTargetText(
  result: Pick<KsmlOffsetResetResponse, 'to' | 'time'>,
): string {
  switch (result.to) {
    case 'earliest':
      return 'to the earliest records the broker keeps';
    case 'latest':
      return 'to the end of each partition';
    case 'time':
      return `to the first record at or after ${formatAbsoluteTime(
        result.time ?? '',
      )}`;
    default:
      return 'to the offsets entered';
  }
}

const GROUP_TYPES: Record<KsmlGroupType, string> = {
  classic: 'a classic consumer group',
  consumer: 'a consumer group (KIP-848)',
  streams: 'a Streams group (KIP-1071)',
  unknown: 'not known to the broker yet: it never committed',
};

/** "Consumer group x: a Streams group (KIP-1071), state Empty." */
export function groupText(
  result: Pick<KsmlOffsetResetResponse, 'groupId' | 'groupType' | 'groupState'>,
): string {
  const state = result.groupState ? `, state ${result.groupState}` : '';
  return `Consumer group ${result.groupId}: ${
    GROUP_TYPES[result.groupType] ?? result.groupType
  }${state}.`;
}

/** "600 → 1,500": a lag before and after a reset. */
export function lagArrow(before: number, after: number): string {
  return `${formatCount(before)} → ${formatCount(after)}`;
}
