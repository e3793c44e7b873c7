import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  isResourcePermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  KsmlAppRef,
  KsmlDeployResponse,
  KsmlOperationId,
  KsmlOperationResponse,
  ksmlPermissions,
  KsmlRoute,
  ksmlRoute,
  KsmlRouteInputOf,
  parseRouteInput,
  reasonForStatus,
  reasonOf,
  statusOfError,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { DeployResult } from '@ksml-backstage/plugin-ksml-node';
import express, { ErrorRequestHandler, Request, RequestHandler } from 'express';
import Router from 'express-promise-router';
import { KsmlService } from './service/KsmlService';
import { AppEntities, KsmlAppIdentity } from './permissions/AppEntities';
import { AppPermissions, UnownedApps } from './permissions/AppPermissions';
import { ReadDecisions } from './permissions/ReadDecisions';
import { LiveLogLimits, LiveLogSlots } from './service/LiveLogSlots';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  service: KsmlService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /**
   * How long a read permission decision (status, logs, metrics, history, apps) is reused for
   * the same principal; 0 asks the permission framework every time. Default 5000.
   */
  readDecisionTtlMs?: number;
  /** Live log streams open at once, per user (default 3) and in total (default 100). */
  liveLogs?: Partial<LiveLogLimits>;
  /**
   * The catalog entities describing an app, which changes and logs are authorized on (see
   * AppPermissions); without it every app counts as one no entity describes.
   */
  appEntities?: Pick<AppEntities, 'refsOf'>;
  /** How an ownership rule is read for an app no entity describes; default `deploy`. */
  unownedApps?: UnownedApps;
}

/** The largest request body the routes read (definitions and schemas are about 1 MB at most). */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** The app a parsed request names (every route's input that names one has these fields). */
function appOf(input: unknown): KsmlAppIdentity | undefined {
  const { tenant, instance, application } = (input ?? {}) as Partial<
    Record<keyof KsmlAppIdentity, unknown>
  >;
  return typeof tenant === 'string' &&
    typeof instance === 'string' &&
    typeof application === 'string'
    ? { tenant, instance, application }
    : undefined;
}

/** What an audit event says of a change. */
type AuditMeta = Record<string, string | number | string[] | undefined>;

/** What an operation's input is once parsed. */
type RouteInput<O extends KsmlOperationId> = KsmlRouteInputOf<
  ReturnType<typeof ksmlRoute<O>>
>;

const permissionsByName = new Map<string, Permission>(
  ksmlPermissions.map(p => [p.name, p]),
);

/** The permission a route of the contract names. */
function permissionOf(route: KsmlRoute): Permission {
  const permission = permissionsByName.get(route.permission);
  if (!permission)
    throw new Error(`${route.operationId}: no permission ${route.permission}`);
  return permission;
}

/**
 * The KSML routes (mounted at /api/ksml): the KSML Provisioner 0.5.0 readme's contract plus
 * undeploy, the list of managed apps and deploy history. Input is validated with zod (400
 * naming the field), permissions are checked here, errors go to Backstage's error middleware.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, permissions, auditor } = options;
  const router = Router();
  // A body over the limit is refused as soon as that is known, and its connection closed:
  // express.json would answer only once the client has sent all of it, however large.
  router.use((req, res, next) => {
    const tooLarge = () => {
      res.on('finish', () => req.socket.destroy());
      res
        .status(413)
        .set('Connection', 'close')
        .json({
          error: {
            name: 'PayloadTooLargeError',
            message: `The request body is over the ${BODY_LIMIT_BYTES}-byte limit`,
            reason: 'PayloadTooLarge',
          },
        });
    };
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > BODY_LIMIT_BYTES) tooLarge();
      else next();
      return;
    }
    // A chunked body: counted as it comes (express.json reads the same chunks).
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > BODY_LIMIT_BYTES && !res.headersSent) tooLarge();
    });
    next();
  });
  router.use(express.json({ limit: BODY_LIMIT_BYTES }));

  const liveLogs = new LiveLogSlots({
    perUser: options.liveLogs?.perUser ?? 3,
    total: options.liveLogs?.total ?? 100,
  });
  const readDecisions = new ReadDecisions(
    permissions,
    options.readDecisionTtlMs ?? 5000,
  );
  const appPermissions = new AppPermissions({
    permissions,
    reads: readDecisions,
    entities: options.appEntities ?? { refsOf: async () => [] },
    unownedApps: options.unownedApps,
  });
  /** The request's principal when the permission allows it (on the app, when one is named). */
  const authorize = async (
    req: Request,
    permission: Permission,
    app?: KsmlAppIdentity,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const refusal = await appPermissions.refusal(permission, credentials, app);
    if (refusal) throw new NotAllowedError(refusal);
    // Who asked: a user's entity ref, or a service's subject (e.g. the scaffolder's plugin id).
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return principal.userEntityRef ?? principal.subject;
  };

  /**
   * Every route: its permission checked (403 naming it) and its input validated once (400
   * naming the field). A plain permission is checked first; one on the app's catalog entity
   * after the input has named the app. A change also runs as an audit event saying what is
   * changed and by whom (never Kafka properties), and how it ended.
   */
  const route =
    <I>(permission: Permission, parse: (req: Request) => I) =>
    <T>(
      run: (input: I, actor: string | undefined) => Promise<T>,
      audit?: {
        eventId: string;
        meta: (input: I) => AuditMeta;
        success: (result: T) => AuditMeta;
      },
    ): RequestHandler =>
    async (req, res) => {
      let input: I;
      let actor: string | undefined;
      if (isResourcePermission(permission)) {
        input = parse(req);
        actor = await authorize(req, permission, appOf(input));
      } else {
        actor = await authorize(req, permission);
        input = parse(req);
      }
      if (!audit) {
        res.json(await run(input, actor));
        return;
      }
      const event = await auditor.createEvent({
        eventId: audit.eventId,
        severityLevel: 'medium',
        request: req,
        meta: audit.meta(input),
      });
      try {
        const result = await run(input, actor);
        await event.success({ meta: audit.success(result) });
        res.json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    };

  // What identifies an app in an audit event.
  const appMeta = (ref: KsmlAppRef): AuditMeta => ({
    tenant: ref.tenant,
    instance: ref.instance,
    environment: ref.environment,
    application: ref.application,
  });
  // A deploy and a redeploy answer and audit alike: the release and revision, and the names
  // (never values) of the Kafka properties kept in the Secret.
  const deployedBody = (r: DeployResult): KsmlDeployResponse => ({
    helm: r.helm,
    secretProperties: r.secretProperties,
    warnings: r.warnings,
  });
  const deployedMeta = (r: KsmlDeployResponse) => ({
    release: r.helm.name,
    revision: r.helm.revision,
    secretProperties: r.secretProperties,
  });
  const operatedMeta = (r: KsmlOperationResponse) => ({
    release: r.helm.name,
    revision: r.helm.revision,
  });
  /**
   * Registers an operation of the contract (ksmlRoutes): its method and path, its permission
   * and its input schema come from there; `run` is what it does.
   */
  const serve = <O extends KsmlOperationId, T>(
    operationId: O,
    run: (input: RouteInput<O>, actor: string | undefined) => Promise<T>,
    audit?: {
      eventId: string;
      meta: (input: RouteInput<O>) => AuditMeta;
      success: (result: T) => AuditMeta;
    },
  ) => {
    const spec = ksmlRoute(operationId);
    router[spec.method](
      spec.path,
      route(permissionOf(spec), req => parseRouteInput(spec, req))(run, audit),
    );
  };

  serve(
    'deploy',
    async (request, actor) =>
      deployedBody(await service.deploy(request, actor)),
    {
      eventId: 'app-deploy',
      meta: r => ({
        ...appMeta(r),
        replicas: r.replicas,
        deploymentMode: r.deploymentMode,
      }),
      success: deployedMeta,
    },
  );

  // GitOps and dry runs: validates like a deploy, returns what it would install, applies nothing.
  serve('render', request => service.render(request));

  serve(
    'redeploy',
    async ({ secretKafkaProperties, ...ref }, actor) =>
      deployedBody(
        await service.redeploy(ref, { secretKafkaProperties, actor }),
      ),
    { eventId: 'app-redeploy', meta: appMeta, success: deployedMeta },
  );

  serve(
    'undeploy',
    async ({ deleteStorage, ...ref }, actor) => {
      const r = await service.undeploy(ref, { deleteStorage, actor });
      return { ...r, deletedClaims: r.deletedClaims ?? [] };
    },
    {
      eventId: 'app-undeploy',
      meta: q => ({ ...appMeta(q), deleteStorage: String(q.deleteStorage) }),
      success: r => ({
        release: r.release,
        namespace: r.namespace,
        deletedClaims: r.deletedClaims,
      }),
    },
  );

  serve(
    'rollback',
    ({ revision, ...ref }, actor) => service.rollback(ref, revision, actor),
    {
      eventId: 'app-rollback',
      meta: r => ({ ...appMeta(r), toRevision: r.revision }),
      success: operatedMeta,
    },
  );

  serve(
    'scale',
    ({ replicas, ...ref }, actor) => service.scale(ref, replicas, actor),
    {
      eventId: 'app-scale',
      meta: r => ({ ...appMeta(r), replicas: r.replicas }),
      success: operatedMeta,
    },
  );

  serve('restart', (ref, actor) => service.restart(ref, actor), {
    eventId: 'app-restart',
    meta: appMeta,
    success: operatedMeta,
  });

  serve('status', ref => service.status(ref));

  serve('logs', ({ tailLines, previous, ...ref }) =>
    service.logs(ref, tailLines, { previous }),
  );

  // Live logs as server-sent events: one `data:` line of {replica, line} per log line of any
  // replica, until the client goes away; bounded per user and in total.
  const follow = ksmlRoute('followLogs');
  router[follow.method](follow.path, async (req, res) => {
    const {
      tailLines,
      previous: _previous,
      ...ref
    } = parseRouteInput(follow, req);
    const actor = await authorize(req, permissionOf(follow), ref);
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    let slot: { release(): void } | undefined;
    let refused: string | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      await service.followLogs(ref, {
        tailLines,
        signal: closed.signal,
        // The app has pods to follow (else a 404 went out): take a slot, then begin.
        onStart: () => {
          const taken = liveLogs.acquire(actor ?? 'anonymous');
          if ('refused' in taken) {
            refused = taken.refused;
            closed.abort();
            return;
          }
          slot = taken;
          res.status(200).set({
            'Content-Type': 'text/event-stream',
            'Cache-Control': 'no-cache, no-transform',
            'X-Accel-Buffering': 'no',
          });
          res.flushHeaders();
          res.write(': following\n\n');
          // Keeps proxies from closing a quiet stream.
          heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        },
        onLine: line => res.write(`data: ${JSON.stringify(line)}\n\n`),
      });
    } catch (error) {
      if (!res.headersSent) throw error;
      res.write(
        `event: error\ndata: ${JSON.stringify({
          message: (error as Error).message,
        })}\n\n`,
      );
    } finally {
      clearInterval(heartbeat);
      slot?.release();
    }
    if (refused) {
      res.status(429).json({
        error: {
          name: 'TooManyRequestsError',
          message: refused,
          reason: 'TooManyStreams',
        },
      });
    } else if (res.headersSent) {
      res.end();
    }
  });

  serve('metrics', ({ deploymentMode: _mode, ...ref }) => service.metrics(ref));

  serve('history', async ref => ({ items: await service.history(ref) }));

  serve('revisions', async ref => ({ items: await service.revisions(ref) }));

  serve('events', async ref => ({ items: await service.events(ref) }));

  serve('topology', ref => service.topology(ref));

  serve('lag', ref => service.lag(ref));

  serve('gitopsFiles', ref => service.gitopsFiles(ref));

  serve('apps', async () => ({ items: await service.apps() }));

  // Every error leaves with a reason code of the contract (ksmlErrorReasons): its own, or its
  // status'. Backstage's error middleware then writes it into `error.reason` of the answer.
  router.use(((error, _req, _res, next) => {
    if (error instanceof Error && !reasonOf(error)) {
      withReason(error, reasonForStatus(statusOfError(error)));
    }
    next(error);
  }) as ErrorRequestHandler);

  return router;
}
