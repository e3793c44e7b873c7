/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** What is awaited, for the timeout message. */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than `undefined`, or fails when time runs out
 * with the description and the last error or value seen.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const reason = last instanceof Error ? last.message : String(last);
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.description}: ${reason}`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 1000));
  }
}
