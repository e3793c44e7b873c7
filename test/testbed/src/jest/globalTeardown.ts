import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Jest global teardown: stops the test bed if this run started it, so `npm test` leaves no
 * process behind. Set KSML_TESTBED_KEEP=1 to keep it for the next run.
 */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __ksmlTestbedStartedByJest?: boolean };
  if (!state.__ksmlTestbedStartedByJest) return;
  state.__ksmlTestbedStartedByJest = false;
  if (process.env.KSML_TESTBED_KEEP === '1') return;
  execFileSync('bash', [resolve(__dirname, '../../down.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
