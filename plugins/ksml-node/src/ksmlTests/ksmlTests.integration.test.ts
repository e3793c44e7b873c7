import {
  DeployRequest,
  deployRequestSchema,
  KSML_STARTERS,
  starterDefinition,
  starterTests,
} from '@ksml-backstage/plugin-ksml-common';
import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  doublingDefinition,
  loadTestbedEnv,
  RealNode,
  realRunnerValues,
  requireRealNode,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
} from '@ksml-backstage/testbed';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelmCli } from '../helm/HelmCli';
import { KsmlProvisioner } from '../provisioner/KsmlProvisioner';
import { polyglotVersion } from './jvmOptions';
import { KsmlTests } from './KsmlTests';

// KSML's own test runner (ksml-test-runner of KSML 1.3.0, built by the test bed without
// Confluent's serializers: ADR 17, ADR 26) on the tests of a request: in a JVM beside the
// backend, and as a Job with the runner image on the test bed's real node.

const SENSOR_DATA = readFileSync(
  join(
    __dirname,
    '../../../../templates/ksml-app/skeleton/schemas/SensorData.avsc',
  ),
  'utf8',
);

/** A JSON suite for the doubling definition: `expected` is what the test asserts. */
const doublingSuite = (
  definition: string,
  from: string,
  to: string,
  expected: number,
) => `definition: ${definition}
streams:
  readings: {topic: ${from}, keyType: string, valueType: json}
  doubled: {topic: ${to}, keyType: string, valueType: json}
tests:
  doubles:
    description: a reading of 21 comes out doubled
    produce:
      - to: readings
        messages:
          - key: k
            value: {value: 21}
    assert:
      - on: doubled
        code: |
          assert records[0]["value"]["doubled"] == ${expected}, f"doubled is {records[0]['value']['doubled']}"
`;

const request = (fields: Record<string, unknown>): DeployRequest =>
  deployRequestSchema.parse({
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensors',
    kafkaProperties: { 'bootstrap.servers': 'kafka:9092' },
    ...fields,
  });

describe('KSML tests in a JVM beside the backend', () => {
  let env: TestbedEnv;
  let tests: KsmlTests;

  beforeAll(() => {
    env = loadTestbedEnv();
    const home = join(env.bin, 'ksml-runner');
    tests = new KsmlTests({
      local: { home, javaHome: join(home, 'java-home') },
    });
  });

  it.each(KSML_STARTERS.filter(s => starterTests(s, { application: 'a' })))(
    'the %s starter passes the tests it ships with',
    async starter => {
      const options = { application: 'sensors' };
      const report = await tests.run(
        request({
          definition: starterDefinition(starter, options),
          schemas: [
            { schemaFileName: 'SensorData.avsc', schemaBody: SENSOR_DATA },
          ],
          tests: { starter: starterTests(starter, options) },
        }),
        () => Promise.reject(new Error('runs locally')),
      );
      expect(report).toMatchObject({
        passed: true,
        ranOn: 'local',
        counts: { passed: 1, failed: 0, errors: 0 },
      });
    },
    120_000,
  );

  it("reports a failed assertion and a suite KSML cannot read, each in KSML's words", async () => {
    const report = await tests.run(
      request({
        definitions: { doubling: doublingDefinition('in', 'out') },
        tests: {
          right: doublingSuite('doubling', 'in', 'out', 42),
          wrong: doublingSuite('doubling.yaml', 'in', 'out', 43),
          unread: doublingSuite('doubling', 'in', 'out', 42).replace(
            '- to: readings',
            '- to: nowhere',
          ),
        },
      }),
      () => Promise.reject(new Error('runs locally')),
    );
    expect(report.passed).toBe(false);
    expect(report.counts).toEqual({ passed: 1, failed: 1, errors: 1 });
    const bySuite = Object.fromEntries(report.results.map(r => [r.suite, r]));
    expect(bySuite.right).toEqual({
      suite: 'right',
      test: 'a reading of 21 comes out doubled',
      status: 'PASS',
    });
    expect(bySuite.wrong).toMatchObject({
      status: 'FAIL',
      message: 'AssertionError: doubled is 42',
    });
    expect(bySuite.unread).toMatchObject({
      status: 'ERROR',
      message: expect.stringContaining('nowhere'),
    });
  }, 120_000);
});

describe('KSML tests as a Job on the real node', () => {
  let env: TestbedEnv;
  let node: RealNode;
  let kube: TestbedKube;
  let namespace: string;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;

  beforeAll(async () => {
    env = loadTestbedEnv();
    node = requireRealNode(env);
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'ksml-tests');
    await createRunnerPullSecret(kube, env, namespace);
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 120,
    });
    const libs = readdirSync(join(env.bin, 'ksml-runner', 'libs'));
    provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, namespace),
      customValues: realRunnerValues(node),
      tests: {
        runOn: 'cluster',
        // The test bed's runner image is a stock JDK, not GraalVM (ADR 18, ADR 26).
        clusterJavaOptions: [`-Dorg.graalvm.version=${polyglotVersion(libs)}`],
      },
    });
  }, 120_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await provisioner?.close();
    await helm?.close();
  }, 60_000);

  const doubling = (expected: number, fields: Record<string, unknown> = {}) =>
    request({
      application: `doubling-${expected}`,
      definition: doublingDefinition(`${namespace}-in`, `${namespace}-out`),
      kafkaProperties: { 'bootstrap.servers': node.kafkaBootstrap },
      tests: {
        doubling: doublingSuite(
          `doubling-${expected}`,
          `${namespace}-in`,
          `${namespace}-out`,
          expected,
        ),
      },
      ...fields,
    });

  /** The test runs' Jobs and ConfigMaps left in the namespace. */
  const leftovers = async () => {
    const selector = { labelSelector: 'app.kubernetes.io/name=ksml-test' };
    const jobs = await kube.batch.listNamespacedJob({ namespace, ...selector });
    const maps = await kube.core.listNamespacedConfigMap({
      namespace,
      ...selector,
    });
    return [...jobs.items, ...maps.items].map(o => o.metadata?.name);
  };

  it("runs the app's tests with its runner image on its cluster, and leaves nothing behind", async () => {
    const report = await provisioner.test(doubling(42));
    expect(report).toMatchObject({
      passed: true,
      ranOn: 'cluster',
      results: [
        {
          suite: 'doubling',
          test: 'a reading of 21 comes out doubled',
          status: 'PASS',
        },
      ],
    });
    expect(await leftovers()).toEqual([]);
  }, 300_000);

  it('refuses a deploy that requires its tests when one fails, installing nothing', async () => {
    const app = doubling(43, { requireTests: true });
    await expect(provisioner.deploy(app)).rejects.toMatchObject({
      name: 'InputError',
      reason: 'TestsFailed',
      message: expect.stringMatching(
        /^tests: 1 of 1 tests did not pass, and requireTests is set: doubling › a reading of 21 comes out doubled: FAIL \(AssertionError: doubled is 42\)$/,
      ),
    });
    await expect(provisioner.status(app)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(await leftovers()).toEqual([]);
  }, 300_000);

  it('deploys when the required tests pass, with their report', async () => {
    const result = await provisioner.deploy(
      doubling(42, { requireTests: true }),
    );
    expect(result.tests).toMatchObject({ passed: true, ranOn: 'cluster' });
    expect(result.helm.revision).toBe(1);
  }, 300_000);
});
