import type { ClusterTarget } from '../cluster/ClusterTarget';

/**
 * The helm operations this process runs, per release and cluster: how many run now, and when
 * the last one ended. A release whose newest revision is `pending-*` is recovered only when no
 * helm of this process is working on it (see interruptedRelease.ts); this is how it knows.
 */
export class HelmRuns {
  readonly #running = new Map<string, number>();
  readonly #endedAt = new Map<string, Date>();

  /** Runs a helm operation on a release, noting while it runs and when it ended. */
  async run<T>(
    release: string,
    target: ClusterTarget,
    operation: () => Promise<T>,
  ): Promise<T> {
    const key = runKey(release, target);
    this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    try {
      return await operation();
    } finally {
      const left = (this.#running.get(key) ?? 1) - 1;
      if (left > 0) this.#running.set(key, left);
      else this.#running.delete(key);
      this.#endedAt.set(key, new Date());
    }
  }

  /**
   * When this process's last helm on the release ended; undefined while one runs (its pending
   * revision is its own) or when none ran here.
   */
  endedHereAt(release: string, target: ClusterTarget): Date | undefined {
    const key = runKey(release, target);
    return this.#running.get(key) ? undefined : this.#endedAt.get(key);
  }
}

function runKey(release: string, target: ClusterTarget): string {
  return JSON.stringify([target, release]);
}
