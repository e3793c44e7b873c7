import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ksmlPermissions } from '@ksml-backstage/plugin-ksml-common';
import {
  HelmCli,
  KsmlProvisioner,
  KsmlTarget,
  ksmlTargetsExtensionPoint,
  PrivateFiles,
  PrometheusHistory,
} from '@ksml-backstage/plugin-ksml-node';
import { chartReference, readKsmlConfig } from './config/readKsmlConfig';
import { DeploymentStore } from './database/DeploymentStore';
import { resolve as resolvePath } from 'node:path';
import { AppEntities } from './permissions/AppEntities';
import { createRouter } from './router';
import { KafkaInsight } from './kafka/KafkaInsight';
import { KsmlService } from './service/KsmlService';
import { createTargetResolver } from './service/targets';

/**
 * The KSML backend plugin (pluginId `ksml`): deploys KSML apps with Helm and serves their
 * status, logs and metrics at /api/ksml.
 */
export const ksmlPlugin = createBackendPlugin({
  pluginId: 'ksml',
  register(env) {
    const addedTargets = new Map<string, KsmlTarget>();
    env.registerExtensionPoint(ksmlTargetsExtensionPoint, {
      addTarget(environment, target) {
        addedTargets.set(environment, target);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        lifecycle,
        auth,
        catalog,
      }) {
        const files = new PrivateFiles();
        const settings = readKsmlConfig(config, files);
        const helm = HelmCli.create({
          binary: settings.helm.binary,
          timeoutSeconds: settings.helm.timeoutSeconds,
          chart: settings.chart,
          logger,
        });
        const clusters = KsmlProvisioner.create({
          helm,
          resolveTarget: settings.resolveTarget,
          customValues: settings.customValues,
          environmentValues: environment =>
            settings.environmentValues[environment],
          secretProperties: settings.secretKafkaProperties,
          tests: settings.tests,
          logger,
        });
        // Each environment's Prometheus, for trends longer than the hour the backend keeps.
        const prometheus = new Map<string, PrometheusHistory>();
        for (const [environment, options] of Object.entries(
          settings.prometheus,
        ))
          prometheus.set(environment, await PrometheusHistory.create(options));
        const kafka = new KafkaInsight({
          kafkaOf: settings.kafkaOf,
          kafkaKeyOf: settings.kafkaKeyOf,
        });
        lifecycle.addShutdownHook(async () => {
          await kafka.close();
          await helm.close();
          await clusters.close();
          files.remove();
        });
        // The configured clusters' caches start now (the backend serves meanwhile, reading the
        // API until they are warm); others start on their first read.
        const watched = (settings.environments ?? [])
          .filter(
            environment =>
              !addedTargets.has(environment) &&
              !settings.provisioners[environment],
          )
          .map(environment => settings.resolveTarget(environment));
        void clusters
          .warm(watched)
          .catch(error =>
            logger.warn(`Could not start watching KSML apps: ${error.message}`),
          );

        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@ksml-backstage/plugin-ksml-backend',
              'migrations',
            ),
          });
        }

        // Relative to where the backend runs, as the scaffolder module reads it.
        const publishFolder = config.getOptionalString(
          'ksml.scaffolder.publishFolder',
        );
        const service = KsmlService.create({
          targets: await createTargetResolver({
            settings,
            clusters,
            added: addedTargets,
            onShutdown: close => lifecycle.addShutdownHook(close),
          }),
          store: DeploymentStore.create(db),
          logger,
          chart: chartReference(settings.chart),
          publishFolder: publishFolder && resolvePath(publishFolder),
          kafka,
          prometheus: environment => prometheus.get(environment),
          resolveNamespace: environment =>
            addedTargets.has(environment)
              ? environment
              : settings.resolveTarget(environment).namespace,
        });

        permissionsRegistry.addPermissions(ksmlPermissions);
        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            permissions,
            auditor,
            readDecisionTtlMs: settings.readDecisionTtlMs,
            liveLogs: settings.liveLogs,
            appEntities: new AppEntities({ catalog, auth }),
            unownedApps: settings.unownedApps,
          }),
        );
      },
    });
  },
});
