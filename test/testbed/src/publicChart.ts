import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { repoRoot } from './env';

/**
 * The folder of the public KSML chart (`packaging/helm-charts/ksml` of the KSML source the
 * test bed builds from), for tests that read or render it without a running test bed. Unpacks
 * it into the test bed's cache once (`build.sh ksml-chart`, no cluster, about a second); throws
 * build.sh's reason when no KSML source can be had.
 */
export function publicChartDir(): string {
  const bin = execFileSync(
    'bash',
    [resolve(repoRoot, 'test/testbed/build.sh'), 'ksml-chart'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
  return join(bin, 'ksml-chart');
}
