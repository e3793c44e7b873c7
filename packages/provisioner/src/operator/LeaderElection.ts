import type { KsmlLogger } from '@ksml-backstage/plugin-ksml-node';
import { KubeHttp, KubeHttpError } from '@ksml-backstage/plugin-ksml-node';
import { LeadershipTerm, NotLeadingError } from './leadershipFence';

/** A coordination.k8s.io/v1 Lease as the API server returns it. */
interface Lease {
  metadata: { name: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** Options of {@link LeaderElection}. */
export interface LeaderElectionOptions {
  http: KubeHttp;
  namespace: string;
  /** The Lease's name. */
  name: string;
  /** This process, as the Lease names its holder. */
  identity: string;
  /** client-go's leaseDuration; the renew deadline and retry period follow from it. */
  leaseDurationSeconds: number;
  /**
   * Called when this process becomes the leader, with the term that begins: writes made for
   * it check {@link LeadershipTerm.assertValid} first.
   */
  onStartedLeading(term: LeadershipTerm): void;
  /** Called when it stops being the leader (lost the Lease, or stopped). */
  onStoppedLeading(): void | Promise<void>;
  logger: KsmlLogger;
  /** Wall clock in ms, for the Lease's acquireTime and renewTime; default `Date.now`. */
  now?: () => number;
  /**
   * Monotonic clock in ms, for every deadline (it keeps running while the process is paused,
   * and never steps back with the wall clock); default `performance.now`.
   */
  clock?: () => number;
}

/** What this process knows of its current or last term, for probes and logs. */
export interface LeadershipState {
  identity: string;
  /** True while this process may act as the leader (its term is {@link LeadershipTerm.valid}). */
  leading: boolean;
  /** The current or last term: when it began and until when it may act, by the wall clock. */
  term?: { number: number; since: string; validUntil: string };
}

/** Kubernetes' MicroTime: RFC 3339 with microseconds. */
const microTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** A {@link LeadershipTerm} of a {@link LeaderElection}. */
class Term implements LeadershipTerm {
  readonly number: number;
  readonly #since: number;
  readonly #fresh: () => boolean;
  readonly #deadline: () => number;
  readonly #now: () => number;
  readonly #onExpired: () => void;
  /** When (wall clock) the term ended; undefined while it lasts. */
  #endedAt?: number;

  constructor(options: {
    number: number;
    /** When it began (wall clock). */
    since: number;
    /** True while the last renewal is within the renew deadline. */
    fresh: () => boolean;
    /** The renew deadline of the last renewal (wall clock). */
    deadline: () => number;
    now: () => number;
    onExpired: () => void;
  }) {
    this.number = options.number;
    this.#since = options.since;
    this.#fresh = options.fresh;
    this.#deadline = options.deadline;
    this.#now = options.now;
    this.#onExpired = options.onExpired;
  }

  get ended(): boolean {
    return this.#endedAt !== undefined;
  }

  /** Ends the term without telling anyone (the election does). */
  end(): void {
    this.#endedAt ??= Math.min(this.#now(), this.#deadline());
  }

  get valid(): boolean {
    if (this.ended) return false;
    if (this.#fresh()) return true;
    // Past the deadline: the term is over now, before whoever asked goes on.
    this.#endedAt = this.#deadline();
    this.#onExpired();
    return false;
  }

  assertValid(action: string): void {
    if (!this.valid) throw new NotLeadingError(action, this.number);
  }

  /** When it began and until when it may act (its end, once over), by the wall clock. */
  describe(): { number: number; since: string; validUntil: string } {
    void this.valid; // a term past its deadline reads as over
    return {
      number: this.number,
      since: new Date(this.#since).toISOString(),
      validUntil: new Date(this.#endedAt ?? this.#deadline()).toISOString(),
    };
  }
}

/**
 * Elects one leader among the processes that share a Lease, with client-go's leaderelection
 * timing, all derived from the lease duration:
 *
 * - **leaseDuration**: a candidate takes a Lease whose holder record (holder and renewTime) it
 *   has seen unchanged for this long, measured on its own clock from when its read returned (so
 *   a slow read never makes a Lease look older than it is; the holder's clock is not trusted).
 * - **renewDeadline** (two thirds of it): the leader's term lasts until this long after the
 *   start of its last successful renewal. Past it, the term is over at once, whatever the
 *   timers say: every write first checks {@link LeadershipTerm.valid}, which reads the clock,
 *   so a process that was frozen (SIGSTOP) and runs again writes nothing, even work queued
 *   before the pause. A watchdog timer also ends the term, so a hung request cannot keep it.
 *   Since others wait a whole lease duration after seeing the last renewal, a term ends at
 *   least a third of the lease duration before anyone else may start one.
 * - **retryPeriod** (a fifth of it): how often a candidate tries to take the Lease and the
 *   leader renews it, counted from the start of each try (a try that takes longer is followed
 *   at once by the next).
 *
 * Every write of the Lease carries the resourceVersion read, so two processes never both win
 * it, and a renewal prepared before a pause fails once another has taken the Lease. On stop, a
 * leader releases the Lease, so the next one takes over at once.
 */
export class LeaderElection {
  readonly #options: LeaderElectionOptions;
  readonly #now: () => number;
  readonly #clock: () => number;
  readonly #path: string;
  readonly #renewDeadlineMs: number;
  #timer?: NodeJS.Timeout;
  #watchdog?: NodeJS.Timeout;
  #term?: Term;
  #terms = 0;
  /** When (monotonic) the last successful renewal (or acquisition) began. */
  #lastRenewed = 0;
  /** The holder record last seen, and when (monotonic) this process first saw it. */
  #observed?: { record: string; at: number };
  #stopped = false;

  constructor(options: LeaderElectionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    // Looked up at each call (not imported): fake timers in tests replace the global.
    this.#clock = options.clock ?? (() => globalThis.performance.now());
    this.#path = `/apis/coordination.k8s.io/v1/namespaces/${options.namespace}/leases`;
    this.#renewDeadlineMs = (options.leaseDurationSeconds * 1000 * 2) / 3;
  }

  /** True while this process may act as the leader: its term is valid (see {@link LeadershipTerm}). */
  get leading(): boolean {
    return this.#term?.valid ?? false;
  }

  /** This process's view of its leadership, for a health probe. */
  state(): LeadershipState {
    const term = this.#term;
    return {
      identity: this.#options.identity,
      leading: term?.valid ?? false,
      ...(term ? { term: term.describe() } : {}),
    };
  }

  start(): void {
    const durationMs = this.#options.leaseDurationSeconds * 1000;
    const retryPeriodMs = Math.max(250, durationMs / 5);
    // The period runs from the start of each try, not its end: a leader whose renewals are
    // slow (a loaded API server, a slow link) still renews every max(retryPeriod, renewal)
    // rather than every retryPeriod + renewal, so renewals of up to half the renew deadline
    // keep its term.
    const tick = async () => {
      const began = this.#clock();
      await this.#tryAcquireOrRenew();
      if (this.#stopped) return;
      const left = retryPeriodMs - (this.#clock() - began);
      this.#timer = setTimeout(tick, Math.max(0, left));
    };
    void tick();
    // A request that hangs holds the next try back; this watchdog does not wait for it. Reading
    // `valid` ends a term past its renew deadline (and calls onStoppedLeading).
    this.#watchdog = setInterval(
      () => void this.#term?.valid,
      Math.max(100, durationMs / 10),
    );
  }

  /** Stops trying; a leader stops leading and releases the Lease. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#watchdog);
    const everLed = this.#term !== undefined;
    await this.#endTerm();
    // Released whenever the API server still names this process (resourceVersion-guarded),
    // even after a term that expired: the next leader then need not wait a lease duration.
    if (!everLed) return;
    try {
      const lease = await this.#read();
      if (lease?.spec?.holderIdentity === this.#options.identity) {
        await this.#options.http.mergePatch(this.#leasePath, {
          metadata: { resourceVersion: lease.metadata.resourceVersion },
          spec: { holderIdentity: null, renewTime: null, acquireTime: null },
        });
      }
    } catch (error) {
      this.#options.logger.warn('Could not release the leader Lease', {
        error: (error as Error).message,
      });
    }
  }

  get #leasePath(): string {
    return `${this.#path}/${this.#options.name}`;
  }

  /** True when the last renewal began within the renew deadline. */
  #fresh(): boolean {
    return this.#clock() - this.#lastRenewed < this.#renewDeadlineMs;
  }

  /** The wall-clock time a monotonic instant of this process stands for. */
  #wallTime(monotonic: number): number {
    return this.#now() - (this.#clock() - monotonic);
  }

  async #read(): Promise<Lease | undefined> {
    try {
      return await this.#options.http.json<Lease>(this.#leasePath);
    } catch (error) {
      if (error instanceof KubeHttpError && error.code === 404)
        return undefined;
      throw error;
    }
  }

  async #tryAcquireOrRenew(): Promise<void> {
    const { identity, leaseDurationSeconds, http, namespace, name } =
      this.#options;
    // A renewal counts from before its read: the holder's term ends no later than the Lease
    // it wrote says.
    const started = this.#clock();
    const wall = this.#now();
    try {
      const lease = await this.#read();
      if (!lease) {
        await http.create(this.#path, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds,
            acquireTime: microTime(wall),
            renewTime: microTime(wall),
            leaseTransitions: 0,
          },
        });
        this.#renewed(started);
        return;
      }
      const spec = lease.spec ?? {};
      const record = `${spec.holderIdentity ?? ''}@${spec.renewTime ?? ''}`;
      // Another's Lease counts from after the read returned: it may have been renewed while
      // the read was on its way.
      const seenAt = this.#clock();
      if (this.#observed?.record !== record) {
        this.#observed = { record, at: seenAt };
      }
      const mine = spec.holderIdentity === identity;
      const free =
        !spec.holderIdentity ||
        seenAt - this.#observed.at >
          (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (!mine && !free) {
        if (this.#term && !this.#term.ended) {
          this.#options.logger.warn('Lost the leader Lease: another holds it', {
            holder: spec.holderIdentity ?? '',
          });
          await this.#endTerm();
        }
        return;
      }
      await http.mergePatch(this.#leasePath, {
        metadata: { resourceVersion: lease.metadata.resourceVersion },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds,
          renewTime: microTime(wall),
          ...(mine
            ? {}
            : {
                acquireTime: microTime(wall),
                leaseTransitions: (spec.leaseTransitions ?? 0) + 1,
              }),
        },
      });
      this.#renewed(started);
    } catch (error) {
      // A conflict: another process wrote the Lease first; anything else: the API server. The
      // term ends by itself at its deadline (the next read of `valid`).
      if (this.#term?.valid) {
        this.#options.logger.warn('Could not renew the leader Lease', {
          error: (error as Error).message,
        });
      }
    }
  }

  #renewed(started: number): void {
    if (this.#stopped) return;
    this.#lastRenewed = started;
    if (this.#term && !this.#term.ended) return;
    // Taken with a renewal that took past the deadline: not a term yet, the next try renews.
    if (!this.#fresh()) return;
    this.#term = new Term({
      number: ++this.#terms,
      since: this.#wallTime(started),
      fresh: () => this.#fresh(),
      deadline: () => this.#wallTime(this.#lastRenewed + this.#renewDeadlineMs),
      now: this.#now,
      onExpired: () => void this.#expired(),
    });
    this.#options.logger.info('Leading: reconciling KsmlApps', {
      identity: this.#options.identity,
      term: this.#term.number,
    });
    this.#options.onStartedLeading(this.#term);
  }

  /** A term past its renew deadline (noticed by the watchdog, a write or a probe). */
  async #expired(): Promise<void> {
    this.#options.logger.warn(
      'Lost the leader Lease: it was not renewed within the renew deadline',
      {
        renewDeadlineMs: Math.round(this.#renewDeadlineMs),
        sinceRenewalMs: Math.round(this.#clock() - this.#lastRenewed),
      },
    );
    await this.#options.onStoppedLeading();
  }

  async #endTerm(): Promise<void> {
    if (!this.#term || this.#term.ended) return;
    this.#term.end();
    await this.#options.onStoppedLeading();
  }
}
