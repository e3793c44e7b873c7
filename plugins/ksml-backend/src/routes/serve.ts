import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  isResourcePermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  assertContractResponse,
  KsmlOperationId,
  ksmlPermissions,
  KsmlRoute,
  ksmlRoute,
  KsmlResponseOf,
  KsmlRouteInputOf,
  parseRouteInput,
} from '@ksml-backstage/plugin-ksml-common';
import type { Request, Router } from 'express';
import type { KsmlAppIdentity } from '../permissions/AppEntities';

/** What an audit event says of a change. */
export type AuditMeta = Record<string, string | number | string[] | undefined>;

/** What an operation's input is once parsed. */
export type RouteInput<O extends KsmlOperationId> = KsmlRouteInputOf<
  ReturnType<typeof ksmlRoute<O>>
>;

/** How a change is audited: what it changes, and how it ended. */
export interface RouteAudit<I, T> {
  eventId: string;
  meta: (input: I) => AuditMeta;
  success: (result: T) => AuditMeta;
}

/** Registers an operation of the contract with what it does (and, for a change, its audit). */
export type Serve = <O extends KsmlOperationId>(
  operationId: O,
  run: (
    input: RouteInput<O>,
    actor: string | undefined,
  ) => Promise<KsmlResponseOf<O>>,
  audit?: RouteAudit<RouteInput<O>, KsmlResponseOf<O>>,
) => void;

/** The caller when the permission allows it (on the app, when one is named); else a 403. */
export type Authorize = (
  req: Request,
  permission: Permission,
  app?: KsmlAppIdentity,
) => Promise<string | undefined>;

const permissionsByName = new Map<string, Permission>(
  ksmlPermissions.map(p => [p.name, p]),
);

/** The permission a route of the contract names. */
export function permissionOf(route: KsmlRoute): Permission {
  const permission = permissionsByName.get(route.permission);
  if (!permission)
    throw new Error(`${route.operationId}: no permission ${route.permission}`);
  return permission;
}

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

/**
 * The registration of the contract's routes (ksmlRoutes) on `router`: each one's method, path,
 * permission and input schema come from the contract. Its permission is checked (403 naming it)
 * and its input parsed once (400 naming the field): a plain permission first, one on the app's
 * catalog entity after the input has named the app. A change also runs as an audit event saying
 * what is changed and by whom (never Kafka properties), and how it ended.
 */
export function createServe(options: {
  router: Router;
  authorize: Authorize;
  auditor: AuditorService;
  /** Check each answer against the contract (a 500 naming the difference): in tests. */
  checkResponses?: boolean;
}): Serve {
  const { router, authorize, auditor, checkResponses } = options;
  return (operationId, run, audit) => {
    const spec = ksmlRoute(operationId);
    const permission = permissionOf(spec);
    const parse = (req: Request) => parseRouteInput(spec, req);
    router[spec.method](spec.path, async (req, res) => {
      let input: ReturnType<typeof parse>;
      let actor: string | undefined;
      if (isResourcePermission(permission)) {
        input = parse(req);
        actor = await authorize(req, permission, appOf(input));
      } else {
        actor = await authorize(req, permission);
        input = parse(req);
      }
      const answer = (body: KsmlResponseOf<typeof operationId>) => {
        if (checkResponses) assertContractResponse(operationId, body);
        res.json(body);
      };
      if (!audit) {
        answer(await run(input, actor));
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
        answer(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    });
  };
}
