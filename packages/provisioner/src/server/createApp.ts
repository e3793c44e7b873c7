import { InputError } from '@backstage/errors';
import {
  assertContractResponse,
  KsmlAppRef,
  KsmlChartReference,
  KsmlDeployResponse,
  KsmlOperationId,
  KsmlRenderResponse,
  KsmlResponseOf,
  ksmlRoute,
  KsmlRouteInputOf,
  parseRouteInput,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import {
  KsmlProvisioner,
  PrometheusHistory,
  withHistory,
} from '@ksml-backstage/plugin-ksml-node';
import type { LeadershipState } from '../operator/LeaderElection';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import express, { ErrorRequestHandler, RequestHandler } from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { JsonLogger } from '../logging/jsonLogger';
import { basicAuth } from './basicAuth';
import { errorResponse, statusOf } from './errorResponse';
import { ReleaseLocks } from './releaseLocks';

/** Options for {@link createApp}. */
export interface AppOptions {
  provisioner: KsmlProvisioner;
  /** The namespace apps go to (the readme's NAMESPACE). */
  namespace: string;
  /** The chart, as `POST /render` names it for GitOps. */
  chart: KsmlChartReference;
  logger: JsonLogger;
  basicAuth?: { username: string; password: string };
  /** False once shutting down: the readiness probe fails so no new traffic comes. */
  isReady(): boolean;
  /** One change per release at a time, shared with the operator's reconciles. */
  locks?: ReleaseLocks;
  /** Operator mode: this process's view of its leadership, shown by `/healthz`. */
  leadership?: () => LeadershipState;
  /**
   * Check every answer against the contract (a 500 naming the difference); default: where
   * `KSML_CHECK_RESPONSES=1` (the tests).
   */
  checkResponses?: boolean;
  /** PROMETHEUS_URL's Prometheus: `GET /throughput?range=` past the kept hour reads it. */
  prometheus?: PrometheusHistory;
}

/** The 404 of a path no route serves. */
class NotFoundRoute extends Error {
  name = 'NotFoundError';
}

/** A server span per request, the parent of the helm and Kubernetes spans it causes. */
const traced: RequestHandler = (req, res, next) => {
  trace.getTracer('@ksml-backstage/provisioner').startActiveSpan(
    `${req.method} ${req.path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.path },
    },
    span => {
      res.on('finish', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500)
          span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      next();
    },
  );
};

/**
 * The standalone provisioner's HTTP API: the KSML Provisioner 0.5.0 readme's routes (`POST
 * /deploy`, `GET /status`, `GET /logs`, `GET /metrics`) with its shapes and status codes, plus
 * `DELETE /deploy`, `POST /render` and the day-2 routes (`GET /revisions`, `GET /events`,
 * `GET /topology`, `GET /definition`, `POST /rollback`, `/scale`, `/restart`) as in the
 * backend plugin, and unauthenticated health
 * probes (`/healthz`, `/readyz`). Bad input is a 400 naming the field.
 */
export function createApp(options: AppOptions): express.Express {
  const { provisioner, logger } = options;
  const locks = options.locks ?? new ReleaseLocks();
  const checkResponses =
    options.checkResponses ?? process.env.KSML_CHECK_RESPONSES === '1';
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    const operator = options.leadership?.();
    res.json({ status: 'ok', ...(operator ? { operator } : {}) });
  });
  app.get('/readyz', (_req, res) => {
    const ready = options.isReady();
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'shutting down' });
  });

  app.use(traced);
  app.use(accessLog(logger));
  if (options.basicAuth) app.use(basicAuth(options.basicAuth));
  app.use(express.json({ limit: '2mb' }));

  const router = Router();
  /**
   * Registers an operation of the contract (ksmlRoutes) that the provisioner serves: its method,
   * path and input schema come from there (a 400 names the field); `run` answers.
   */
  const serve = <O extends KsmlOperationId>(
    operationId: O,
    run: (
      input: KsmlRouteInputOf<ReturnType<typeof ksmlRoute<O>>>,
    ) => Promise<KsmlResponseOf<O>>,
  ) => {
    const spec = ksmlRoute(operationId);
    if (!spec.provisioner) {
      throw new Error(`${operationId} is not a route of the provisioner`);
    }
    router[spec.method](spec.path, async (req, res) => {
      const body = await run(parseRouteInput(spec, req));
      if (checkResponses) assertContractResponse(operationId, body);
      res.json(body);
    });
  };
  /** A change: one per release at a time, shared with the operator's reconciles. */
  const locked = <T>(ref: KsmlAppRef, change: () => Promise<T>) =>
    locks.run(releaseName(ref), change);

  serve('deploy', async request => {
    const result = await locked(request, () => provisioner.deploy(request));
    const body: KsmlDeployResponse = {
      helm: result.helm,
      secretProperties: result.secretProperties,
      warnings: result.warnings,
    };
    return body;
  });

  serve('render', async request => {
    const body: KsmlRenderResponse = {
      ...(await provisioner.render(request)),
      namespace: options.namespace,
      chart: options.chart,
    };
    return body;
  });

  serve('undeploy', async ({ deleteStorage, ...ref }) => {
    const result = await locked(ref, () =>
      provisioner.undeploy(ref, { deleteStorage }),
    );
    return { ...result, deletedClaims: result.deletedClaims ?? [] };
  });

  serve('status', ref => provisioner.status(ref));

  serve('logs', ({ tailLines, previous, ...ref }) =>
    provisioner.logs(ref, tailLines, { previous }),
  );

  serve('metrics', ({ deploymentMode: _mode, ...ref }) =>
    provisioner.metrics(ref),
  );

  // Day-2 operations, as in the backend plugin.
  serve('revisions', async ref => ({
    items: await provisioner.revisions(ref),
  }));

  serve('events', async ref => ({ items: await provisioner.events(ref) }));

  // The deployed app's topology: the backend draws it and measures lag on its input topics.
  serve('topology', ref => provisioner.topology(ref));
  // What the runners report: records in and out, per node and function, heap, and the trend.
  serve('throughput', async ({ range, ...ref }) =>
    withHistory(
      await provisioner.throughput(ref),
      { namespace: options.namespace, release: releaseName(ref) },
      range,
      { prometheus: options.prometheus, prometheusSetting: 'PROMETHEUS_URL' },
    ),
  );

  // What a revision runs (the deployed one, or `revision`): the backend's edit and promote read it.
  serve('definition', ({ revision, ...ref }) =>
    provisioner.definition(ref, { revision }),
  );

  serve('rollback', ({ revision, ...ref }) =>
    locked(ref, () => provisioner.rollback(ref, revision)),
  );

  serve('scale', ({ replicas, ...ref }) =>
    locked(ref, () => provisioner.scale(ref, replicas)),
  );

  serve('restart', ref => locked(ref, () => provisioner.restart(ref)));

  app.use(router);
  app.use((req, _res, next) =>
    next(new NotFoundRoute(`No route ${req.method} ${req.path}`)),
  );
  app.use(errorHandler(logger));
  return app;
}

/** One JSON line per request: method, path, status, duration (never bodies or credentials). */
function accessLog(logger: JsonLogger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.set('X-Request-Id', requestId);
    res.on('finish', () => {
      logger.info('request', {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  };
}

function errorHandler(logger: JsonLogger): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    let error = raw as Error & { type?: string; status?: number };
    // express.json's own failures: a body that is not JSON or is too large.
    if (error.type === 'entity.parse.failed') {
      error = new InputError('The request body is not valid JSON');
    } else if (error.type === 'entity.too.large') {
      error = Object.assign(
        new InputError('The request body is larger than 2 MB'),
        { statusCode: 413 },
      );
    }
    const status = statusOf(error);
    if (status >= 500) {
      logger.error(error.message, { name: error.name, path: req.path, status });
    }
    res
      .status(status)
      .json(
        errorResponse(
          error,
          { method: req.method, url: req.originalUrl },
          status,
        ),
      );
  };
}
