import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  KafkaFixture,
  loadTestbedEnv,
  OwnKafkaBroker,
  startOwnKafkaBroker,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// KSML insight against real Kafka brokers: the preflight before a deploy, the consumer lag of
// an app's group, and what a stopped broker does to the KSML tab's routes. The backend reaches
// the shared broker as an admin over its SASL listener; environment `gone` has a broker of its
// own that the test stops.
describe('KSML insight on a real Kafka broker', () => {
  const env = loadTestbedEnv();
  const kafka = new KafkaFixture(env.kafka);
  let own: OwnKafkaBroker;
  let server: TestbedBackend['server'];
  let stopBackend: (() => Promise<void>) | undefined;
  const logged: string[] = [];
  const responses: string[] = [];
  const run = randomBytes(4).toString('hex');
  const input = `orders-${run}`;
  const output = `orders-checked-${run}`;

  /** A definition reading `topic` into a filter and writing `output`. */
  const app = (application: string, topic: string, extra: object = {}) => ({
    ...readmeDeployRequest,
    application,
    definition: `
streams:
  orders: {topic: ${topic}, keyType: string, valueType: json}
  checked: {topic: ${output}, keyType: string, valueType: json}
functions:
  present: {type: predicate, expression: 'value is not None'}
pipelines:
  check:
    from: orders
    via:
      - {type: filter, if: present}
    to: checked
`,
    schemas: [],
    kafkaProperties: {
      ...readmeDeployRequest.kafkaProperties,
      'bootstrap.servers': env.kafka.bootstrap,
      'application.id': `io.axual.${application}-${run}`,
    },
    ...extra,
  });
  const query = (application: string, environment = 'dev') =>
    new URLSearchParams({
      tenant: readmeDeployRequest.tenant,
      instance: readmeDeployRequest.instance,
      environment,
      application,
    }).toString();
  /** Sends a request and keeps its response for the secret scan. */
  const send = async (test: request.Test) => {
    const res = await test;
    responses.push(`${res.status} ${res.text}`);
    return res;
  };
  const capturing = (): LoggerService => {
    const keep = (message: string, meta?: unknown) =>
      void logged.push(`${message} ${JSON.stringify(meta ?? {})}`);
    const logger: LoggerService = {
      error: keep,
      warn: keep,
      info: keep,
      debug: keep,
      child: () => logger,
    };
    return logger;
  };

  beforeAll(async () => {
    own = await startOwnKafkaBroker();
    try {
      const backend = await startTestbedBackend({
        namespacePrefix: 'insight',
        environments: {
          dev: {
            kafka: {
              bootstrapServers: env.kafka.saslBootstrap,
              securityProtocol: 'SASL_PLAINTEXT',
              sasl: {
                mechanism: 'PLAIN',
                username: env.kafka.username,
                password: env.kafka.password,
              },
            },
          },
          gone: {
            kafka: { bootstrapServers: own.bootstrap, timeoutSeconds: 2 },
          },
          // No Kafka connection: no preflight, and lag is a 404.
          bare: {},
        },
        features: [
          mockServices.rootLogger.mock(capturing()).factory,
          mockServices.logger.mock(capturing()).factory,
        ],
      });
      server = backend.server;
      stopBackend = backend.stop;
    } catch (error) {
      await own.remove();
      throw error;
    }
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await own?.remove();
    await kafka.deleteTopics([input, output]).catch(() => undefined);
  }, 60_000);

  it('refuses a deploy whose input topic is missing, applying nothing, and deploys once it exists', async () => {
    const refused = await send(
      request(server).post('/api/ksml/deploy').send(app('orders', input)),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      // The environment, its Kafka as the backend's config names it (another listener than the
      // app's own bootstrap.servers), and how to go on.
      `definition: reads topic ${input}, which the Kafka cluster of environment dev lacks: the backend checked ${env.kafka.saslBootstrap}, as ksml.environments.dev.kafka configures it (the app's own bootstrap.servers, ${env.kafka.bootstrap}, may be another listener of it); create it first, or deploy anyway: tick "Deploy even if input topics are missing" on the template's form, or set allowMissingTopics`,
    );
    // Nothing applied, nothing recorded.
    expect(
      (await send(request(server).get(`/api/ksml/status?${query('orders')}`)))
        .status,
    ).toBe(404);
    expect(
      (await send(request(server).get(`/api/ksml/history?${query('orders')}`)))
        .body.items,
    ).toEqual([]);

    // The same in a render (the scaffolder's dry run), and allowMissingTopics turns it into a warning.
    const rendered = await send(
      request(server).post('/api/ksml/render').send(app('orders', input)),
    );
    expect(rendered.status).toBe(400);
    expect(rendered.body.error.message).toContain(`reads topic ${input}`);
    const allowed = await send(
      request(server)
        .post('/api/ksml/render')
        .send(app('orders', input, { allowMissingTopics: true })),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.warnings).toContain(
      `Input topic ${input} does not exist on the Kafka cluster of environment dev (${env.kafka.saslBootstrap}): the app fails until it exists`,
    );

    await kafka.createTopics([input], 3);
    const deployed = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send(app('orders', input, { replicas: 4 })),
    );
    expect([deployed.status, deployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(deployed.body.warnings).toEqual(
      expect.arrayContaining([
        `Output topic ${output} does not exist on the Kafka cluster of environment dev (${env.kafka.saslBootstrap}): writing fails unless the cluster creates topics`,
        '4 replicas, but the input topics have 3 partitions in all (at most 3 stream tasks): 1 replica will idle',
      ]),
    );
  }, 120_000);

  it('measures the lag of the app group exactly, a partition without commit from its earliest offset', async () => {
    await kafka.produce(input, [5, 7, 4]);
    const groupId = `io.axual.orders-${run}`;
    // Partition 2 never committed.
    await kafka.commit(groupId, input, { 0: 3, 1: 7 });

    const res = await send(
      request(server).get(`/api/ksml/lag?${query('orders')}`),
    );
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    expect(res.body).toMatchObject({
      groupId,
      total: 6,
      missingTopics: [],
      topics: [
        {
          topic: input,
          lag: 6,
          partitions: [
            {
              partition: 0,
              earliestOffset: 0,
              endOffset: 5,
              committedOffset: 3,
              lag: 2,
            },
            {
              partition: 1,
              earliestOffset: 0,
              endOffset: 7,
              committedOffset: 7,
              lag: 0,
            },
            { partition: 2, earliestOffset: 0, endOffset: 4, lag: 4 },
          ],
        },
      ],
    });
    expect(res.body.topics[0].partitions[2]).not.toHaveProperty(
      'committedOffset',
    );
    expect(Date.now() - Date.parse(res.body.measuredAt)).toBeLessThan(60_000);
    expect(res.body.history).toEqual([{ at: res.body.measuredAt, total: 6 }]);

    // The topology the lag follows is the deployed one.
    const topology = await send(
      request(server).get(`/api/ksml/topology?${query('orders')}`),
    );
    expect(topology.status).toBe(200);
    expect(topology.body.applicationId).toBe(groupId);
    expect(topology.body.topology.inputTopics).toEqual([input]);
    expect(topology.body.topology.outputTopics).toEqual([output]);
  }, 60_000);

  it('answers 404 for lag where no Kafka connection is configured', async () => {
    const deployed = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send({ ...app('bare-app', `nowhere-${run}`), environment: 'bare' }),
    );
    expect([deployed.status, deployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]); // no connection: no preflight
    const res = await send(
      request(server).get(`/api/ksml/lag?${query('bare-app', 'bare')}`),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('NoKafkaConnection');
    expect(res.body.error.message).toBe(
      'No Kafka connection is configured for environment bare (ksml.environments.bare.kafka or ksml.kafka): lag cannot be measured',
    );
  }, 60_000);

  it('with its broker stopped, lag is a clear 503 and the rest of the tab works', async () => {
    await new KafkaFixture(own).createTopics([input], 1);
    const deployed = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send({ ...app('gone-app', input), environment: 'gone' }),
    );
    expect([deployed.status, deployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    await own.stop();

    const lag = await send(
      request(server).get(`/api/ksml/lag?${query('gone-app', 'gone')}`),
    );
    expect(lag.status).toBe(503);
    expect(lag.body.error.message).toMatch(
      new RegExp(
        `^the Kafka cluster of environment gone \\(${own.bootstrap}\\) cannot be reached: .+`,
      ),
    );
    for (const route of [
      'status',
      'topology',
      'events',
      'history',
      'revisions',
    ]) {
      const res = await send(
        request(server).get(`/api/ksml/${route}?${query('gone-app', 'gone')}`),
      );
      expect([route, res.status]).toEqual([route, 200]);
    }
    // A deploy is not held up by a check it cannot make: it warns.
    const redeployed = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send({ ...app('gone-app', input), environment: 'gone', replicas: 2 }),
    );
    expect([redeployed.status, redeployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(redeployed.body.warnings[0]).toMatch(
      /^Topics were not checked: the Kafka cluster of environment gone .* cannot be reached/,
    );
  }, 90_000);

  it("answers a form's preflight per environment: running, missing input topics, an unreachable Kafka as a warning", async () => {
    const missing = `missing-${run}`;
    const res = await send(
      request(server)
        .post('/api/ksml/preflight')
        .send({
          tenant: readmeDeployRequest.tenant,
          instance: readmeDeployRequest.instance,
          application: 'gone-app',
          environments: ['dev', 'gone', 'bare', 'qa'],
          definition: app('gone-app', missing).definition,
        }),
    );
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    const [dev, gone, bare, qa] = res.body.items;
    expect(dev).toEqual({
      environment: 'dev',
      release: `${readmeDeployRequest.tenant}-${readmeDeployRequest.instance}-dev-gone-app-ksml`,
      deployed: false,
      kafka: `${env.kafka.saslBootstrap} from ksml.environments.dev.kafka`,
      missingInputTopics: [missing],
      warnings: [
        `Output topic ${output} does not exist on the Kafka cluster of environment dev (${env.kafka.saslBootstrap}): writing fails unless the cluster creates topics`,
      ],
    });
    // Its broker is stopped (the test before): the app still runs there, the topics are unknown.
    expect(gone).toMatchObject({
      environment: 'gone',
      deployed: true,
      kafka: `${own.bootstrap} from ksml.environments.gone.kafka`,
      missingInputTopics: [],
    });
    expect(gone.warnings[0]).toMatch(
      /^Topics were not checked: the Kafka cluster of environment gone .* cannot be reached/,
    );
    expect(gone.error).toBeUndefined();
    expect(bare).toMatchObject({
      environment: 'bare',
      deployed: false,
      missingInputTopics: [],
      warnings: [],
    });
    expect(bare).not.toHaveProperty('kafka');
    // An environment the backend does not know: its error (nothing read there), the others
    // still answered.
    expect(qa).toMatchObject({ deployed: false, missingInputTopics: [] });
    expect(qa).not.toHaveProperty('kafka');
    expect(qa.error).toMatch(/"qa" is not configured/);
  }, 60_000);

  it('kept the SASL password out of every response and log line', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(logged.length).toBeGreaterThan(0);
    for (const text of [...responses, ...logged]) {
      expect(text).not.toContain(env.kafka.password);
    }
  });
});
