import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const scripts = resolve(__dirname, '../..');

/**
 * Jest global setup for suites that need the test bed: starts it once for the whole run
 * unless it is already up, or the run is of unit suites only (`npm run test:unit` sets
 * KSML_TEST_SCOPE=unit and leaves the `*.integration.test.ts` suites out). Remembers whether this run started it, so the teardown stops
 * only what this run started (a developer's long-running `npm run testbed:up` is left alone).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KSML_TEST_SCOPE === 'unit') return;
  const state = globalThis as { __ksmlTestbedStartedByJest?: boolean };
  if (state.__ksmlTestbedStartedByJest !== undefined) return; // another project already did
  const alreadyUp =
    spawnSync('bash', [resolve(scripts, 'status.sh')]).status === 0;
  if (!alreadyUp) {
    execFileSync('bash', [resolve(scripts, 'up.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  state.__ksmlTestbedStartedByJest = !alreadyUp;
}
