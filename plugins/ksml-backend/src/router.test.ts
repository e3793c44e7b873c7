import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KsmlRoute,
  ksmlRoutes,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import {
  readmeDeployRequest,
  responseExamples,
  routeExamples,
} from '@ksml-backstage/plugin-ksml-common/testUtils';
import { recordingAuditor } from './__testUtils__/recordingAuditor';
import { createRouter } from './router';
import type { KsmlService } from './service/KsmlService';

// The router alone, with a fake service: permissions, input validation and audit, no cluster.
// The same routes against the test bed are in router.integration.test.ts.

type FakeService = { [K in keyof KsmlService]: jest.Mock };

/** A service whose every method says the app is not there (a 404), unless a test says else. */
function fakeService(): FakeService {
  const missing = jest.fn(async () => {
    throw new NotFoundError('dizzl-sandbox-dev-x-ksml is not deployed');
  });
  const methods = [
    'deploy',
    'render',
    'redeploy',
    'undeploy',
    'rollback',
    'scale',
    'restart',
    'status',
    'logs',
    'followLogs',
    'metrics',
    'history',
    'revisions',
    'events',
    'gitopsFiles',
    'topology',
    'lag',
    'records',
    'apps',
    'definition',
    'changes',
    'preflight',
    'promote',
  ] as const;
  return Object.fromEntries(
    methods.map(m => [m, jest.fn(missing)]),
  ) as unknown as FakeService;
}

/** Permissions that deny exactly the named ones, with or without a resource. */
function denying(...denied: string[]): PermissionsService {
  const decide = async (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  return mockServices.permissions.mock({
    authorize: decide as any,
    authorizeConditional: decide as any,
  });
}

async function app(options: {
  service: FakeService;
  permissions?: PermissionsService;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
}) {
  const router = await createRouter({
    service: options.service as unknown as KsmlService,
    httpAuth: mockServices.httpAuth(),
    permissions: options.permissions ?? denying(),
    auditor: options.auditor ?? mockServices.auditor.mock(),
    readDecisionTtlMs: 0,
    checkResponses: true,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use('/api/ksml', router).use(middleware.error());
}

const ref = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'x',
};
const q = new URLSearchParams(ref).toString();

// Every route of the contract with valid input, and the permission it needs: allowed calls reach
// the fake service, which says the app is not there (a 404).
type Call = (s: express.Express) => request.Test;
const routes: Array<readonly [string, string, Call]> = ksmlRoutes.map(spec => {
  const route: KsmlRoute = spec;
  const input = routeExamples[spec.operationId];
  const path = `/api/ksml${route.path}`;
  const call: Call =
    route.input?.in === 'body'
      ? s => request(s)[route.method](path).send(input)
      : s =>
          request(s)[route.method](
            `${path}?${new URLSearchParams(input as Record<string, string>)}`,
          );
  return [
    `${route.method.toUpperCase()} ${route.path}`,
    route.permission,
    call,
  ] as const;
});

describe('KSML router and the contract', () => {
  it('serves exactly the routes of the contract (ksmlRoutes), each with its method', async () => {
    const router = (await createRouter({
      service: fakeService() as unknown as KsmlService,
      httpAuth: mockServices.httpAuth(),
      permissions: denying(),
      auditor: mockServices.auditor.mock(),
    })) as unknown as {
      stack: Array<{ route?: { path: string; methods: Record<string, true> } }>;
    };
    const served = router.stack.flatMap(layer =>
      layer.route
        ? Object.keys(layer.route.methods).map(
            method => `${method.toUpperCase()} ${layer.route!.path}`,
          )
        : [],
    );
    expect(served.sort()).toEqual(
      ksmlRoutes.map(r => `${r.method.toUpperCase()} ${r.path}`).sort(),
    );
  });
});

describe('KSML router permissions', () => {
  it('answers 403 on every route when permissions deny, and calls nothing', async () => {
    const service = fakeService();
    const server = await app({
      service,
      permissions: denying(
        ...new Set(routes.map(([, permission]) => permission)),
      ),
    });
    for (const [name, permission, call] of routes) {
      const res = await call(server);
      expect({
        name,
        status: res.status,
        message: res.body.error?.message,
        reason: res.body.error?.reason,
      }).toEqual({
        name,
        status: 403,
        message: `Not allowed: ${permission}`,
        reason: 'NotAllowed',
      });
    }
    for (const method of Object.values(service)) {
      expect(method).not.toHaveBeenCalled();
    }
  });

  it.each([
    'ksml.app.deploy',
    'ksml.app.undeploy',
    'ksml.app.operate',
    'ksml.app.read',
    'ksml.app.logs.read',
    'ksml.app.data.read',
  ])('without %s: exactly its routes answer 403 naming it', async denied => {
    const server = await app({
      service: fakeService(),
      permissions: denying(denied),
    });
    const seen = [];
    for (const [name, , call] of routes) {
      const res = await call(server);
      seen.push({
        name,
        refusal: res.status === 403 ? res.body.error.message : undefined,
      });
    }
    expect(seen).toEqual(
      routes.map(([name, permission]) => ({
        name,
        refusal: permission === denied ? `Not allowed: ${denied}` : undefined,
      })),
    );
  });
});

describe('KSML router errors as data', () => {
  it('gives every error a reason code: the service’s own, else its status’', async () => {
    const service = fakeService();
    service.metrics.mockRejectedValue(
      withReason(new NotFoundError('No metrics yet'), 'MetricsNotReady'),
    );
    service.restart.mockRejectedValue(new ConflictError('busy'));
    service.apps.mockRejectedValue(new Error('boom'));
    const server = await app({ service });
    const answers = await Promise.all([
      request(server).get(`/api/ksml/metrics?${q}`),
      request(server).get(`/api/ksml/status?${q}`), // a NotFoundError without a reason
      request(server).post('/api/ksml/restart').send(ref),
      request(server).get('/api/ksml/apps'),
    ]);
    expect(answers.map(res => [res.status, res.body.error.reason])).toEqual([
      [404, 'MetricsNotReady'],
      [404, 'NotFound'],
      [409, 'Conflict'],
      [500, 'Internal'],
    ]);
  });
});

describe('KSML router input and audit', () => {
  it('validates input once, before the service is called: 400 naming the field', async () => {
    const service = fakeService();
    const server = await app({ service });
    const scale = await request(server)
      .post('/api/ksml/scale')
      .send({ ...ref, replicas: -1 });
    expect(scale.status).toBe(400);
    expect(scale.body.error.reason).toBe('InvalidInput');
    expect(scale.body.error.message).toContain('replicas');
    const logs = await request(server).get(`/api/ksml/logs?${q}&tailLines=0`);
    expect(logs.status).toBe(400);
    expect(logs.body.error.message).toContain('tailLines: must be 1 or more');
    expect(service.scale).not.toHaveBeenCalled();
    expect(service.logs).not.toHaveBeenCalled();
  });

  it('passes the parsed request and the actor to the service, and answers its result', async () => {
    const service = fakeService();
    const scaled = {
      helm: { ...responseExamples.KsmlOperationResponse.helm, revision: 4 },
    };
    service.scale.mockResolvedValue(scaled);
    const server = await app({ service });
    const res = await request(server)
      .post('/api/ksml/scale')
      .send({ ...ref, replicas: 0 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(scaled);
    expect(service.scale).toHaveBeenCalledWith(ref, 0, 'user:default/mock');
  });

  it('answers a 500 naming the difference when an answer breaks the contract', async () => {
    const service = fakeService();
    service.status.mockResolvedValue({
      ...responseExamples.KsmlStatusResponse,
      kubernetes: {
        ...responseExamples.KsmlStatusResponse.kubernetes,
        readyReplicas: '1',
        pods: [],
      },
    });
    const server = await app({ service });
    const res = await request(server).get(`/api/ksml/status?${q}`);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe(
      'The answer of status breaks the contract (KsmlStatusResponse): kubernetes.readyReplicas: Invalid input: expected number, received string; kubernetes: Unrecognized key: "pods"',
    );
  });

  it('audits a change with what changed and how it ended; a failure is audited as one', async () => {
    const events: unknown[] = [];
    const auditor = recordingAuditor(events);
    const service = fakeService();
    service.deploy.mockResolvedValue({
      ...responseExamples.KsmlDeployResponse,
      helm: {
        ...responseExamples.KsmlDeployResponse.helm,
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        revision: 1,
      },
    });
    const server = await app({ service, auditor });
    const deployed = await request(server)
      .post('/api/ksml/deploy')
      .send(readmeDeployRequest);
    expect(deployed.status).toBe(200);
    const rolledBack = await request(server)
      .post('/api/ksml/rollback')
      .send({ ...ref, revision: 1 });
    expect(rolledBack.status).toBe(404);
    expect(events).toEqual([
      {
        eventId: 'app-deploy',
        meta: expect.objectContaining({
          application: 'sensor-inspector',
          environment: 'dev',
        }),
      },
      {
        success: {
          release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
          revision: 1,
          secretProperties: ['sasl.jaas.config'],
        },
      },
      {
        eventId: 'app-rollback',
        meta: expect.objectContaining({ application: 'x', toRevision: 1 }),
      },
      { fail: 'dizzl-sandbox-dev-x-ksml is not deployed' },
    ]);
  });

  it('audits a read of records with the topic and how many, never the records', async () => {
    const events: unknown[] = [];
    const auditor = recordingAuditor(events);
    const service = fakeService();
    service.records.mockResolvedValue(responseExamples.KsmlRecordsResponse);
    const server = await app({ service, auditor });
    const res = await request(server).get(
      `/api/ksml/records?${q}&topic=ksml_sensordata_avro&filter=sensor3`,
    );
    expect(res.status).toBe(200);
    expect(service.records).toHaveBeenCalledWith(ref, {
      topic: 'ksml_sensordata_avro',
      limit: 50,
      filter: 'sensor3',
    });
    expect(events).toEqual([
      {
        eventId: 'app-records-read',
        meta: {
          environment: 'dev',
          application: 'x',
          topic: 'ksml_sensordata_avro',
          limit: 50,
          filtered: 'yes',
        },
      },
      { success: { records: 1, scannedRecords: 1 } },
    ]);
    expect(JSON.stringify(events)).not.toContain('HUMIDITY');
  });
});

describe('KSML router: a revision’s definition, the fleet’s changes, an edit by redeploy', () => {
  it('reads the deployed definition, or the revision asked for', async () => {
    const service = fakeService();
    service.definition.mockResolvedValue(
      responseExamples.KsmlDefinitionResponse,
    );
    const server = await app({ service });
    const deployed = await request(server).get(`/api/ksml/definition?${q}`);
    expect(deployed.status).toBe(200);
    expect(deployed.body).toEqual(responseExamples.KsmlDefinitionResponse);
    await request(server).get(`/api/ksml/definition?${q}&revision=2`);
    expect(service.definition.mock.calls).toEqual([
      [ref, { revision: undefined }],
      [ref, { revision: 2 }],
    ]);
    const bad = await request(server).get(
      `/api/ksml/definition?${q}&revision=0`,
    );
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      'Invalid definition query: revision: must be 1 or more',
    ]);
  });

  it('lists the changes of every app, 100 unless asked for another number, one actor’s on asking', async () => {
    const service = fakeService();
    service.changes.mockResolvedValue(
      responseExamples.KsmlHistoryResponse.items,
    );
    const server = await app({ service });
    const all = await request(server).get('/api/ksml/changes');
    expect(all.status).toBe(200);
    expect(all.body).toEqual(responseExamples.KsmlHistoryResponse);
    await request(server).get(
      `/api/ksml/changes?${new URLSearchParams({
        actor: 'user:default/ann',
        limit: '5',
      })}`,
    );
    expect(service.changes.mock.calls).toEqual([
      [{ limit: 100 }],
      [{ actor: 'user:default/ann', limit: 5 }],
    ]);
    const tooMany = await request(server).get('/api/ksml/changes?limit=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('limit: must be at most 1000');
  });

  it('redeploys with other definitions and schemas, auditing their names and never their text', async () => {
    const events: unknown[] = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async options => {
        events.push({ eventId: options.eventId, meta: options.meta });
        return { success: async () => undefined, fail: async () => undefined };
      },
    });
    const service = fakeService();
    service.redeploy.mockResolvedValue(responseExamples.KsmlDeployResponse);
    const server = await app({ service, auditor });
    const definitions = { x: 'streams: {secret_text: {topic: in}}\n' };
    const schemas = [{ schemaFileName: 'In.avsc', schemaBody: '"string"' }];
    const edited = await request(server)
      .post('/api/ksml/redeploy')
      .send({ ...ref, definitions, schemas });
    expect(edited.status).toBe(200);
    // The recorded state alone: no definitions, and no schemas defaulted to none.
    const plain = await request(server).post('/api/ksml/redeploy').send(ref);
    expect(plain.status).toBe(200);
    expect(service.redeploy.mock.calls).toEqual([
      [
        ref,
        {
          definitions,
          schemas,
          secretKafkaProperties: undefined,
          actor: 'user:default/mock',
        },
      ],
      [
        ref,
        {
          definitions: undefined,
          schemas: undefined,
          secretKafkaProperties: undefined,
          actor: 'user:default/mock',
        },
      ],
    ]);
    expect(events).toEqual([
      {
        eventId: 'app-redeploy',
        meta: {
          ...ref,
          replacedDefinitions: ['x'],
          replacedSchemas: ['In.avsc'],
        },
      },
      { eventId: 'app-redeploy', meta: ref },
    ]);
    expect(JSON.stringify(events)).not.toContain('secret_text');
  });
});

describe('KSML router: promote', () => {
  it('passes the promotion and the actor on, and audits where from and to without Kafka properties', async () => {
    const events: unknown[] = [];
    const auditor = recordingAuditor(events);
    const service = fakeService();
    const promoted = {
      ...responseExamples.KsmlPromoteResponse,
      to: { environment: 'stag', revision: 3 },
      dryRun: false,
      deployed: {
        ...responseExamples.KsmlDeployResponse,
        helm: {
          ...responseExamples.KsmlDeployResponse.helm,
          name: 'dizzl-sandbox-stag-x-ksml',
          revision: 4,
        },
      },
    };
    service.promote.mockResolvedValue(promoted);
    const server = await app({ service, auditor });
    const body = {
      tenant: 'dizzl',
      instance: 'sandbox',
      application: 'x',
      from: 'dev',
      to: 'stag',
      kafkaProperties: { 'bootstrap.servers': 'stag-broker:9093' },
      secretKafkaProperties: { 'sasl.jaas.config': 'hunter2' },
    };
    const res = await request(server).post('/api/ksml/promote').send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(promoted);
    expect(service.promote).toHaveBeenCalledWith(
      { ...body, dryRun: false },
      'user:default/mock',
    );
    expect(events).toEqual([
      {
        eventId: 'app-promote',
        meta: {
          tenant: 'dizzl',
          instance: 'sandbox',
          application: 'x',
          from: 'dev',
          to: 'stag',
          dryRun: 'false',
          replicas: undefined,
        },
      },
      {
        success: {
          fromRevision: 2,
          revision: 4,
          release: 'dizzl-sandbox-stag-x-ksml',
          changedDefinitions: ['x'],
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('broker');
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });

  it('refuses a promotion to the environment it comes from, naming the field', async () => {
    const service = fakeService();
    const server = await app({ service });
    const res = await request(server).post('/api/ksml/promote').send({
      tenant: 'dizzl',
      instance: 'sandbox',
      application: 'x',
      from: 'dev',
      to: 'dev',
    });
    expect([res.status, res.body.error.message]).toEqual([
      400,
      'Invalid promote request: to: must be another environment than from',
    ]);
    expect(service.promote).not.toHaveBeenCalled();
  });
});

describe('KSML router: preflight', () => {
  it("answers a form's preflight per environment, and refuses a request naming no environment", async () => {
    const service = fakeService();
    service.preflight.mockResolvedValue(
      responseExamples.KsmlPreflightResponse.items,
    );
    const server = await app({ service });
    const body = {
      tenant: 'dizzl',
      instance: 'sandbox',
      application: 'x',
      environments: ['dev'],
      definition: 'streams: {}\n',
    };
    const res = await request(server).post('/api/ksml/preflight').send(body);
    expect([res.status, res.body]).toEqual([
      200,
      responseExamples.KsmlPreflightResponse,
    ]);
    // Parsed as a deploy's fields are: the replicas a deploy would default to.
    expect(service.preflight).toHaveBeenCalledWith({ ...body, replicas: 1 });
    const none = await request(server)
      .post('/api/ksml/preflight')
      .send({ ...body, environments: [] });
    expect([none.status, none.body.error.message]).toEqual([
      400,
      'Invalid preflight request: environments: must name at least one environment',
    ]);
  });
});
