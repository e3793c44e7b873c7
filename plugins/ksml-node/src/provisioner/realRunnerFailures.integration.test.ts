import {
  DeployRequest,
  deployRequestSchema,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  doublingDefinition,
  KafkaFixture,
  loadTestbedEnv,
  RealNode,
  realRunnerValues,
  requireRealNode,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
} from '@ksml-backstage/testbed';
import { HelmCli } from '../helm/HelmCli';
import { KsmlProvisioner } from './KsmlProvisioner';
import { statusesUntil } from '../__testUtils__/statusesUntil';

// Real failures of real KSML runners (KSML 1.3.0 on the test bed's real node), each caused for
// real, each diagnosed in the status with a reason and a hint, quoting the runner where it
// speaks. The apps are deployed together (a JVM start each, on a small machine) and each test
// waits for its own diagnosis. A wrong SASL password is in realRunners.integration.test.ts.
describe('real runner failures, diagnosed', () => {
  let node: RealNode;
  let kube: TestbedKube;
  let kafka: KafkaFixture;
  let namespace: string;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;
  let input: string;
  let output: string;
  let kafkaUser: { username: string; password: string };
  const apps: Record<string, DeployRequest> = {};

  const request = (
    application: string,
    definition: string,
    override: Partial<DeployRequest> = {},
  ): DeployRequest => ({
    ...deployRequestSchema.parse({
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application,
      definition: doublingDefinition(input, output),
      kafkaProperties: {
        'bootstrap.servers': node.kafkaBootstrap,
        'application.id': `${namespace}-${application}`,
        'session.timeout.ms': '6000',
      },
    }),
    // As deployed by other means than the portal (a GitOps repository, an older backend): the
    // backend's own checks would refuse some of these before a deploy.
    definition,
    ...override,
  });

  /** The host the runners reach the broker on, at a port where nothing listens. */
  const unreachableBroker = () =>
    `${node.kafkaBootstrap.slice(0, node.kafkaBootstrap.lastIndexOf(':'))}:1`;

  /** Polls the app's status until `done` holds; the last status. */
  const statusUntil = async (
    app: DeployRequest,
    done: (s: KsmlStatusResponse) => boolean,
    description: string,
  ) =>
    (
      await statusesUntil(provisioner, app, done, {
        description,
        timeoutMs: 240_000,
      })
    ).at(-1)!;

  beforeAll(async () => {
    const env = loadTestbedEnv();
    node = requireRealNode(env);
    kube = await connectKube(env);
    kafka = new KafkaFixture(env.kafka);
    namespace = await createTestNamespace(kube, 'runner-failures');
    await createRunnerPullSecret(kube, env, namespace);
    input = `${namespace}-in`;
    output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    // The app "authorization" signs in as a user the broker's ACLs allow everything a Streams
    // app needs (its group and internal topics, writing the output, describing the input) but
    // reading its input topic.
    kafkaUser = env.kafka.limited;
    const authorizationId = `${namespace}-authorization`;
    await kafka.allow(`User:${kafkaUser.username}`, [
      { resource: 'GROUP', name: `${authorizationId}*`, operations: ['ALL'] },
      { resource: 'TOPIC', name: `${authorizationId}*`, operations: ['ALL'] },
      { resource: 'TOPIC', name: output, operations: ['WRITE', 'DESCRIBE'] },
      { resource: 'TOPIC', name: input, operations: ['DESCRIBE'] },
    ]);
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 120,
    });
    const values = realRunnerValues(node);
    provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, namespace),
      customValues: values,
      // The environment "broken-image" names a tag the registry does not have.
      environmentValues: environment =>
        environment === 'broken-image'
          ? { image: { ...(values.image as object), tag: 'no-such-tag' } }
          : undefined,
      // Read every second; 5 s to answer, as in realRunnerSuite.
      streams: { intervalMs: 1000, timeoutMs: 5000 },
    });
    const valid = doublingDefinition(input, output);
    Object.assign(apps, {
      topology: request('topology', valid.replace('to: doubled', 'to: dubled')),
      python: request(
        'python',
        [
          'streams:',
          `  readings: {topic: ${input}, keyType: string, valueType: json}`,
          `  checked: {topic: ${output}, keyType: string, valueType: json}`,
          'functions:',
          '  check:',
          '    type: valueTransformer',
          '    code: |',
          '      if value["value"] == 1:',
          '        raise ValueError("value one is not allowed")',
          '    expression: value',
          '    resultType: json',
          'pipelines:',
          '  check:',
          '    from: readings',
          '    via:',
          '      - type: mapValues',
          '        mapper: check',
          '    to: checked',
        ].join('\n'),
      ),
      unreachable: request('unreachable', valid, {
        kafkaProperties: {
          // The broker's host, a port where nothing listens.
          'bootstrap.servers': unreachableBroker(),
          'application.id': `${namespace}-unreachable`,
        },
      }),
      image: request('image', valid, { environment: 'broken-image' }),
      authorization: request('authorization', valid, {
        kafkaProperties: {
          'bootstrap.servers': node.kafkaSaslBootstrap,
          'application.id': `${namespace}-authorization`,
          'security.protocol': 'SASL_PLAINTEXT',
          'sasl.mechanism': 'PLAIN',
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="${kafkaUser.username}" password="${kafkaUser.password}";`,
        },
      }),
      memory: request('memory', valid, {
        resources: { limits: { memory: '96Mi' }, requests: { memory: '96Mi' } },
      }),
    });
    for (const app of Object.values(apps)) await provisioner.deploy(app);
  }, 240_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await provisioner?.close();
    await helm?.close();
    await kafka?.deleteTopics([input, output]).catch(() => undefined);
  }, 60_000);

  it("a topology error: Failing with KSML's own parse error", async () => {
    const status = await statusUntil(
      apps.topology,
      s => s.kubernetes.reason === 'DefinitionError',
      'the topology error to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      message: expect.stringContaining('Unknown target topic "dubled"'),
      hint: expect.stringContaining('definition'),
    });
  }, 300_000);

  it('an error in a Python function: Failing, naming the function, the exception and its line', async () => {
    // Running first; then a record makes the function raise.
    await statusUntil(
      apps.python,
      s => s.kubernetes.streams?.[0]?.state === 'RUNNING',
      'the python app to run',
    );
    await kafka.produce(input, [3]);
    const status = await statusUntil(
      apps.python,
      s => s.kubernetes.reason === 'FunctionError',
      'the Python error to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      message: expect.stringMatching(
        /^function python\.check raised ValueError: value one is not allowed \(line \d+ of the Python KSML generates for it\)$/,
      ),
      hint: expect.stringContaining('Python function'),
      logTail: expect.any(String),
    });
  }, 300_000);

  it('brokers it cannot reach: Starting, BrokerUnreachable, naming the address', async () => {
    const status = await statusUntil(
      apps.unreachable,
      s => s.kubernetes.reason === 'BrokerUnreachable',
      'the unreachable broker to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Starting',
      message: expect.stringContaining(unreachableBroker()),
      hint: expect.stringContaining('bootstrap.servers'),
    });
  }, 300_000);

  it('a topic its principal may not read: Failing, KafkaAuthorizationFailed, naming the topic', async () => {
    const status = await statusUntil(
      apps.authorization,
      s => s.kubernetes.reason === 'KafkaAuthorizationFailed',
      'the refused read to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      message: expect.stringMatching(
        new RegExp(`Not authorized to access topics: \\[${input}\\]`),
      ),
      hint: expect.stringContaining('ACLs'),
    });
    // The password reached the runner through the app's Secret, never the status.
    expect(JSON.stringify(status)).not.toContain(kafkaUser.password);
  }, 300_000);

  it('an image that cannot be pulled: Failing, with the registry hint', async () => {
    const status = await statusUntil(
      apps.image,
      s => /ImagePull|ErrImagePull/.test(s.kubernetes.reason ?? ''),
      'the pull failure to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      message: expect.stringContaining('no-such-tag'),
      hint: expect.stringContaining('image'),
    });
  }, 300_000);

  it('a runner killed at its memory limit: Failing, OOMKilled, with the limit hint', async () => {
    const status = await statusUntil(
      apps.memory,
      s => s.kubernetes.reason === 'OOMKilled',
      'the OOM kill to be diagnosed',
    );
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      hint: expect.stringContaining('resources.limits.memory'),
    });
  }, 300_000);
});
