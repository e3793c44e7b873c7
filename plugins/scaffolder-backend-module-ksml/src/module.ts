import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { KsmlClient } from '@ksml-backstage/plugin-ksml-common';
import { resolve as resolvePath } from 'node:path';
import { createKsmlCheckAction } from './actions/check';
import { createKsmlDeployAction } from './actions/deploy';
import { createKsmlPromoteAction } from './actions/promote';
import { createKsmlPromoteRenderAction } from './actions/promoteRender';
import { createKsmlPublishFolderAction } from './actions/publishFolder';
import { createKsmlRenderAction } from './actions/render';
import { createKsmlResetOffsetsAction } from './actions/resetOffsets';
import { createKsmlUndeployAction } from './actions/undeploy';
import {
  createKsmlRollbackAction,
  createKsmlScaleAction,
} from './actions/operate';

/**
 * The scaffolder module that adds `ksml:app:check`, `ksml:app:deploy`, `ksml:app:render`, `ksml:app:undeploy`,
 * `ksml:app:rollback`, `ksml:app:scale`, `ksml:app:reset-offsets`, `ksml:app:promote`, `ksml:app:promote-render`
 * and the dev portal's offline `ksml:publish:folder`. The actions call the KSML backend plugin (pluginId `ksml`) over HTTP,
 * found through discovery, with a token on behalf of the task's initiator.
 */
export const scaffolderModuleKsml = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ksml',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, config, catalog }) {
        const ksml = new KsmlClient({ discoveryApi: discovery });
        const pollIntervalMs = config.getOptionalNumber(
          'ksml.scaffolder.pollIntervalMs',
        );
        const publishFolder = config.getOptionalString(
          'ksml.scaffolder.publishFolder',
        );
        scaffolder.addActions(
          createKsmlCheckAction({ ksml, auth }),
          createKsmlDeployAction({ ksml, auth, pollIntervalMs }),
          createKsmlRenderAction({ ksml, auth }),
          createKsmlUndeployAction({ ksml, auth }),
          createKsmlRollbackAction({ ksml, auth }),
          createKsmlScaleAction({ ksml, auth }),
          createKsmlResetOffsetsAction({ ksml, auth, pollIntervalMs }),
          createKsmlPromoteAction({ ksml, auth }),
          createKsmlPromoteRenderAction({ ksml, auth }),
          createKsmlPublishFolderAction({
            root: publishFolder && resolvePath(publishFolder),
            registration: { catalog, auth },
          }),
        );
      },
    });
  },
});
