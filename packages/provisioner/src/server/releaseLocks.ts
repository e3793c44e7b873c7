import { ConflictError } from '@backstage/errors';

/**
 * One change per release at a time inside this process (the backend plugin uses a database
 * lock across replicas; a provisioner runs as one replica per cluster). A second change waits
 * up to `waitMs`, then is a 409.
 */
export class ReleaseLocks {
  readonly #held = new Map<string, Promise<void>>();
  readonly #waitMs: number;

  constructor(options: { waitMs?: number } = {}) {
    this.#waitMs = options.waitMs ?? 10_000;
  }

  async run<T>(release: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      const current = this.#held.get(release);
      if (!current) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ConflictError(
          `${release} is busy with another operation; try again when it has finished`,
        );
      }
      await Promise.race([current, new Promise(r => setTimeout(r, left))]);
    }
    let release_!: () => void;
    this.#held.set(release, new Promise<void>(r => (release_ = r)));
    try {
      return await fn();
    } finally {
      this.#held.delete(release);
      release_();
    }
  }
}
