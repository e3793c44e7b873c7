import {
  deployRequestSchema,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import {
  doublingDefinition,
  requirePrometheus,
  waitFor,
} from '@ksml-backstage/testbed';
import {
  RealRunnerSuite,
  startRealRunnerSuite,
} from '../__testUtils__/realRunnerSuite';
import { PrometheusHistory } from './PrometheusHistory';
import { withHistory } from './throughputHistory';

// The longer history of an app's throughput from a real Prometheus (the test bed's, built from
// its Go module, scraping the real node's runner pods found through the API server) of a real
// KSML runner that processes records the test produces at a known rate.
describe("an app's throughput history from Prometheus", () => {
  let suite: RealRunnerSuite;

  beforeAll(async () => {
    suite = await startRealRunnerSuite('prom-history');
  }, 60_000);

  afterAll(() => suite?.close());

  it('shows the records in and out per second the runner reported, over a range longer than the kept hour', async () => {
    const { kafka, namespace, node, provisioner } = suite;
    const [input, output] = [await suite.topic('in'), await suite.topic('out')];
    const app = deployRequestSchema.parse({
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'prom-app',
      definition: doublingDefinition(input, output),
      kafkaProperties: {
        'bootstrap.servers': node.kafkaBootstrap,
        'application.id': `${namespace}-prom-app`,
      },
    });
    await provisioner.deploy(app);
    await waitFor(
      async () =>
        (await provisioner.status(app)).kubernetes.status === 'Running' ||
        undefined,
      { description: 'the app to be Running', timeoutMs: 150_000 },
    );

    // 10 records a second for 45 s: Kafka's rates (30 s windows) settle near 10 per second.
    const perSecond = 10;
    const started = Date.now();
    for (let second = 0; second < 45; second++) {
      await kafka.produce(input, [perSecond]);
      const next = started + (second + 1) * 1000;
      await new Promise(r => setTimeout(r, Math.max(0, next - Date.now())));
    }

    const prometheus = new PrometheusHistory({ url: requirePrometheus(node) });
    const where = { namespace, release: releaseName(app) };
    const history = await waitFor(
      async () => {
        const points = await prometheus.history({
          ...where,
          rangeSeconds: 600,
        });
        return points.some(p => p.recordsInPerSecond >= perSecond / 2)
          ? points
          : undefined;
      },
      {
        description: 'Prometheus to have scraped the rates',
        timeoutMs: 60_000,
      },
    );
    const peakIn = Math.max(...history.map(p => p.recordsInPerSecond));
    const peakOut = Math.max(...history.map(p => p.recordsOutPerSecond));
    // Within the runner's own sampling: each record goes in once and out once.
    expect(peakIn).toBeGreaterThan(perSecond * 0.5);
    expect(peakIn).toBeLessThan(perSecond * 2);
    expect(peakOut).toBeGreaterThan(perSecond * 0.5);
    expect(peakOut).toBeLessThan(perSecond * 2);
    expect(Math.min(...history.map(p => p.heapUsedBytes))).toBeGreaterThan(0);
    // Before the records there was a runner reporting 0: the trend shows the rise.
    expect(history[0].recordsInPerSecond).toBeLessThan(perSecond / 2);
    for (const [a, b] of history.slice(1).map((p, i) => [history[i], p]))
      expect(Date.parse(b.at)).toBeGreaterThan(Date.parse(a.at));

    // As GET /throughput?range=6h answers it: the target's figures, the trend from Prometheus,
    // at 90 s steps (240 points over 6 hours).
    const response = await withHistory(
      await provisioner.throughput(app),
      where,
      6 * 3600,
      { prometheus, prometheusSetting: 'test' },
    );
    expect(response).toMatchObject({
      historySource: 'prometheus',
      historySeconds: 6 * 3600,
      longerHistory: true,
    });
    expect(response.history.length).toBeGreaterThan(0);
    const times = response.history.map(p => Date.parse(p.at) / 1000);
    for (const [a, b] of times.slice(1).map((t, i) => [times[i], t]))
      expect((b - a) % 90).toBe(0);
    // The newest reading is there: the range ends now, not at a step boundary before it.
    expect(Date.now() - Date.parse(response.history.at(-1)!.at)).toBeLessThan(
      30_000,
    );

    // Another app in the namespace, or none: a release's series are its pods' only.
    const other = await prometheus.history({
      namespace,
      release: 'dizzl-sandbox-dev-other',
      rangeSeconds: 600,
    });
    expect(other).toEqual([]);
  }, 420_000);
});
