import { z } from 'zod';
import type { Same } from '../testing/sameType';
import { jsonSchemaOf } from '../contract/openapi';
import {
  KsmlContractRoute,
  KsmlOperationId,
  KsmlResponseOf,
  KsmlRoute,
  ksmlRoutes,
  parseRouteInput,
} from '../contract/routes';
import { readmeDeployRequest } from '../testing/readmeDeployRequest';
import { routeExamples } from '../testing/routeExamples';
import type { TestRequestInput } from '../schema/deployRequest';
import { KsmlClient } from './KsmlClient';

// The client against the contract (ksmlRoutes): each operation is a method of the client that
// sends the route's method and path, with parameters the route's schema knows and accepts.

const definitionText = 'streams:\n  in:\n    topic: in\n';

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'x',
};

/**
 * How each operation is called, with every optional parameter the client can send, and what
 * the backend must read from the request (the route schema's output).
 */
const calls: Record<
  KsmlOperationId,
  { call: (c: KsmlClient) => Promise<unknown>; reads: object }
> = {
  deploy: {
    call: c => c.deploy(readmeDeployRequest),
    reads: { application: 'sensor-inspector' },
  },
  render: {
    call: c => c.render(readmeDeployRequest),
    reads: { application: 'sensor-inspector' },
  },
  test: {
    call: c => c.test(routeExamples.test as TestRequestInput),
    reads: { application: 'sensor-inspector' },
  },
  redeploy: {
    call: c =>
      c.redeploy({
        ...app,
        secretKafkaProperties: { 'sasl.jaas.config': 's' },
        definitions: { x: definitionText },
        schemas: [{ schemaFileName: 'a.avsc', schemaBody: '{}' }],
      }),
    reads: {
      ...app,
      secretKafkaProperties: { 'sasl.jaas.config': 's' },
      definitions: { x: definitionText },
      schemas: [{ schemaFileName: 'a.avsc', schemaBody: '{}' }],
    },
  },
  undeploy: {
    call: c => c.undeploy({ ...app, deleteStorage: true }),
    reads: { ...app, deleteStorage: true },
  },
  status: { call: c => c.status(app), reads: app },
  logs: {
    call: c => c.logs({ ...app, tailLines: 5, previous: true }),
    reads: { ...app, tailLines: 5, previous: true },
  },
  followLogs: {
    call: c => c.followLogs({ ...app, tailLines: 7 }, () => undefined),
    reads: { ...app, tailLines: 7 },
  },
  metrics: { call: c => c.metrics(app), reads: app },
  throughput: { call: c => c.throughput(app), reads: app },
  history: { call: c => c.history(app), reads: app },
  revisions: { call: c => c.revisions(app), reads: app },
  rollback: {
    call: c => c.rollback({ ...app, revision: 3 }),
    reads: { ...app, revision: 3 },
  },
  scale: {
    call: c => c.scale({ ...app, replicas: 2 }),
    reads: { ...app, replicas: 2 },
  },
  restart: { call: c => c.restart(app), reads: app },
  events: { call: c => c.events(app), reads: app },
  gitopsFiles: { call: c => c.gitopsFiles(app), reads: app },
  topology: { call: c => c.topology(app), reads: app },
  lag: { call: c => c.lag(app), reads: app },
  records: {
    call: c =>
      c.records(app, {
        topic: 't',
        limit: 5,
        partition: 1,
        offset: 7,
        filter: 'x',
      }),
    reads: {
      ...app,
      topic: 't',
      limit: 5,
      partition: 1,
      offset: 7,
      filter: 'x',
    },
  },
  resetOffsets: {
    call: c =>
      c.resetOffsets({
        ...app,
        to: 'offsets',
        offsets: [{ topic: 't', partition: 1, offset: 7 }],
        dryRun: true,
      }),
    reads: {
      ...app,
      to: 'offsets',
      offsets: [{ topic: 't', partition: 1, offset: 7 }],
      dryRun: true,
    },
  },
  apps: {
    call: c =>
      c.apps({ tenant: 'dizzl', instance: 'sandbox', application: 'x' }),
    reads: { tenant: 'dizzl', instance: 'sandbox', application: 'x' },
  },
  definition: {
    call: c => c.definition({ ...app, revision: 2 }),
    reads: { ...app, revision: 2 },
  },
  promote: {
    call: c =>
      c.promote({
        tenant: 'dizzl',
        instance: 'sandbox',
        application: 'x',
        from: 'dev',
        to: 'stag',
        replicas: 2,
        resources: { limits: { memory: '512Mi' } },
        kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
        secretKafkaProperties: { 'sasl.jaas.config': 's' },
        allowMissingTopics: true,
        dryRun: true,
      }),
    reads: { from: 'dev', to: 'stag', replicas: 2, dryRun: true },
  },
  preflight: {
    call: c =>
      c.preflight({
        tenant: 'dizzl',
        instance: 'sandbox',
        application: 'x',
        environments: ['dev', 'stag'],
        definition: definitionText,
        replicas: 3,
      }),
    reads: { environments: ['dev', 'stag'], replicas: 3 },
  },
  changes: {
    call: c => c.changes({ actor: 'user:default/guest', limit: 5 }),
    reads: { actor: 'user:default/guest', limit: 5 },
  },
};

/** The names a schema knows at its top level. */
const fieldsOf = (schema: z.ZodType) =>
  Object.keys(jsonSchemaOf(schema).properties ?? {});

/**
 * What the client's method of an operation resolves with: the contract's answer, the list
 * itself for an answer of `{items}`, nothing for a stream (its events go to a callback).
 */
type ClientAnswer<I extends KsmlOperationId> = I extends 'followLogs'
  ? void
  : KsmlResponseOf<I> extends { items: infer L }
  ? L
  : KsmlResponseOf<I>;

/** The live log's callback takes each event's data as the contract gives it. */
const followLogsLine: Same<
  Parameters<Parameters<KsmlClient['followLogs']>[1]>[0],
  KsmlResponseOf<'followLogs'>
> = true;

// Each method's answer is the contract's: this does not compile when one differs.
const answers: {
  [I in KsmlOperationId]: Same<
    Awaited<ReturnType<KsmlClient[I]>>,
    ClientAnswer<I>
  >;
} = {
  deploy: true,
  render: true,
  test: true,
  redeploy: true,
  undeploy: true,
  status: true,
  logs: true,
  followLogs: followLogsLine,
  metrics: true,
  throughput: true,
  history: true,
  revisions: true,
  rollback: true,
  scale: true,
  restart: true,
  events: true,
  gitopsFiles: true,
  topology: true,
  lag: true,
  records: true,
  resetOffsets: true,
  apps: true,
  definition: true,
  promote: true,
  preflight: true,
  changes: true,
};

describe('KsmlClient and the contract', () => {
  it('has a method for each operation, answering as the contract says', () => {
    expect(Object.keys(answers).sort()).toEqual(
      ksmlRoutes.map(r => r.operationId).sort(),
    );
    for (const id of Object.keys(answers)) {
      expect(typeof KsmlClient.prototype[id as KsmlOperationId]).toBe(
        'function',
      );
    }
  });

  it.each(ksmlRoutes.map(route => [route.operationId, route] as const))(
    '%s: the client sends the route’s method, path and parameters',
    async (_id, spec: KsmlContractRoute) => {
      const route: KsmlRoute = spec;
      const sent: Array<{ method: string; url: URL; body?: string }> = [];
      const client = new KsmlClient({
        discoveryApi: { getBaseUrl: async () => 'http://backend/api/ksml' },
        fetchApi: {
          fetch: (async (input: string, init: RequestInit) => {
            sent.push({
              method: init.method ?? 'GET',
              url: new URL(input),
              body: init.body as string | undefined,
            });
            return new Response(route.stream ? '' : '{"items":[]}', {
              status: 200,
            });
          }) as typeof fetch,
        },
      });
      await calls[spec.operationId].call(client);

      expect(sent).toHaveLength(1);
      const [{ method, url, body }] = sent;
      expect(`${method} ${url.pathname}`).toBe(
        `${route.method.toUpperCase()} /api/ksml${route.path}`,
      );
      const query = Object.fromEntries(url.searchParams);
      const parsedBody = body === undefined ? undefined : JSON.parse(body);
      // Only parameters the route knows (a query schema would drop others silently).
      const known = route.input ? fieldsOf(route.input.schema) : [];
      const given = Object.keys(
        route.input?.in === 'body' ? parsedBody : query,
      );
      expect(given.filter(name => !known.includes(name))).toEqual([]);
      // A query route sends no body, a body route no query.
      expect(
        route.input?.in === 'body' ? Object.keys(query) : parsedBody,
      ).toEqual(route.input?.in === 'body' ? [] : undefined);
      // What the route reads from it.
      expect(
        parseRouteInput(route, { query, body: parsedBody }) ?? {},
      ).toMatchObject(calls[spec.operationId].reads);
    },
  );
});
