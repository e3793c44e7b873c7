import { publicChartDir } from '@ksml-backstage/testbed';
import { readChartFiles } from '../helm/chartFiles';
import { ChartValuesSchema, coalesce } from './valuesSchema';

// The public KSML chart's values.yaml and values.schema.json, read from its folder: no cluster,
// no helm.
const chartDir = publicChartDir();

const app = {
  ksmlRunnerConfig: {
    definitions: { a: 'a.yaml' },
    kafka: { 'application.id': 'x', 'bootstrap.servers': 'b:9092' },
  },
  ksmlDefinitions: { 'a.yaml': 'pipelines: {}' },
};

describe('ChartValuesSchema', () => {
  let schema: ChartValuesSchema;
  beforeAll(async () => {
    schema = ChartValuesSchema.compile(await readChartFiles(chartDir));
  });

  it('accepts values that fill the chart defaults in, in any deploymentMode case', () => {
    expect(schema.problems(app)).toEqual([]);
    expect(schema.problems({ ...app, deploymentMode: 'job' })).toEqual([]);
  });

  it.each([
    [
      { prometheus: { port: 9999 } },
      'prometheus.port: must be a string (got integer)',
    ],
    [
      { applicationServer: { port: 8080 } },
      'applicationServer.port: must be a string (got integer)',
    ],
    [{ replicaCount: '2' }, 'replicaCount: must be a integer (got string)'],
    [
      { job: { ttlSecondsAfterFinished: -1 } },
      'job.ttlSecondsAfterFinished: must be >= 0',
    ],
    [{ deploymentMode: 'Deployment' }, 'deploymentMode: must match pattern'],
    [
      { logging: { rootLogLevel: 'LOUD' } },
      'logging.rootLogLevel: must be one of "TRACE"',
    ],
    [
      { ksmlRunnerConfig: { ...app.ksmlRunnerConfig, definitions: {} } },
      'ksmlRunnerConfig.definitions: must NOT have fewer than 1 properties',
    ],
    [
      {
        ksmlRunnerConfig: {
          ...app.ksmlRunnerConfig,
          kafka: { 'application.id': 'x' },
        },
      },
      'ksmlRunnerConfig.kafka["bootstrap.servers"]: is required',
    ],
    [
      {
        ksmlRunnerConfig: {
          ...app.ksmlRunnerConfig,
          kafka: { ...app.ksmlRunnerConfig.kafka, 'x.y': { a: 1 } },
        },
      },
      'ksmlRunnerConfig.kafka["x.y"]: must be a string or number or boolean',
    ],
  ])('refuses %j naming the path', (override, message) => {
    const problems = schema.problems({ ...app, ...override });
    expect(problems.join('; ')).toContain(message);
  });

  it('says when a problem comes from the custom values file', () => {
    const custom = { prometheus: { port: 9999 } };
    expect(schema.problems({ ...app, ...custom }, custom)).toEqual([
      'prometheus.port: must be a string (got integer) (set in the custom values file)',
    ]);
  });

  it('accepts anything for a chart without a schema', () => {
    expect(
      ChartValuesSchema.compile({ defaults: {} }).problems({
        replicaCount: 'x',
      }),
    ).toEqual([]);
  });
});

describe('coalesce', () => {
  it('merges maps, replaces the rest and deletes on null, as Helm does', () => {
    expect(
      coalesce(
        { a: { b: 1, c: 2 }, list: [1, 2], gone: { x: 1 } },
        { a: { c: 3 }, list: [3], gone: null },
      ),
    ).toEqual({ a: { b: 1, c: 3 }, list: [3] });
  });
});
