import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { loadTestbedEnv } from '@ksml-backstage/testbed';
import { HelmCli } from './helm/HelmCli';

// Spans go through @opentelemetry/api to whatever SDK the host registered; here an in-memory one.
describe('OpenTelemetry spans', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      }),
    );
  });
  afterAll(() => trace.disable());
  beforeEach(() => exporter.reset());

  it('wraps each helm command, marking failures as errors', async () => {
    const env = loadTestbedEnv();
    const helm = HelmCli.create({
      binary: env.helmBinary,
      chart: { kind: 'path', path: env.chart.dir },
    });
    try {
      await helm.template({
        release: 'traced-ksml',
        namespace: 'default',
        values: {
          ksmlRunnerConfig: {
            definitions: { a: 'a.yaml' },
            kafka: { 'application.id': 'x', 'bootstrap.servers': 'b:1' },
          },
          ksmlDefinitions: { 'a.yaml': 'pipelines: {p: {from: s}}' },
        },
      });
      await expect(
        helm.template({
          release: 'broken-ksml',
          namespace: 'default',
          values: {},
        }),
      ).rejects.toThrow(/ksmlRunnerConfig\.definitions: minProperties/);
    } finally {
      await helm.close();
    }
    const spans = exporter.getFinishedSpans().map(s => ({
      name: s.name,
      status: s.status.code,
      attributes: s.attributes,
    }));
    expect(spans).toEqual([
      {
        name: 'helm template',
        status: SpanStatusCode.UNSET,
        attributes: { 'helm.operation': 'template' },
      },
      {
        name: 'helm template',
        status: SpanStatusCode.ERROR,
        attributes: { 'helm.operation': 'template' },
      },
    ]);
  });
});
