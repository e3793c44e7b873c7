import { Cli } from './cli';
import type { FleetPageSamples } from './fleetPage';
import { appQuery, appRelease, appRequest } from './fleet';
import { Pairs, timePairs } from './pairs';
import { Portal } from './portal';

/** What one run measures: each comparison's pairs, and the backend alone under load. */
export interface RunResult {
  status: Pairs;
  apps: Pairs;
  logs: Pairs;
  metrics: Pairs;
  deploy: Pairs;
  concurrent: {
    /** The steady state: each request's duration (ms). */
    durations: number[];
    perSecond: number;
    /** The first 4 × concurrency requests, on connections opened for them. */
    firstBurst: number[];
  };
  /** The fleet page in Chromium (fleetPage.ts), measured after the rest of the run. */
  fleetPage: FleetPageSamples;
}

/** How many calls each measurement makes. */
export interface Samples {
  /** Interleaved pairs (backend, CLI) of status reads. */
  statusPairs: number;
  /** Interleaved pairs of every other comparison: all apps, logs, metrics, deploy. */
  pairs: number;
  concurrency: number;
  concurrentRequests: number;
}

/** Fails unless the backend answered 200: a benchmark of errors would measure nothing. */
async function ok(
  portal: Portal,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const res = await portal.call(method, path, body);
  if (res.status !== 200)
    throw new Error(
      `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  return res.body;
}

/**
 * One run of every comparison on a fleet of `apps` apps, each as interleaved pairs (pairs.ts): the
 * same number of calls on both sides, the two sides of a pair on the same app. Apps are picked
 * spread over the fleet so no read is served from a warm per-app path the CLI side would not have.
 */
export async function measureRun(
  portal: Portal,
  cli: Cli,
  options: {
    environment: string;
    apps: number;
    samples: Samples;
    log: (line: string) => void;
  },
): Promise<Omit<RunResult, 'fleetPage'>> {
  const { environment, apps, samples, log } = options;
  // Each comparison's pairs, with how long they took (progress on stderr).
  const measure = async (
    what: string,
    pairs: number,
    sides: Parameters<typeof timePairs>[1],
  ) => {
    const started = performance.now();
    const result = await timePairs(pairs, sides);
    log(
      `${what}: ${pairs} pairs in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    return result;
  };
  const pick = (i: number) => (i * 7919) % apps; // spread over the fleet
  const probe = 0; // the app metrics and deploys are measured on

  const status = await measure('status', samples.statusPairs, {
    backend: i =>
      ok(portal, 'GET', `/status?${appQuery(environment, pick(i))}`),
    cli: i => cli.status(appRelease(environment, pick(i))),
  });
  const appsResult = await measure('all apps', samples.pairs, {
    backend: async () => {
      const body = await ok(portal, 'GET', '/apps');
      if (body.items.length < apps)
        throw new Error(`/apps listed ${body.items.length} of ${apps}`);
    },
    cli: () => cli.allApps(),
  });
  const logs = await measure('logs', samples.pairs, {
    backend: i =>
      ok(
        portal,
        'GET',
        `/logs?${appQuery(environment, pick(i))}&tailLines=100`,
      ),
    cli: i => cli.logs(appRelease(environment, pick(i)), 100),
  });
  const metrics = await measure('metrics', samples.pairs, {
    backend: () =>
      ok(portal, 'GET', `/metrics?${appQuery(environment, probe)}`),
    cli: () => cli.metrics(appRelease(environment, probe)),
  });

  // Both sides upgrade the same release with the values the backend would install (POST
  // /render), so they do the same upgrade.
  const request = appRequest(environment, probe);
  const rendered = await ok(portal, 'POST', '/render', request);
  const deploy = await measure('deploy', samples.pairs, {
    backend: () => ok(portal, 'POST', '/deploy', request),
    cli: () => cli.deploy(appRelease(environment, probe), rendered.values),
  });

  // 50 clients at once, each reading status of apps one after the other.
  const concurrently = async (requests: number, record: number[]) => {
    let issued = 0;
    await Promise.all(
      Array.from({ length: samples.concurrency }, async () => {
        while (issued < requests) {
          const i = issued++;
          const t = performance.now();
          await ok(portal, 'GET', `/status?${appQuery(environment, pick(i))}`);
          record.push(performance.now() - t);
        }
      }),
    );
  };
  // A first burst meets connections the server has closed while idle (Node's keep-alive
  // timeout is 5 s, and the deploys above took longer): it pays for new connections and is
  // reported on its own. The steady state, the target's figure, is measured right after it.
  const firstBurst: number[] = [];
  await concurrently(samples.concurrency * 4, firstBurst);
  const durations: number[] = [];
  const started = performance.now();
  await concurrently(samples.concurrentRequests, durations);
  const seconds = (performance.now() - started) / 1000;
  return {
    status,
    apps: appsResult,
    logs,
    metrics,
    deploy,
    concurrent: {
      durations,
      perSecond: durations.length / seconds,
      firstBurst,
    },
  };
}
