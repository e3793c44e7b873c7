import type { HelmRecordSecret } from './releaseRecords';

/** One revision of a release as the labels of its Helm record Secret tell it. */
export interface HelmRecordState {
  revision: number;
  /** Helm's status: `deployed`, `superseded`, `failed`, `pending-install`, … */
  status: string;
  /** When Helm wrote the record: when the operation that made this revision began. */
  createdAt?: Date;
}

/** The record states of a release, from the labels alone (no payload decoded). */
export function recordStates(secrets: HelmRecordSecret[]): HelmRecordState[] {
  return secrets.flatMap(secret => {
    const labels = secret.metadata?.labels ?? {};
    const revision = Number(labels.version);
    if (!Number.isInteger(revision) || !labels.status) return [];
    const seconds = Number(labels.createdAt);
    const created =
      Number.isFinite(seconds) && seconds > 0
        ? new Date(seconds * 1000)
        : (secret.metadata as { creationTimestamp?: string } | undefined)
            ?.creationTimestamp;
    return [
      {
        revision,
        status: labels.status,
        createdAt: created ? new Date(created) : undefined,
      },
    ];
  });
}

const PENDING = new Set([
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
]);

/** What to do about a release before the next operation on it. */
export type RecoveryPlan =
  | { action: 'none' }
  /** A pending operation that may still be running: answer 409 until `until`. */
  | { action: 'wait'; pending: HelmRecordState; until: Date }
  /** An interrupted upgrade or rollback: back to the last revision that was deployed. */
  | { action: 'rollback'; pending: HelmRecordState; to: number }
  /** An interrupted install (nothing was ever deployed): remove it, then install anew. */
  | { action: 'uninstall'; pending: HelmRecordState };

/**
 * Decides how to recover a release whose newest revision is stuck in a `pending-*` status
 * (helm was killed, or lost the API server, before it could write the outcome: Helm then
 * refuses every later upgrade with "another operation is in progress").
 *
 * A pending revision is interrupted, not running, when it began before the caller's own helm
 * process for the release ended (`endedHereAt`: that process wrote it and is gone), or when it
 * is older than `maxRunMs`, the longest any helm process of ours may live. Otherwise it may
 * belong to a helm still at work (another replica, a person at a terminal), and is left alone.
 */
export function planRecovery(
  states: HelmRecordState[],
  options: { now: Date; maxRunMs: number; endedHereAt?: Date },
): RecoveryPlan {
  const newest = states.reduce<HelmRecordState | undefined>(
    (a, b) => (!a || b.revision > a.revision ? b : a),
    undefined,
  );
  if (!newest || !PENDING.has(newest.status)) return { action: 'none' };
  const startedAt = newest.createdAt ?? options.now;
  const until = new Date(startedAt.getTime() + options.maxRunMs);
  const endedHere =
    options.endedHereAt !== undefined && startedAt <= options.endedHereAt;
  if (!endedHere && until > options.now) {
    return { action: 'wait', pending: newest, until };
  }
  const deployed = states
    .filter(s => s.status === 'deployed' && s.revision < newest.revision)
    .sort((a, b) => b.revision - a.revision)[0];
  return deployed
    ? { action: 'rollback', pending: newest, to: deployed.revision }
    : { action: 'uninstall', pending: newest };
}
