import { Cli } from './cli';
import { appQuery, appRelease, appRequest } from './fleet';
import { Portal } from './portal';
import { latency, Latency, timeSeries } from './stats';

/** What one run measures: each comparison's two sides. */
export interface RunResult {
  status: { ours: Latency; cli: Latency };
  apps: { ours: Latency; cli: Latency };
  logs: { ours: Latency; cli: Latency };
  metrics: { ours: Latency; cli: Latency };
  deploy: { ours: Latency; cli: Latency };
  concurrent: {
    requests: number;
    perSecond: number;
    p99: number;
    /** The first 4 × concurrency requests, on connections opened for them. */
    firstBurstP99: number;
  };
}

/** How many calls each measurement makes. */
export interface Samples {
  status: number;
  cliStatus: number;
  apps: number;
  cliApps: number;
  logs: number;
  metrics: number;
  deploys: number;
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
 * One run of every comparison on a fleet of `apps` apps. Apps are picked round-robin so no
 * read is served from a warm per-app path the CLI side would not have.
 */
export async function measureRun(
  portal: Portal,
  cli: Cli,
  options: { environment: string; apps: number; samples: Samples },
): Promise<RunResult> {
  const { environment, apps, samples } = options;
  const pick = (i: number) => (i * 7919) % apps; // spread over the fleet
  const probe = 0; // the app logs, metrics and deploys are measured on

  const status = {
    ours: latency(
      await timeSeries(samples.status, i =>
        ok(portal, 'GET', `/status?${appQuery(environment, pick(i))}`),
      ),
    ),
    cli: latency(
      await timeSeries(samples.cliStatus, i =>
        cli.status(appRelease(environment, pick(i))),
      ),
    ),
  };
  const appsResult = {
    ours: latency(
      await timeSeries(samples.apps, async () => {
        const body = await ok(portal, 'GET', '/apps');
        if (body.items.length < apps)
          throw new Error(`/apps listed ${body.items.length} of ${apps}`);
      }),
    ),
    cli: latency(await timeSeries(samples.cliApps, () => cli.allApps())),
  };
  const logs = {
    ours: latency(
      await timeSeries(samples.logs, i =>
        ok(
          portal,
          'GET',
          `/logs?${appQuery(environment, pick(i))}&tailLines=100`,
        ),
      ),
    ),
    cli: latency(
      await timeSeries(samples.logs, i =>
        cli.logs(appRelease(environment, pick(i)), 100),
      ),
    ),
  };
  const metrics = {
    ours: latency(
      await timeSeries(samples.metrics, () =>
        ok(portal, 'GET', `/metrics?${appQuery(environment, probe)}`),
      ),
    ),
    cli: latency(
      await timeSeries(samples.metrics, () =>
        cli.metrics(appRelease(environment, probe)),
      ),
    ),
  };

  // Deploys alternate between the sides on the same release, with the values the backend
  // would install (POST /render), so both do the same upgrade.
  const request = appRequest(environment, probe);
  const rendered = await ok(portal, 'POST', '/render', request);
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < samples.deploys; i++) {
    ours.push(
      ...(await timeSeries(1, () => ok(portal, 'POST', '/deploy', request))),
    );
    raw.push(
      ...(await timeSeries(1, () =>
        cli.deploy(appRelease(environment, probe), rendered.values),
      )),
    );
  }
  const deploy = { ours: latency(ours), cli: latency(raw) };

  // 50 clients at once, each reading status of apps one after the other.
  const concurrently = async (requests: number, record?: number[]) => {
    let issued = 0;
    await Promise.all(
      Array.from({ length: samples.concurrency }, async () => {
        while (issued < requests) {
          const i = issued++;
          const t = performance.now();
          await ok(portal, 'GET', `/status?${appQuery(environment, pick(i))}`);
          record?.push(performance.now() - t);
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
      requests: durations.length,
      perSecond: durations.length / seconds,
      p99: latency(durations).p99,
      firstBurstP99: latency(firstBurst).p99,
    },
  };
}
