/**
 * Test helper (tests import it from `@ksml-backstage/plugin-ksml-common/testUtils`).
 *
 * The settings every fast-check property of the project runs with: a fresh seed per run (so
 * runs explore), a time limit that fails the property rather than passing it on fewer cases,
 * and a replay of a failure fast-check reported. On failure fast-check prints
 * `{ seed: S, path: "P", endOnFailure: true }`; replay it with
 * `KSML_FC_SEED=S KSML_FC_PATH=P npm run test:unit -- FILE -t 'TEST NAME'` (docs/reliability.md).
 * The path belongs to one property: give it with `-t` so no other property is handed it.
 */
export function propertySettings<Extra extends object = {}>(
  numRuns: number,
  timeLimitMs: number,
  extra?: Extra,
  env: NodeJS.ProcessEnv = process.env,
): {
  numRuns: number;
  interruptAfterTimeLimit: number;
  markInterruptAsFailure: true;
  seed?: number;
  path?: string;
} & Extra {
  return {
    numRuns,
    interruptAfterTimeLimit: timeLimitMs,
    markInterruptAsFailure: true,
    ...(extra as Extra),
    ...replay(env),
  };
}

/** The seed and path to replay, read from KSML_FC_SEED and KSML_FC_PATH. */
function replay(env: NodeJS.ProcessEnv): { seed?: number; path?: string } {
  const seedText = env.KSML_FC_SEED?.trim();
  const path = env.KSML_FC_PATH?.trim();
  if (!seedText) {
    if (path)
      throw new Error(
        'KSML_FC_PATH needs KSML_FC_SEED (the seed of the same run)',
      );
    return {};
  }
  const seed = Number(seedText);
  if (!Number.isInteger(seed)) {
    throw new Error(
      `KSML_FC_SEED must be an integer, as fast-check printed it (got ${seedText})`,
    );
  }
  return path ? { seed, path } : { seed };
}
