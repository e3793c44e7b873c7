import type {
  KsmlAppRef,
  KsmlDeployResponse,
  KsmlOperationResponse,
} from '@ksml-backstage/plugin-ksml-common';
import type { DeployResult } from '@ksml-backstage/plugin-ksml-node';
import type { KsmlService } from '../service/KsmlService';
import type { AuditMeta, Serve } from './serve';

/** What identifies an app in an audit event. */
const appMeta = (ref: KsmlAppRef): AuditMeta => ({
  tenant: ref.tenant,
  instance: ref.instance,
  environment: ref.environment,
  application: ref.application,
});

/**
 * A deploy and a redeploy answer and audit alike: the release and revision, and the names (never
 * values) of the Kafka properties kept in the Secret.
 */
const deployedBody = (r: DeployResult): KsmlDeployResponse => ({
  helm: r.helm,
  secretProperties: r.secretProperties,
  warnings: r.warnings,
  ...(r.tests ? { tests: r.tests } : {}),
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
 * The routes that change an app (deploy, redeploy, undeploy, rollback, scale, restart,
 * promote, offset reset), audited.
 */
export function serveChanges(serve: Serve, service: KsmlService): void {
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

  // Runs a Job with the app's image on its cluster (or a JVM beside the backend): audited,
  // with the suites' names and the outcome, never their content.
  serve('test', request => service.test(request), {
    eventId: 'app-test',
    meta: r => ({ ...appMeta(r), suites: Object.keys(r.tests ?? {}).sort() }),
    success: r => ({
      ...r.counts,
      outcome: r.passed ? 'passed' : 'failed',
      ranOn: r.ranOn,
    }),
  });

  serve(
    'redeploy',
    async ({ secretKafkaProperties, definitions, schemas, ...ref }, actor) =>
      deployedBody(
        await service.redeploy(ref, {
          secretKafkaProperties,
          definitions,
          schemas,
          actor,
        }),
      ),
    {
      eventId: 'app-redeploy',
      // Whether what runs was edited, by name: never the definitions' or schemas' content.
      meta: r => ({
        ...appMeta(r),
        ...(r.definitions
          ? { replacedDefinitions: Object.keys(r.definitions).sort() }
          : {}),
        ...(r.schemas
          ? {
              replacedSchemas: r.schemas.map(s => s.schemaFileName).sort(),
            }
          : {}),
      }),
      success: deployedMeta,
    },
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

  // A promotion is audited with where from and to, never with Kafka properties (given or
  // resent secrets); a dry run too, since it reads what runs and checks the target's Kafka.
  serve('promote', (request, actor) => service.promote(request, actor), {
    eventId: 'app-promote',
    meta: r => ({
      tenant: r.tenant,
      instance: r.instance,
      application: r.application,
      from: r.from,
      to: r.to,
      dryRun: String(r.dryRun),
      replicas: r.replicas,
    }),
    success: r => ({
      fromRevision: r.from.revision,
      revision: r.deployed?.helm.revision,
      release: r.deployed?.helm.name,
      changedDefinitions: r.changedDefinitions,
    }),
  });

  // An offset reset is audited with where to and how many partitions, never with records; a
  // dry run too, since it reads the group's offsets.
  serve(
    'resetOffsets',
    (request, actor) => service.resetOffsets(request, actor),
    {
      eventId: 'app-reset-offsets',
      meta: r => ({
        ...appMeta(r),
        to: r.to,
        ...(r.time !== undefined ? { time: r.time } : {}),
        ...(r.topics ? { topics: r.topics } : {}),
        dryRun: String(r.dryRun),
      }),
      success: r => ({
        groupId: r.groupId,
        groupType: r.groupType,
        applied: String(r.applied),
        partitions: r.partitions.length,
        lagBefore: r.lagBefore,
        lagAfter: r.lagAfter,
      }),
    },
  );
}
