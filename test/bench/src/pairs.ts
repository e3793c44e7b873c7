/**
 * The benchmark compares the backend with a CLI in pairs: the same number of calls on each side,
 * interleaved, so whatever changes on the machine during a measurement (other processes, the
 * test bed's control plane, heat) falls on both sides alike.
 */

export type Side = 'backend' | 'cli';

/** One comparison's durations (ms): `backend[i]` and `cli[i]` are pair i, always as many. */
export interface Pairs {
  backend: number[];
  cli: number[];
}

/**
 * The order of the 2 × `pairs` calls: pair i is on both sides in turn, the backend first in even
 * pairs and the CLI first in odd ones (backend, CLI, CLI, backend, backend, CLI, …). Strict
 * alternation (backend, CLI, backend, CLI, …) would always run the backend right after a CLI
 * process and never the other way round; alternating who goes first also balances that carry-over
 * and cancels a drift that grows steadily over every two pairs.
 */
export function pairOrder(pairs: number): Array<{ pair: number; side: Side }> {
  const order: Array<{ pair: number; side: Side }> = [];
  for (let pair = 0; pair < pairs; pair++) {
    const sides: Side[] =
      pair % 2 === 0 ? ['backend', 'cli'] : ['cli', 'backend'];
    for (const side of sides) order.push({ pair, side });
  }
  return order;
}

/**
 * Runs `pairs` pairs in `pairOrder`, one call at a time: `backend(i)` and `cli(i)` are pair i's
 * calls (the same app on both sides). Resolves with each call's duration; a call that fails fails
 * the measurement (a benchmark of errors would measure nothing).
 */
export async function timePairs(
  pairs: number,
  sides: Record<Side, (pair: number) => Promise<unknown>>,
  now: () => number = () => performance.now(),
): Promise<Pairs> {
  const result: Pairs = {
    backend: new Array(pairs).fill(NaN),
    cli: new Array(pairs).fill(NaN),
  };
  for (const { pair, side } of pairOrder(pairs)) {
    const start = now();
    await sides[side](pair);
    result[side][pair] = now() - start;
  }
  return checkPairs(result);
}

/** The pairs, or an error if the two sides are not of the same size or a duration is missing. */
export function checkPairs(pairs: Pairs): Pairs {
  if (pairs.backend.length !== pairs.cli.length)
    throw new Error(
      `unequal samples: ${pairs.backend.length} backend, ${pairs.cli.length} CLI`,
    );
  if (![...pairs.backend, ...pairs.cli].every(Number.isFinite))
    throw new Error('a pair is missing a duration');
  return pairs;
}

/** Every run's pairs as one comparison (pair order kept within each run). */
export function poolPairs(runs: readonly Pairs[]): Pairs {
  return checkPairs({
    backend: runs.flatMap(r => checkPairs(r).backend),
    cli: runs.flatMap(r => r.cli),
  });
}

/**
 * Each pair's ratio: `cli/backend` is how many times faster the backend was than the CLI in that
 * pair, `backend/cli` how long the backend took relative to the CLI (1.05 = 5% over).
 */
export function pairRatios(
  pairs: Pairs,
  ratio: 'cli/backend' | 'backend/cli',
): number[] {
  const { backend, cli } = checkPairs(pairs);
  return backend.map((b, i) =>
    ratio === 'cli/backend' ? cli[i] / b : b / cli[i],
  );
}
