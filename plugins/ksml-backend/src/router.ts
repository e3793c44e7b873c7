import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { Permission } from '@backstage/plugin-permission-common';
import {
  ksmlRoute,
  parseRouteInput,
  reasonForStatus,
  reasonOf,
  statusOfError,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import express, { ErrorRequestHandler, Request } from 'express';
import Router from 'express-promise-router';
import { KsmlService } from './service/KsmlService';
import { AppEntities, KsmlAppIdentity } from './permissions/AppEntities';
import { AppPermissions, UnownedApps } from './permissions/AppPermissions';
import { ReadDecisions } from './permissions/ReadDecisions';
import { LiveLogLimits, LiveLogSlots } from './service/LiveLogSlots';
import { bodyLimit } from './routes/bodyLimit';
import { serveChanges } from './routes/changes';
import { followLogsHandler } from './routes/followLogs';
import { serveReads } from './routes/reads';
import { createServe, permissionOf } from './routes/serve';

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
  /**
   * Check every answer against the contract (a 500 naming the difference); default: where
   * `KSML_CHECK_RESPONSES=1` (the tests and the dev portal).
   */
  checkResponses?: boolean;
}

/** The largest request body the routes read (definitions and schemas are about 1 MB at most). */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The KSML routes (mounted at /api/ksml), as the contract (ksmlRoutes) lists them: the KSML
 * Provisioner 0.5.0 readme's routes plus day-2 operations, history, topology, lag and the fleet.
 * Input is validated with the contract's zod schemas (400 naming the field), permissions are
 * checked here, changes are audited; errors go to Backstage's error middleware with a reason code.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(bodyLimit(BODY_LIMIT_BYTES));
  router.use(express.json({ limit: BODY_LIMIT_BYTES }));

  const appPermissions = new AppPermissions({
    permissions,
    reads: new ReadDecisions(permissions, options.readDecisionTtlMs ?? 5000),
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

  const serve = createServe({
    router,
    authorize,
    auditor,
    checkResponses:
      options.checkResponses ?? process.env.KSML_CHECK_RESPONSES === '1',
  });
  serveChanges(serve, service);
  serveReads(serve, service);

  const follow = ksmlRoute('followLogs');
  router[follow.method](
    follow.path,
    followLogsHandler({
      parse: req => {
        const { previous: _previous, ...query } = parseRouteInput(follow, req);
        return query;
      },
      authorize: (req, app) => authorize(req, permissionOf(follow), app),
      follow: (ref, how) => service.followLogs(ref, how),
      slots: new LiveLogSlots({
        perUser: options.liveLogs?.perUser ?? 3,
        total: options.liveLogs?.total ?? 100,
      }),
    }),
  );

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
