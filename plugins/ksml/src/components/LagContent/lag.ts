import type { KsmlLagResponse } from '@ksml-backstage/plugin-ksml-common';
import { errorMessage, statusCodeOf } from '../common/errors';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A lag or an offset with thousands separators: "1,234". Fixed to en-US, as the other figures. */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** A committed offset, or "none" when the group never committed on the partition. */
export function formatCommitted(committedOffset: number | undefined): string {
  return committedOffset === undefined ? 'none' : formatCount(committedOffset);
}

/**
 * Why `GET /lag` failed, as the views tell it apart: the environment has no Kafka connection
 * configured (404; nothing is wrong, there is just nothing to measure with), the broker cannot be
 * reached (503), the user may not read the app (403), or anything else.
 */
export type LagProblemKind =
  | 'no-connection'
  | 'not-deployed'
  | 'unreachable'
  | 'forbidden'
  | 'other';

/** A failed `GET /lag`: its {@link LagProblemKind} and the backend's message. */
export interface LagProblem {
  kind: LagProblemKind;
  message: string;
}

const KINDS: Record<number, LagProblemKind> = {
  404: 'no-connection',
  503: 'unreachable',
  403: 'forbidden',
};

/** Classifies a failed `GET /lag` by its HTTP status, keeping the backend's message. */
export function lagProblem(error: unknown): LagProblem {
  const status = statusCodeOf(error);
  const message = errorMessage(error);
  // A 404 is either no Kafka connection for the environment, or no app deployed there.
  if (status === 404 && !/^No Kafka connection/.test(message)) {
    return { kind: 'not-deployed', message };
  }
  return {
    kind: (status !== undefined && KINDS[status]) || 'other',
    message,
  };
}

/** The totals of a lag answer's history, oldest first: the points of its trend line. */
export function historyTotals(lag: KsmlLagResponse): number[] {
  return lag.history.map(sample => sample.total);
}

/** What a status card says about the lag: the total, or why it cannot be measured. */
export type LagSummary =
  | { kind: 'total'; total: number }
  | { kind: 'unavailable'; message: string };

/**
 * The lag line of a status card, from the last `GET /lag`: the total once it answered, nothing
 * while loading or when the environment has no Kafka connection (404: lag is not part of that
 * setup, so the card stays quiet), else "unavailable" with the backend's message.
 */
export function lagSummary(
  lag: KsmlLagResponse | undefined,
  error: unknown,
): LagSummary | undefined {
  if (error) {
    const problem = lagProblem(error);
    return problem.kind === 'no-connection' || problem.kind === 'not-deployed'
      ? undefined
      : { kind: 'unavailable', message: problem.message };
  }
  return lag ? { kind: 'total', total: lag.total } : undefined;
}
