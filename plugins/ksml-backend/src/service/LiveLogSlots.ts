/** Limits of {@link LiveLogSlots}. */
export interface LiveLogLimits {
  /** Streams one user may have open at once. */
  perUser: number;
  /** Streams the backend keeps open at once, for everyone. */
  total: number;
}

/**
 * Counts the live log streams open, per user and in total: each holds a connection to the
 * API server per replica for as long as a browser tab stays open, so both are bounded.
 */
export class LiveLogSlots {
  readonly #limits: LiveLogLimits;
  readonly #perUser = new Map<string, number>();
  #total = 0;

  constructor(limits: LiveLogLimits) {
    this.#limits = limits;
  }

  /** A slot for `user`, released by the function returned; or why there is none. */
  acquire(user: string): { release(): void } | { refused: string } {
    const held = this.#perUser.get(user) ?? 0;
    if (held >= this.#limits.perUser) {
      return {
        refused: `You follow ${held} logs already, the most one user may at once; close one first`,
      };
    }
    if (this.#total >= this.#limits.total) {
      return {
        refused: `The backend follows ${
          this.#total
        } logs already, the most it may at once; try again later`,
      };
    }
    this.#perUser.set(user, held + 1);
    this.#total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#total--;
        const left = (this.#perUser.get(user) ?? 1) - 1;
        if (left > 0) this.#perUser.set(user, left);
        else this.#perUser.delete(user);
      },
    };
  }
}
