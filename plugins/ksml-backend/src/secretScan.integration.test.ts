import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { kafkaSecretName } from '@ksml-backstage/plugin-ksml-node';
import {
  secretFreeSurfaces,
  surfacesHolding,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Knex } from 'knex';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

/** Error objects as text with their message and stack (JSON.stringify gives `{}`). */
const asText = (value: unknown) =>
  JSON.stringify(value, (_, v) =>
    v instanceof Error
      ? { name: v.name, message: v.message, stack: v.stack }
      : v,
  );

// After SASL and mTLS deploys, a redeploy with a rotated secret, a refused body holding a
// secret, a deploy Kubernetes refuses after the Secret was written, a rollback and an undeploy, through the
// real backend on the test bed: no secret value may be found in what the backend logged, its
// audit events, its database rows, its responses, or the namespace's ConfigMaps and Helm's
// release records (values and manifests of every revision).
describe('secrets never leave the Secret', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let kube: TestbedKube;
  let namespace: string;
  let db: Knex;
  let server: TestbedBackend['server'];
  let stopBackend: () => Promise<void>;
  const logged: string[] = [];
  const audited: string[] = [];
  const responses: string[] = [];

  const token = () => randomBytes(12).toString('hex');
  const saslPassword = `sasl-${token()}`;
  const rotatedPassword = `rotated-${token()}`;
  const keystorePassword = `keystore-${token()}`;
  const keyPassword = `key-${token()}`;
  const badPassword = `refused-${token()}`;
  const secrets = [
    saslPassword,
    rotatedPassword,
    keystorePassword,
    keyPassword,
    badPassword,
  ];
  const jaas = (password: string) =>
    `org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="${password}";`;

  /** A logger that keeps every line with its metadata, as a log shipper would. */
  const capturing = (meta: object = {}): LoggerService => {
    const keep = (level: string) => (message: string, more?: unknown) =>
      void logged.push(asText({ level, message, meta, more }));
    return {
      error: keep('error'),
      warn: keep('warn'),
      info: keep('info'),
      debug: keep('debug'),
      child: more => capturing({ ...meta, ...more }),
    };
  };

  beforeAll(async () => {
    db = await databases.init('SQLITE_3');
    const backend = await startTestbedBackend({
      namespacePrefix: 'secret-scan',
      features: [
        mockServices.database.factory({ knex: db }),
        mockServices.rootLogger.mock(capturing()).factory,
        mockServices.logger.mock(capturing({ plugin: 'ksml' })).factory,
        mockServices.auditor.mock({
          createEvent: async options => {
            // What Backstage's auditor records of the request: method and URL.
            const { request: req, ...event } = options;
            audited.push(
              asText({
                ...event,
                request: req && [req.method, req.originalUrl],
              }),
            );
            return {
              success: async more => void audited.push(asText(more)),
              fail: async more => void audited.push(asText(more)),
            };
          },
        }).factory,
      ],
    });
    ({ kube, namespace, server } = backend);
    stopBackend = backend.stop;
  }, 60_000);

  afterAll(async () => {
    await stopBackend?.();
  }, 60_000);

  /** Sends a request and keeps its response text for the scan. */
  const send = async (test: request.Test) => {
    const res = await test;
    responses.push(`${res.status} ${res.text}`);
    return res;
  };

  const sasl = {
    ...readmeDeployRequest,
    application: 'sasl-app',
    kafkaProperties: {
      ...readmeDeployRequest.kafkaProperties,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': jaas(saslPassword),
    },
  };
  const mtls = {
    ...readmeDeployRequest,
    application: 'mtls-app',
    kafkaProperties: {
      ...readmeDeployRequest.kafkaProperties,
      'security.protocol': 'SSL',
      'ssl.keystore.location': '/etc/kafka/keystore.p12',
      'ssl.keystore.password': keystorePassword,
      'ssl.key.password': keyPassword,
    },
  };
  const ref = (app: { application: string }) => ({
    tenant: readmeDeployRequest.tenant,
    instance: readmeDeployRequest.instance,
    environment: 'dev',
    application: app.application,
  });

  it('finds no secret value anywhere after deploys, a rotation, refusals, a failure, a rollback and an undeploy', async () => {
    for (const body of [sasl, mtls]) {
      const res = await send(
        request(server).post('/api/ksml/deploy').send(body),
      );
      expect(`${res.status} ${res.text}`).toMatch(/^200 /);
    }

    // A rotation through the recorded desired state: the secret is sent again, on its own.
    const rotated = await send(
      request(server)
        .post('/api/ksml/redeploy')
        .send({
          ...ref(sasl),
          secretKafkaProperties: { 'sasl.jaas.config': jaas(rotatedPassword) },
        }),
    );
    expect(rotated.status).toBe(200);

    // Refused bodies that hold secrets: the 400 names the key, never the value.
    const refused = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send({
          ...sasl,
          kafkaProperties: {
            ...sasl.kafkaProperties,
            'sasl.jaas.config': `${jaas(badPassword)}\nsasl.extra=1`,
          },
        }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'kafkaProperties["sasl.jaas.config"]',
    );

    // Kubernetes refuses the upgrade after the Secret was written (a StatefulSet cannot gain
    // claims): the Secret is put back, the error is clear, nothing leaks on the way.
    const failed = await send(
      request(server)
        .post('/api/ksml/deploy')
        .send({
          ...sasl,
          kafkaProperties: {
            ...sasl.kafkaProperties,
            'sasl.jaas.config': jaas(badPassword),
          },
          storage: { size: '1Gi' },
        }),
    );
    expect(`${failed.status} ${failed.text}`).toMatch(/^409 /);
    const kept = await kube.core.readNamespacedSecret({
      namespace,
      name: kafkaSecretName(releaseName(ref(sasl))),
    });
    expect(
      Buffer.from(kept.data!['sasl.jaas.config'], 'base64').toString(),
    ).toBe(jaas(rotatedPassword));

    // A rollback to the first revision (it reads the same Secret key, which holds the
    // rotated value now: the Secret is not versioned).
    const rolledBack = await send(
      request(server)
        .post('/api/ksml/rollback')
        .send({ ...ref(sasl), revision: 1 }),
    );
    expect(`${rolledBack.status} ${rolledBack.text}`).toMatch(/^200 /);

    // Reads, revisions, events and the history of both apps.
    for (const app of [sasl, mtls]) {
      const q = new URLSearchParams(ref(app)).toString();
      for (const route of ['revisions', 'events']) {
        const res = await send(request(server).get(`/api/ksml/${route}?${q}`));
        expect(res.status).toBe(200);
      }
    }
    // The rollback replaces the pod: between the old pod's deletion and the new one's
    // creation the logs route rightly answers 404 "No pods found", so wait for a pod.
    const logsOnceAPodRuns = (q: string) =>
      waitFor(
        async () => {
          const res = await send(request(server).get(`/api/ksml/logs?${q}`));
          return res.status === 200 ? res : undefined;
        },
        { description: `logs for ${q}`, timeoutMs: 60_000 },
      );
    for (const app of [sasl, mtls]) {
      const q = new URLSearchParams(ref(app)).toString();
      for (const route of ['status', 'history']) {
        const res = await send(request(server).get(`/api/ksml/${route}?${q}`));
        expect(res.status).toBe(200);
      }
      await logsOnceAPodRuns(q);
    }
    expect((await send(request(server).get('/api/ksml/apps'))).status).toBe(
      200,
    );

    const surfaces = await secretFreeSurfaces(kube, namespace);
    expect(Object.keys(surfaces).length).toBeGreaterThan(4);

    const undeployed = await send(
      request(server).delete(
        `/api/ksml/deploy?${new URLSearchParams(ref(mtls))}`,
      ),
    );
    expect(undeployed.status).toBe(200);

    const rows = asText(await db('ksml_deployments').select());
    const everything: Record<string, string> = {
      ...surfaces,
      ...Object.fromEntries(logged.map((line, i) => [`log line ${i}`, line])),
      ...Object.fromEntries(audited.map((e, i) => [`audit event ${i}`, e])),
      ...Object.fromEntries(responses.map((r, i) => [`response ${i}`, r])),
      'database rows': rows,
    };
    // The scan sees what it must: the deploys were logged, audited and recorded.
    expect(logged.length).toBeGreaterThan(5);
    expect(audited.length).toBeGreaterThan(5);
    expect(rows).toContain('sasl.jaas.config');
    expect(surfacesHolding(everything, secrets)).toEqual([]);
  }, 240_000);
});
