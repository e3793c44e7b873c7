import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KafkaFixture, kubectl, loadTestbedEnv } from '@ksml-backstage/testbed';
import { Cli } from './cli';
import { cacheFootprint } from './cacheFootprint';
import { appQuery, appRelease, deployFleet } from './fleet';
import { measureRun, RunResult, Samples } from './measure';
import { Portal, startPortal } from './portal';
import { BenchReport, checkTargets, markdown, summarise } from './report';

const USAGE = `npm run bench -- [--apps N] [--runs R] [--json FILE] [--keep]
  --apps N    apps deployed (2 replicas each); default 100
  --runs R    measurement runs; each figure is their median, with min and max; default 3
  --json F    also write the report as JSON to F
  --keep      leave the apps deployed (namespace ksml-bench-…) to look at afterwards`;

function parseArgs(argv: string[]) {
  const options = {
    apps: 100,
    runs: 3,
    json: undefined as string | undefined,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--apps') options.apps = Number(value());
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--json') options.json = value();
    else if (arg === '--keep') options.keep = true;
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (
    !Number.isInteger(options.apps) ||
    options.apps < 1 ||
    options.apps > 2000
  )
    throw new Error(`--apps: a whole number from 1 to 2000\n${USAGE}`);
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new Error(`--runs: a whole number from 1\n${USAGE}`);
  return options;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const environment = 'bench';
  // A namespace of this run's own: the last run's may still be terminating.
  const namespace = `ksml-bench-${Date.now().toString(36)}`;
  const env = loadTestbedEnv();
  await kubectl(env, ['create', 'namespace', namespace]).catch(error => {
    if (!/AlreadyExists/.test(error.message)) throw error;
  });
  // The portal checks a definition's input topic on the test bed's broker before a deploy
  // (the measured deploys include that check): the fleet's topic must exist.
  await new KafkaFixture(env.kafka).createTopics(['ksml_sensordata_avro'], 3);
  log('starting the dev portal backend');
  const portal = await startPortal({ environment, namespace });
  const cli = await Cli.create(env, namespace);
  try {
    // Memory is compared between 100 apps and N, in the same backend process.
    const baselineApps = options.apps > 100 ? 100 : options.apps;
    const first = await deployFleet(
      portal,
      environment,
      { from: 0, to: baselineApps },
      { concurrency: 8, log },
    );
    let baseline: BenchReport['memory']['baseline'];
    let setup = first;
    if (baselineApps < options.apps) {
      // Measured as the end figure is: after the same warm-up, so both heaps hold the same
      // JIT code, connections and lazily built state, and differ by the apps.
      await warmUp(portal, environment, baselineApps);
      baseline = { apps: baselineApps, ...(await settledMemory(portal)) };
      log(
        `memory at ${baselineApps} apps: heap ${mib(
          baseline.heapBytes,
        )} MiB, RSS ${mib(baseline.rssBytes)} MiB`,
      );
      const rest = await deployFleet(
        portal,
        environment,
        { from: baselineApps, to: options.apps },
        { concurrency: 8, log },
      );
      setup = {
        deploySeconds: first.deploySeconds + rest.deploySeconds,
        runningSeconds: first.runningSeconds + rest.runningSeconds,
      };
    }
    log('waiting for metrics-server to measure the probe app');
    for (let i = 0; ; i++) {
      const res = await portal.call(
        'GET',
        `/metrics?${appQuery(environment, 0)}`,
      );
      if (res.status === 200 && res.body.replicas?.length === 2) break;
      if (i > 60)
        throw new Error(
          `no metrics for the probe app: ${JSON.stringify(res.body)}`,
        );
      await new Promise(r => setTimeout(r, 5000));
    }
    const samples: Samples = {
      status: 200,
      cliStatus: 30,
      apps: 10,
      cliApps: 3,
      logs: 20,
      metrics: 20,
      deploys: 3,
      concurrency: 50,
      concurrentRequests: 2000,
    };
    log('warming up (JIT, connections, caches)');
    await warmUp(portal, environment, options.apps);
    const runs: RunResult[] = [];
    for (let run = 1; run <= options.runs; run++) {
      log(`run ${run} of ${options.runs}`);
      runs.push(
        await measureRun(portal, cli, {
          environment,
          apps: options.apps,
          samples,
        }),
      );
    }
    const now = await settledMemory(portal);
    const releases = Array.from({ length: options.apps }, (_, i) =>
      appRelease(environment, i),
    );
    const cache = await cacheFootprint(env, namespace, releases);
    log(`cache: ${cache.bytes} bytes for ${JSON.stringify(cache.counts)}`);
    const grown = options.apps - (baseline?.apps ?? 0);
    const memory: BenchReport['memory'] = {
      ...now,
      ...(baseline
        ? {
            baseline,
            bytesPerApp: (now.heapBytes - baseline.heapBytes) / grown,
            rssBytesPerApp: (now.rssBytes - baseline.rssBytes) / grown,
          }
        : {}),
      cacheBytesPerApp: cache.bytes / options.apps,
    };
    const figures = summarise(runs);
    const report: BenchReport = {
      date: new Date().toISOString().slice(0, 10),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
      },
      apps: options.apps,
      replicasPerApp: 2,
      runs: options.runs,
      setup,
      figures,
      memory,
      targets: checkTargets(figures, memory),
    };
    process.stdout.write(`${markdown(report)}\n`);
    if (options.json) {
      writeFileSync(
        resolve(
          process.env.KSML_BENCH_CALLER_DIR ?? process.cwd(),
          options.json,
        ),
        `${JSON.stringify(report, null, 2)}\n`,
      );
    }
  } finally {
    await portal.stop();
    if (!options.keep) {
      log(`removing namespace ${namespace}`);
      await kubectl(env, [
        'delete',
        'namespace',
        namespace,
        '--wait=false',
      ]).catch(() => undefined);
    }
  }
}

/**
 * The backend's memory once /apps has run (every cache and record loaded): the smallest of three
 * readings after a full GC, 2 s apart, which is the closest to the live set.
 */
async function settledMemory(
  portal: Portal,
): Promise<{ rssBytes: number; heapBytes: number }> {
  await portal.call('GET', '/apps');
  const readings = [];
  for (let i = 0; i < 3; i++) {
    await new Promise(r => setTimeout(r, 2000));
    readings.push(await portal.memory());
  }
  return {
    rssBytes: Math.min(...readings.map(r => r.rss)),
    heapBytes: Math.min(...readings.map(r => r.heapUsed)),
  };
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/**
 * Requests of every kind before measuring, so the figures are of a warmed-up backend (JIT
 * compiled, connections open), not of its first minute.
 */
async function warmUp(portal: Portal, environment: string, apps: number) {
  let issued = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (issued < 3000) {
        const i = issued++;
        await portal.call('GET', `/status?${appQuery(environment, i % apps)}`);
      }
    }),
  );
  for (let i = 0; i < 5; i++) {
    await portal.call('GET', '/apps');
    await portal.call('GET', `/logs?${appQuery(environment, 0)}&tailLines=100`);
    await portal.call('GET', `/metrics?${appQuery(environment, 0)}`);
  }
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
