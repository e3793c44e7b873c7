/** Options of a {@link WorkQueue}. */
export interface WorkQueueOptions<K> {
  /** The work on one key; the queue never runs it twice at once for the same key. */
  work(key: K): Promise<void>;
  /** Told of work that threw; the queue goes on with the next key. */
  onError(key: K, error: unknown): void;
  /** How many keys are worked on at once. */
  parallel: number;
  /** How long a key backs off after {@link WorkQueue.failed}. */
  backoffMs: number;
}

/**
 * Keys waiting for work, worked on by at most `parallel` workers and by one at a time for each
 * key (a controller's work queue, as client-go's): a key enqueued again while it waits is
 * queued once; one enqueued while its work runs is run once more after it, since what the
 * work read may be stale by then. A key can also be enqueued later ({@link WorkQueue.recheck}),
 * and remember that its work failed ({@link WorkQueue.failed}) for a backoff.
 *
 * Runs between {@link WorkQueue.start} and {@link WorkQueue.stop}, any number of times.
 */
export class WorkQueue<K> {
  readonly #options: WorkQueueOptions<K>;
  #started = false;
  /** Keys waiting, in order, and the ones being worked on (run again once if enqueued). */
  readonly #waiting = new Set<K>();
  readonly #running = new Map<K, Promise<void>>();
  readonly #again = new Set<K>();
  readonly #rechecks = new Map<K, NodeJS.Timeout>();
  /**
   * When each key last failed. Kept across stop and start: a backoff is this process's memory
   * of the key, whoever starts the queue again.
   */
  readonly #failedAt = new Map<K, number>();

  constructor(options: WorkQueueOptions<K>) {
    this.#options = options;
  }

  /** Takes keys from now on (those enqueued while stopped were dropped). */
  start(): void {
    this.#started = true;
  }

  /**
   * Stops taking keys, and drops those waiting and the rechecks planned; resolves when the
   * work in flight has finished.
   */
  async stop(): Promise<void> {
    this.#started = false;
    for (const timer of this.#rechecks.values()) clearTimeout(timer);
    this.#rechecks.clear();
    this.#waiting.clear();
    this.#again.clear();
    await Promise.all(this.#running.values());
  }

  /** Queues work on the key (once, however often it is asked); nothing while stopped. */
  enqueue(key: K): void {
    if (!this.#started) return;
    if (this.#running.has(key)) this.#again.add(key);
    else this.#waiting.add(key);
    this.#next();
  }

  /**
   * Enqueues the key in `delayMs`, replacing a recheck of it already planned. The timer is set
   * even while stopped; what it enqueues counts only if the queue is started by then.
   */
  recheck(key: K, delayMs: number): void {
    clearTimeout(this.#rechecks.get(key));
    this.#rechecks.set(
      key,
      setTimeout(() => {
        this.#rechecks.delete(key);
        this.enqueue(key);
      }, Math.max(0, delayMs)),
    );
  }

  /** True while a recheck of the key is planned. */
  rechecking(key: K): boolean {
    return this.#rechecks.has(key);
  }

  /** Notes that the key's work failed now: it backs off for `backoffMs`. */
  failed(key: K): void {
    this.#failedAt.set(key, Date.now());
  }

  /** Forgets that the key's work failed. */
  succeeded(key: K): void {
    this.#failedAt.delete(key);
  }

  /**
   * True when the key failed less than `backoffMs` ago. The queue does not run the key again
   * when it is over: the next enqueue does (the caller's resync).
   */
  backingOff(key: K): boolean {
    const at = this.#failedAt.get(key);
    return at !== undefined && Date.now() - at < this.#options.backoffMs;
  }

  #next(): void {
    if (!this.#started) return;
    for (const key of this.#waiting) {
      if (this.#running.size >= this.#options.parallel) return;
      this.#waiting.delete(key);
      // An async wrapper: work that throws before its first await fails like one that rejects.
      const run = (async () => this.#options.work(key))()
        .catch(error => this.#options.onError(key, error))
        .finally(() => {
          this.#running.delete(key);
          if (this.#again.delete(key)) this.#waiting.add(key);
          this.#next();
        });
      this.#running.set(key, run);
    }
  }
}
