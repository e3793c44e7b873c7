import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import {
  HelmCli,
  KsmlProvisioner,
  KubeClient,
  RUNNER_SERIES,
  runnerReading,
} from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  doublingDefinition,
  KafkaFixture,
  kubectl,
  loadTestbedEnv,
  realRunnerValues,
  requireRealNode,
  testbedOciChart,
  testbedTarget,
  waitFor,
} from '@ksml-backstage/testbed';
import { percentile } from './stats';

// `npm run bench:runner-metrics [-- --reads N]`: what reading a real KSML runner's metrics costs,
// as the backend's StreamsWatch reads them (ADR 24): one real runner on the test bed's real node,
// read through the API server's pod proxy by the backend's client and parsed, against
// `kubectl get --raw` of the same URL, interleaved in the same run. Then what that costs for
// 50 apps of 2 replicas, each read every 15 s: requests per minute to the API server and the
// backend's CPU. Prints a markdown table (stdout) and progress (stderr).

const INTERVAL_MS = 15_000;
const APPS = 50;
const REPLICAS = 2;

function log(line: string) {
  process.stderr.write(`[runner-metrics] ${line}\n`);
}

function parseReads(argv: string[]): number {
  const at = argv.indexOf('--reads');
  const reads = at < 0 ? 200 : Number(argv[at + 1]);
  if (!Number.isInteger(reads) || reads < 10) {
    throw new Error('--reads: a whole number from 10');
  }
  return reads;
}

async function main() {
  const reads = parseReads(process.argv.slice(2));
  const env = loadTestbedEnv();
  const node = requireRealNode(env);
  const kube = await connectKube(env);
  const kafka = new KafkaFixture(env.kafka);
  const namespace = await createTestNamespace(kube, 'bench-metrics');
  const input = `${namespace}-in`;
  const output = `${namespace}-out`;
  const helm = HelmCli.create({
    binary: env.helmBinary,
    chart: testbedOciChart(env),
    timeoutSeconds: 120,
  });
  const provisioner = KsmlProvisioner.create({
    helm,
    resolveTarget: () => testbedTarget(env, namespace),
    customValues: realRunnerValues(node),
  });
  const client = await KubeClient.create(testbedTarget(env, namespace));
  try {
    await createRunnerPullSecret(kube, env, namespace);
    await kafka.createTopics([input, output]);
    const request = deployRequestSchema.parse({
      tenant: 'bench',
      instance: 'metrics',
      environment: 'dev',
      application: 'doubling',
      definition: doublingDefinition(input, output),
      kafkaProperties: {
        'bootstrap.servers': node.kafkaBootstrap,
        'application.id': `${namespace}-doubling`,
      },
    });
    log('deploying one real runner');
    const { helm: release } = await provisioner.deploy(request);
    await waitFor(
      async () => {
        const status = await provisioner.status(request);
        return status.kubernetes.streams?.[0]?.state === 'RUNNING'
          ? status
          : undefined;
      },
      {
        description: 'the runner to be RUNNING',
        timeoutMs: 240_000,
        intervalMs: 2000,
      },
    );
    // Records through the pipeline, so the throughput series have values.
    await kafka.produce(input, [20]);
    await kafka.readRecords(output, 20);
    const pod = `${release.name}-0`;
    const port = 9999;
    const query = RUNNER_SERIES.map(
      name => `name[]=${encodeURIComponent(name)}`,
    ).join('&');
    const rawPath = `/api/v1/namespaces/${namespace}/pods/${pod}:${port}/proxy/metrics?${query}`;

    const ours = { wall: [] as number[], cpu: [] as number[], bytes: 0 };
    const cli: number[] = [];
    const readOurs = async () => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const text = await client.readRunnerMetrics(
        pod,
        port,
        RUNNER_SERIES,
        AbortSignal.timeout(3000),
      );
      const reading = runnerReading(text);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (reading.streams.state !== 'RUNNING') {
        throw new Error(`the runner reads ${reading.streams.state}`);
      }
      return {
        wall,
        cpu: (used.user + used.system) / 1000,
        bytes: text.length,
      };
    };
    const readCli = async () => {
      const started = performance.now();
      await kubectl(env, ['get', '--raw', rawPath]);
      return performance.now() - started;
    };
    log(`warming up, then ${reads} interleaved pairs`);
    for (let i = 0; i < 5; i++) {
      await readOurs();
      await readCli();
    }
    for (let i = 0; i < reads; i++) {
      const first = i % 2 === 0;
      if (!first) cli.push(await readCli());
      const o = await readOurs();
      ours.wall.push(o.wall);
      ours.cpu.push(o.cpu);
      ours.bytes = o.bytes;
      if (first) cli.push(await readCli());
    }

    const perMinute = ((APPS * REPLICAS) / INTERVAL_MS) * 60_000;
    const cpuMs = percentile(ours.cpu, 50);
    const fmt = (n: number) => n.toFixed(1);
    const p50 = percentile(ours.wall, 50);
    const cliP50 = percentile(cli, 50);
    process.stdout.write(
      [
        `## Reading a real KSML runner's metrics (${reads} interleaved pairs, ${new Date().toISOString()})`,
        '',
        '| figure | backend (client + parse) | kubectl get --raw | ratio |',
        '| --- | --- | --- | --- |',
        `| one reading, p50 | ${fmt(p50)} ms | ${fmt(cliP50)} ms | ${(
          p50 / cliP50
        ).toFixed(2)} |`,
        `| one reading, p95 | ${fmt(percentile(ours.wall, 95))} ms | ${fmt(
          percentile(cli, 95),
        )} ms | ${(percentile(ours.wall, 95) / percentile(cli, 95)).toFixed(
          2,
        )} |`,
        `| backend CPU per reading, p50 (p95) | ${fmt(cpuMs)} ms (${fmt(
          percentile(ours.cpu, 95),
        )} ms) | | |`,
        `| bytes per reading | ${ours.bytes} | | |`,
        '',
        `${APPS} apps of ${REPLICAS} replicas watched, each read every ${
          INTERVAL_MS / 1000
        } s: ${perMinute} requests per minute to the API server (${(
          perMinute / 60
        ).toFixed(1)} per second), and ${fmt(
          ((perMinute * cpuMs) / 60_000) * 100,
        )} % of one core in the backend (${fmt(
          (perMinute * cpuMs) / 1000,
        )} CPU-seconds per minute, p50 per reading).`,
        '',
      ].join('\n'),
    );
  } finally {
    await provisioner.close();
    await helm.close();
    await client.close();
    await kube.core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await kafka.deleteTopics([input, output]).catch(() => undefined);
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
