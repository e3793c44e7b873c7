import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  BasicPermission,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  appRefSchema,
  deployRequestSchema,
  ksmlAppDeployPermission,
  ksmlAppLogsReadPermission,
  ksmlAppReadPermission,
  KsmlDeployResponse,
  ksmlAppUndeployPermission,
  logsQuerySchema,
  metricsQuerySchema,
  parseInput,
  undeployQuerySchema,
} from '@ksml-backstage/plugin-ksml-common';
import { DeployResult } from '@ksml-backstage/plugin-ksml-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { KsmlService } from './service/KsmlService';
import { ReadDecisions } from './permissions/ReadDecisions';

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
}

const redeployBodySchema = appRefSchema
  .extend({
    /** Values of the secret Kafka properties, which the recorded request holds redacted. */
    secretKafkaProperties: z.record(z.string(), z.string()).optional(),
  })
  .strict();

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
  router.use(express.json({ limit: '2mb' }));

  const readDecisions = new ReadDecisions(
    permissions,
    options.readDecisionTtlMs ?? 5000,
  );
  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    const result =
      permission.attributes.action === 'read'
        ? await readDecisions.authorize(permission, credentials)
        : (await permissions.authorize([{ permission }], { credentials }))[0]
            .result;
    if (result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };
  // Who asked: a user's entity ref, or a service's subject (e.g. the scaffolder's plugin id).
  const actorOf = (
    credentials: Awaited<ReturnType<typeof authorize>>,
  ): string | undefined => {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return principal.userEntityRef ?? principal.subject;
  };

  // Runs a change as an audit event: what is changed and by whom, never Kafka properties.
  const audited = async <T extends object>(
    req: Request,
    eventId: string,
    meta: Record<string, string | number>,
    run: () => Promise<T>,
    successMeta: (result: T) => Record<string, string | number | string[]>,
  ): Promise<T> => {
    const auditEvent = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await run();
      await auditEvent.success({ meta: successMeta(result) });
      return result;
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }
  };

  // A deploy and a redeploy answer and audit alike: the release and revision, and the names
  // (never values) of the Kafka properties kept in the Secret.
  const deployedBody = (r: DeployResult): KsmlDeployResponse => ({
    helm: r.helm,
    secretProperties: r.secretProperties,
    warnings: r.warnings,
  });
  const deployedMeta = (r: DeployResult) => ({
    release: r.helm.name,
    revision: r.helm.revision,
    secretProperties: r.secretProperties,
  });

  router.post('/deploy', async (req, res) => {
    const credentials = await authorize(req, ksmlAppDeployPermission);
    const request = parseInput(deployRequestSchema, req.body, 'deploy request');
    const {
      tenant,
      instance,
      environment,
      application,
      replicas,
      deploymentMode,
    } = request;
    const result = await audited(
      req,
      'app-deploy',
      { tenant, instance, environment, application, replicas, deploymentMode },
      () => service.deploy(request, actorOf(credentials)),
      deployedMeta,
    );
    res.json(deployedBody(result));
  });

  // GitOps and dry runs: validates like a deploy, returns what it would install, applies nothing.
  router.post('/render', async (req, res) => {
    await authorize(req, ksmlAppReadPermission);
    res.json(
      await service.render(
        parseInput(deployRequestSchema, req.body, 'deploy request'),
      ),
    );
  });

  router.post('/redeploy', async (req, res) => {
    const credentials = await authorize(req, ksmlAppDeployPermission);
    const { secretKafkaProperties, ...ref } = parseInput(
      redeployBodySchema,
      req.body,
      'redeploy request',
    );
    const result = await audited(
      req,
      'app-redeploy',
      { ...ref },
      () =>
        service.redeploy(ref, {
          secretKafkaProperties,
          actor: actorOf(credentials),
        }),
      deployedMeta,
    );
    res.json(deployedBody(result));
  });

  router.delete('/deploy', async (req, res) => {
    const credentials = await authorize(req, ksmlAppUndeployPermission);
    const { deleteStorage, ...ref } = parseInput(
      undeployQuerySchema,
      req.query,
      'undeploy query',
    );
    res.json(
      await audited(
        req,
        'app-undeploy',
        { ...ref, deleteStorage: String(deleteStorage) },
        () =>
          service.undeploy(ref, { deleteStorage, actor: actorOf(credentials) }),
        r => ({
          release: r.release,
          namespace: r.namespace,
          deletedClaims: r.deletedClaims ?? [],
        }),
      ),
    );
  });

  router.get('/status', async (req, res) => {
    await authorize(req, ksmlAppReadPermission);
    res.json(await service.status(parseInput(appRefSchema, req.query, 'app')));
  });

  router.get('/logs', async (req, res) => {
    await authorize(req, ksmlAppLogsReadPermission);
    const { tailLines, ...ref } = parseInput(
      logsQuerySchema,
      req.query,
      'logs query',
    );
    res.json(await service.logs(ref, tailLines));
  });

  router.get('/metrics', async (req, res) => {
    await authorize(req, ksmlAppReadPermission);
    const { deploymentMode: _mode, ...ref } = parseInput(
      metricsQuerySchema,
      req.query,
      'metrics query',
    );
    res.json(await service.metrics(ref));
  });

  router.get('/history', async (req, res) => {
    await authorize(req, ksmlAppReadPermission);
    res.json({
      items: await service.history(parseInput(appRefSchema, req.query, 'app')),
    });
  });

  router.get('/apps', async (req, res) => {
    await authorize(req, ksmlAppReadPermission);
    res.json({ items: await service.apps() });
  });

  return router;
}
