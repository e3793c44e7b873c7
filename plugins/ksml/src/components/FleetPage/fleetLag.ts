import {
  responseReasonOf,
  type KsmlAppRef,
  type KsmlLagResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { errorMessage } from '../common/errors';
import { lagProblem } from '../LagContent/lag';
import { UNKNOWN, type FleetState } from './fleet';

/**
 * How long a read lag counts as current: a row shown again within it (paging back, a new
 * `/apps` answer) is not read again.
 */
export const LAG_MAX_AGE_MS = 30_000;

/** At most this many `GET /lag` in flight at once: each one asks the app's Kafka cluster. */
export const LAG_CONCURRENCY = 4;

/** How the total moved since the measurement before, from the answer's `history`. */
export interface LagTrend {
  direction: 'up' | 'down' | 'flat';
  /** The total measured before. */
  previous: number;
  /** ISO 8601: when it was. */
  previousAt: string;
}

/** What one `GET /lag` gave a fleet row. */
export type LagReading =
  | { kind: 'total'; total: number; measuredAt: string; trend?: LagTrend }
  /** The environment has no Kafka connection: nothing to measure with, and nothing wrong. */
  | { kind: 'no-connection'; message: string }
  | { kind: 'failed'; message: string };

/** A reading and when it arrived (ms since the epoch, by the loader's clock). */
export interface LagEntry {
  reading: LagReading;
  readAt: number;
}

/**
 * Whether a row's lag is worth a read: not for a stopped app (no consumer runs, so the lag
 * only grows and says nothing new) nor one whose status `/apps` could not read (its cluster is
 * likely down too).
 */
export function lagWanted(state: FleetState): boolean {
  return state !== 'Stopped' && state !== UNKNOWN;
}

/** The last move of the total: the newest two samples of the answer's history. */
export function lagTrend(lag: KsmlLagResponse): LagTrend | undefined {
  const [before, last] = lag.history.slice(-2);
  if (!before || !last) return undefined;
  let direction: LagTrend['direction'] = 'flat';
  if (last.total > before.total) direction = 'up';
  else if (last.total < before.total) direction = 'down';
  return { direction, previous: before.total, previousAt: before.at };
}

/** A `GET /lag` answer as a row shows it. */
export function lagReading(lag: KsmlLagResponse): LagReading {
  return {
    kind: 'total',
    total: lag.total,
    measuredAt: lag.measuredAt,
    trend: lagTrend(lag),
  };
}

/**
 * A failed `GET /lag` as a row shows it: "no Kafka connection" by the answer's reason code
 * (or, from a backend without reason codes, by its message), a failure with the backend's
 * message otherwise.
 */
export function lagFailure(error: unknown): LagReading {
  const reason = responseReasonOf(error);
  const noConnection =
    reason === 'NoKafkaConnection' ||
    (reason === undefined && lagProblem(error).kind === 'no-connection');
  return {
    kind: noConnection ? 'no-connection' : 'failed',
    message: errorMessage(error),
  };
}

/** Whether an entry is younger than `maxAgeMs` at `now`. */
export function isFresh(
  entry: LagEntry | undefined,
  now: number,
  maxAgeMs: number,
): boolean {
  return entry !== undefined && now - entry.readAt < maxAgeMs;
}

/** Which reads to start now, and which must wait for a free slot. */
export interface ReadPlan {
  start: string[];
  wait: string[];
}

/**
 * The rows to read: of the shown ones (in their order, top of the page first), those with no
 * fresh entry and no read in flight; as many start as slots are free under `concurrency`.
 */
export function planReads(
  shown: Iterable<string>,
  entries: ReadonlyMap<string, LagEntry>,
  inFlight: ReadonlySet<string>,
  now: number,
  limits: { maxAgeMs: number; concurrency: number },
): ReadPlan {
  const due = [...shown].filter(
    id => !inFlight.has(id) && !isFresh(entries.get(id), now, limits.maxAgeMs),
  );
  const free = Math.max(0, limits.concurrency - inFlight.size);
  return { start: due.slice(0, free), wait: due.slice(free) };
}

/** Options of {@link FleetLagLoader}. */
export interface FleetLagLoaderOptions {
  /** Reads one app's lag: `KsmlApi.lag`. */
  read(ref: KsmlAppRef): Promise<KsmlLagResponse>;
  /** The clock entries are aged by; `Date.now` by default. */
  now?(): number;
  /** {@link LAG_MAX_AGE_MS} by default. */
  maxAgeMs?: number;
  /** {@link LAG_CONCURRENCY} by default. */
  concurrency?: number;
}

/**
 * Reads the lag of the fleet rows on screen, and keeps what it read. A row's cell says it is
 * shown ({@link FleetLagLoader.show}) while it is mounted, so only the table's current page is
 * read; a row hidden before its read started is never read. At most `concurrency` reads run at
 * once; an answer (or a failure) is kept and counts as current for `maxAgeMs`, and a row shown
 * again after that keeps showing it while it is read anew. Nothing is read on a timer.
 */
export class FleetLagLoader {
  readonly #read: (ref: KsmlAppRef) => Promise<KsmlLagResponse>;
  readonly #now: () => number;
  readonly #limits: { maxAgeMs: number; concurrency: number };
  /** The shown rows, in the order they were shown, with how many cells show each. */
  readonly #shown = new Map<string, { ref: KsmlAppRef; count: number }>();
  readonly #entries = new Map<string, LagEntry>();
  readonly #inFlight = new Set<string>();
  readonly #listeners = new Set<() => void>();

  constructor(options: FleetLagLoaderOptions) {
    this.#read = options.read;
    this.#now = options.now ?? Date.now;
    this.#limits = {
      maxAgeMs: options.maxAgeMs ?? LAG_MAX_AGE_MS,
      concurrency: options.concurrency ?? LAG_CONCURRENCY,
    };
  }

  /**
   * Marks a row as on screen, reading its lag unless a current entry or a read in flight has
   * it; returns the function that marks it hidden again.
   */
  show(id: string, ref: KsmlAppRef): () => void {
    const shown = this.#shown.get(id);
    this.#shown.set(id, { ref, count: (shown?.count ?? 0) + 1 });
    this.#pump();
    let hidden = false;
    return () => {
      if (hidden) return;
      hidden = true;
      const current = this.#shown.get(id);
      if (current && current.count > 1) current.count -= 1;
      else this.#shown.delete(id);
    };
  }

  /** The row's last reading, undefined before one arrived; the same object until the next. */
  get(id: string): LagReading | undefined {
    return this.#entries.get(id)?.reading;
  }

  /** Calls `listener` whenever a reading arrives; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Starts the reads that are due and fit. */
  #pump(): void {
    const { start } = planReads(
      this.#shown.keys(),
      this.#entries,
      this.#inFlight,
      this.#now(),
      this.#limits,
    );
    for (const id of start) this.#start(id, this.#shown.get(id)!.ref);
  }

  #start(id: string, ref: KsmlAppRef): void {
    this.#inFlight.add(id);
    let answer: Promise<KsmlLagResponse>;
    try {
      answer = this.#read(ref);
    } catch (error) {
      answer = Promise.reject(error);
    }
    // A read that throws at once, or an answer of an unexpected shape, is a failure like any
    // other and never leaves its slot taken.
    answer
      .then(lagReading)
      .catch(lagFailure)
      .then(reading => {
        this.#entries.set(id, { reading, readAt: this.#now() });
        this.#inFlight.delete(id);
        for (const listener of [...this.#listeners]) listener();
        this.#pump();
      });
  }
}
