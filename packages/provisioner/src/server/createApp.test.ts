import {
  type KsmlContractRoute,
  ksmlRoutes,
  type KsmlRoute,
} from '@ksml-backstage/plugin-ksml-common';
import {
  responseExamples,
  routeExamples,
} from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { KsmlProvisioner } from '@ksml-backstage/plugin-ksml-node';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { jsonLogger } from '../logging/jsonLogger';
import { createApp } from './createApp';

// The provisioner's HTTP API against the contract (ksmlRoutes), with a provisioner that records
// its calls: no cluster. Its behaviour on the test bed is in server.integration.test.ts.

const { chart, namespace, ...rendered } = responseExamples.KsmlRenderResponse;

/** What each method of the provisioner answers here: what the contract's examples hold. */
const answers: Partial<Record<keyof KsmlProvisioner, unknown>> = {
  deploy: responseExamples.KsmlDeployResponse,
  render: rendered,
  undeploy: responseExamples.KsmlUndeployResponse,
  status: responseExamples.KsmlStatusResponse,
  logs: responseExamples.KsmlLogsResponse,
  metrics: responseExamples.KsmlMetricsResponse,
  throughput: responseExamples.KsmlThroughputResponse,
  revisions: responseExamples.KsmlRevisionsResponse.items,
  events: responseExamples.KsmlEventsResponse.items,
  topology: responseExamples.KsmlTopologyResponse,
  definition: responseExamples.KsmlDefinitionResponse,
  rollback: responseExamples.KsmlOperationResponse,
  scale: responseExamples.KsmlOperationResponse,
  restart: responseExamples.KsmlOperationResponse,
};

/**
 * A provisioner whose every method records its name and answers as {@link answers} says (an
 * empty object for one it does not name).
 */
function recordingProvisioner(calls: string[]): KsmlProvisioner {
  return new Proxy(
    {},
    {
      get: (_target, name) => async () => {
        calls.push(String(name));
        return answers[name as keyof KsmlProvisioner] ?? {};
      },
    },
  ) as KsmlProvisioner;
}

describe('the provisioner and the contract', () => {
  let server: Server;
  let base: string;
  let app: ReturnType<typeof createApp>;
  const calls: string[] = [];

  beforeAll(async () => {
    app = createApp({
      provisioner: recordingProvisioner(calls),
      // The render example's: the provisioner adds them to what it renders.
      namespace,
      chart,
      logger: jsonLogger({}, () => undefined),
      isReady: () => true,
      checkResponses: true,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  /** Calls a route of the contract with its example input. */
  const call = (route: KsmlRoute, input: Record<string, unknown>) =>
    route.input?.in === 'body'
      ? fetch(`${base}${route.path}`, {
          method: route.method.toUpperCase(),
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        })
      : fetch(
          `${base}${route.path}?${new URLSearchParams(
            input as Record<string, string>,
          )}`,
          { method: route.method.toUpperCase() },
        );

  it('serves the provisioner’s routes of the contract, and its probes, and nothing else', () => {
    type Layer = {
      route?: { path: string; methods: Record<string, true> };
      handle?: { stack?: Layer[] };
    };
    const served = (stack: Layer[]): string[] =>
      stack.flatMap(layer =>
        layer.route
          ? Object.keys(layer.route.methods).map(
              method => `${method.toUpperCase()} ${layer.route!.path}`,
            )
          : served(layer.handle?.stack ?? []),
      );
    const stack = (app as unknown as { _router: { stack: Layer[] } })._router
      .stack;
    expect(served(stack).sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        ...ksmlRoutes
          .filter(route => route.provisioner)
          .map(route => `${route.method.toUpperCase()} ${route.path}`),
      ].sort(),
    );
  });

  it.each(ksmlRoutes.map(route => [route.operationId, route] as const))(
    '%s: served exactly when the contract says the provisioner serves it',
    async (_id, route: KsmlContractRoute) => {
      const res = await call(route, routeExamples[route.operationId]);
      const body = await res.json();
      // Answers are checked against the contract (checkResponses): a 200 met its shape.
      expect({ status: res.status, message: body.error?.message }).toEqual(
        route.provisioner
          ? { status: 200, message: undefined }
          : {
              status: 404,
              message: `No route ${route.method.toUpperCase()} ${route.path}`,
            },
      );
    },
  );

  it.each(
    ksmlRoutes
      .filter(route => route.provisioner && route.input)
      .map(route => [route.operationId, route] as const),
  )(
    '%s: input is parsed with the contract’s schema (400 naming it)',
    async (_id, route: KsmlContractRoute) => {
      calls.length = 0;
      const res = await call(route, {
        ...routeExamples[route.operationId],
        tenant: 'Not A Label',
      });
      const body = await res.json();
      expect(res.status).toBe(400);
      expect(body.error.message).toContain(
        `Invalid ${(route as KsmlRoute).input!.what}`,
      );
      expect(body.error.message).toContain('tenant');
      expect(calls).toEqual([]);
    },
  );
});

describe('GET /throughput?range=', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createApp({
      provisioner: recordingProvisioner([]),
      namespace,
      chart,
      logger: jsonLogger({}, () => undefined),
      isReady: () => true,
      checkResponses: true,
    }).listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  const throughput = async (range: string) => {
    const res = await fetch(
      `${base}/throughput?${new URLSearchParams({
        ...(routeExamples.throughput as Record<string, string>),
        range,
      })}`,
    );
    return { status: res.status, body: await res.json() };
  };

  it('answers a range within the kept hour from the runners', async () => {
    expect(await throughput('30m')).toMatchObject({
      status: 200,
      body: {
        historySource: 'runners',
        historySeconds: 1800,
        longerHistory: false,
      },
    });
  });

  it('refuses a longer range without PROMETHEUS_URL, and a range it cannot read, naming range', async () => {
    const longer = await throughput('6h');
    expect(longer.status).toBe(400);
    expect(longer.body.error.message).toMatch(
      /^Invalid throughput query: range: .*needs a Prometheus \(PROMETHEUS_URL\)$/,
    );
    const unreadable = await throughput('yesterday');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.message).toBe(
      'Invalid throughput query: range: must be minutes, hours or days, like 15m, 6h or 7d',
    );
    const tooLong = await throughput('90d');
    expect(tooLong.body.error.message).toBe(
      'Invalid throughput query: range: must be between 1m and 30d',
    );
  });
});
