import { createHash } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  KafkaFixture,
  kubectl,
  loadTestbedEnv,
  repoRoot,
} from '@ksml-backstage/testbed';
import { buildAppIfStale, launchBrowser } from '@ksml-backstage/e2e';
import { Cli } from './cli';
import { cacheFootprint } from './cacheFootprint';
import { computeFigures, Memory } from './figures';
import { appQuery, appRelease, appRequest, deployFleet } from './fleet';
import { measureFleetPage } from './fleetPage';
import { measureRun, RunResult, Samples } from './measure';
import { Portal, startPortal } from './portal';
import { BenchReport, markdown, summarise } from './report';
import { evaluateTargets, exitCode, parseTargets, Target } from './targets';

const USAGE = `npm run bench -- [--apps N] [--runs R] [--pairs P] [--status-pairs S] [--targets FILE] [--json FILE] [--keep]
  --apps N          apps deployed (2 replicas each); default 100
  --runs R          measurement runs; the table shows each figure's median, min and max; default 3
  --pairs P         interleaved backend/CLI pairs per run of all apps, logs, metrics and deploy;
                    default 30
  --status-pairs S  interleaved pairs per run of status reads; default 200 (a p99 needs 368
                    samples pooled over the runs to be bounded at 95%)
  --targets FILE    the targets to judge the figures by; default test/bench/targets.json, or
                    $KSML_BENCH_TARGETS. The run exits 2 when a target is missed
  --json F          also write the report as JSON to F (with every sample)
  --keep            leave the apps deployed (namespace ksml-bench-…) to look at afterwards`;

function parseArgs(argv: string[]) {
  const options = {
    apps: 100,
    runs: 3,
    pairs: 30,
    statusPairs: 200,
    targets: process.env.KSML_BENCH_TARGETS || undefined,
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
    else if (arg === '--pairs') options.pairs = Number(value());
    else if (arg === '--status-pairs') options.statusPairs = Number(value());
    else if (arg === '--targets') options.targets = value();
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
  for (const [flag, n] of [
    ['--pairs', options.pairs],
    ['--status-pairs', options.statusPairs],
  ] as const)
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${flag}: a whole number from 1\n${USAGE}`);
  return options;
}

/** A path typed on the command line: relative to where `npm run bench` was typed. */
const fromCaller = (path: string) =>
  resolve(process.env.KSML_BENCH_CALLER_DIR ?? process.cwd(), path);

/** The targets, read and checked before anything is deployed or measured. */
function loadTargets(path: string | undefined): {
  file: string;
  sha256: string;
  targets: Target[];
} {
  const file = path
    ? fromCaller(path)
    : join(repoRoot, 'test/bench/targets.json');
  const text = readFileSync(file, 'utf8');
  let targets: Target[];
  try {
    targets = parseTargets(JSON.parse(text));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const shown = relative(repoRoot, file);
  return {
    file: shown.startsWith('..') ? file : shown,
    sha256: createHash('sha256').update(text).digest('hex'),
    targets,
  };
}

/** Loads of the fleet page per run, each way (from the sidebar, by its URL). */
const FLEET_PAGE_SAMPLES = 10;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const targets = loadTargets(options.targets);
  log(
    `${targets.targets.length} targets from ${
      targets.file
    } (sha256 ${targets.sha256.slice(0, 12)})`,
  );
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
  // The fleet page is measured in a browser: the backend serves the app's bundle.
  buildAppIfStale(log);
  log('starting the dev portal backend');
  const portal = await startPortal({ environment, namespace });
  const cli = await Cli.create(env, namespace);
  const browser = await launchBrowser();
  try {
    // Memory is compared between 100 apps and N, in the same backend process.
    const baselineApps = options.apps > 100 ? 100 : options.apps;
    const first = await deployFleet(
      portal,
      environment,
      { from: 0, to: baselineApps },
      { concurrency: 8, log },
    );
    let baseline: Memory['baseline'];
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
      statusPairs: options.statusPairs,
      pairs: options.pairs,
      concurrency: 50,
      concurrentRequests: 2000,
    };
    log('warming up (JIT, connections, caches; each CLI command once)');
    await warmUp(portal, environment, options.apps);
    await warmUpCli(portal, cli, environment);
    const runs: RunResult[] = [];
    const measuring = performance.now();
    const loadBefore = loadavg()[0];
    for (let run = 1; run <= options.runs; run++) {
      log(`run ${run} of ${options.runs}`);
      const measured = await measureRun(portal, cli, {
        environment,
        apps: options.apps,
        samples,
        log,
      });
      const fleetPage = await measureFleetPage(browser, portal.baseUrl, {
        apps: options.apps,
        samples: FLEET_PAGE_SAMPLES,
      });
      log(
        `fleet page: ${FLEET_PAGE_SAMPLES} loads each way, from the sidebar ${fleetPage.fromSidebar
          .map(ms => ms.toFixed(0))
          .join(', ')} ms`,
      );
      runs.push({ ...measured, fleetPage });
    }
    const loadAverage = {
      before: loadBefore,
      after: loadavg()[0],
    };
    const measuringSeconds = (performance.now() - measuring) / 1000;
    log(`measured in ${measuringSeconds.toFixed(0)} s`);
    const now = await settledMemory(portal);
    const releases = Array.from({ length: options.apps }, (_, i) =>
      appRelease(environment, i),
    );
    const cache = await cacheFootprint(env, namespace, releases);
    log(`cache: ${cache.bytes} bytes for ${JSON.stringify(cache.counts)}`);
    const grown = options.apps - (baseline?.apps ?? 0);
    const memory: Memory = {
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
    const figures = computeFigures(runs, memory);
    const results = evaluateTargets(targets.targets, figures, options.apps);
    const report: BenchReport = {
      date: new Date().toISOString().slice(0, 10),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        loadAverage,
      },
      apps: options.apps,
      replicasPerApp: 2,
      runs: options.runs,
      pairs: { status: options.statusPairs, others: options.pairs },
      setup,
      measuringSeconds,
      rows: summarise(runs),
      figures,
      memory,
      targets: {
        file: targets.file,
        sha256: targets.sha256,
        results,
        exitCode: exitCode(results),
      },
      samples: runs.map(rounded),
    };
    process.stdout.write(`${markdown(report)}\n`);
    if (options.json) {
      writeFileSync(
        fromCaller(options.json),
        `${JSON.stringify(report, null, 2)}\n`,
      );
    }
    return report.targets.exitCode;
  } finally {
    await browser.close();
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

/** Each CLI command once (and its binary read from disk) before it is measured. */
async function warmUpCli(portal: Portal, cli: Cli, environment: string) {
  const release = appRelease(environment, 0);
  await cli.status(release);
  await cli.allApps();
  await cli.logs(release, 100);
  await cli.metrics(release);
  const rendered = await portal.call(
    'POST',
    '/render',
    appRequest(environment, 0),
  );
  if (rendered.status !== 200)
    throw new Error(`POST /render: ${JSON.stringify(rendered.body)}`);
  await cli.deploy(release, rendered.body.values);
}

/** A run's durations to the hundredth of a millisecond, for the JSON report. */
function rounded(run: RunResult): RunResult {
  const r = (values: number[]) => values.map(v => Math.round(v * 100) / 100);
  const pairs = (p: RunResult['status']) => ({
    backend: r(p.backend),
    cli: r(p.cli),
  });
  return {
    status: pairs(run.status),
    apps: pairs(run.apps),
    logs: pairs(run.logs),
    metrics: pairs(run.metrics),
    deploy: pairs(run.deploy),
    concurrent: {
      durations: r(run.concurrent.durations),
      perSecond: run.concurrent.perSecond,
      firstBurst: r(run.concurrent.firstBurst),
    },
    fleetPage: {
      fromSidebar: r(run.fleetPage.fromSidebar),
      byUrl: r(run.fleetPage.byUrl),
    },
  };
}

main().then(
  code => {
    // A missed target fails the run (2); the figures are printed all the same.
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
