import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { callBackend } from './backendErrors';
import { appOutput, appRefInput } from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { examples } from './undeploy.examples';

/**
 * `ksml:app:undeploy`: uninstalls a KSML app through the KSML backend, for clean-up templates.
 * The store's PersistentVolumeClaims stay unless `deleteStorage` is true.
 */
export function createKsmlUndeployAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:undeploy',
    description:
      'Undeploys a KSML app with the KSML backend (helm uninstall); keeps its store volumes unless deleteStorage is true.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        deleteStorage: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Also delete the app's PersistentVolumeClaims (its KSML store); default false",
            ),
      },
      output: {
        ...appOutput,
        deletedClaims: z =>
          z
            .array(z.string())
            .describe('PersistentVolumeClaims deleted with the app'),
      },
    },
    async handler(ctx) {
      const { deleteStorage = false, ...ref } = ctx.input;
      const release = releaseName(ref);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: ${release} would be undeployed`);
        ctx.output('releaseName', release);
        ctx.output('namespace', '');
        ctx.output('deletedClaims', []);
        return;
      }
      const token = onBehalfOfInitiator(auth, ctx);
      const result = await ctx.checkpoint({
        key: `ksml.undeploy.${release}`,
        fn: () =>
          callBackend('undeploy', async () => ({
            ...(await ksml.undeploy(
              { ...ref, deleteStorage },
              { token: await token() },
            )),
          })),
      });
      ctx.logger.info(
        `Undeployed ${result.release} from namespace ${result.namespace}${
          result.deletedClaims.length
            ? `; deleted ${result.deletedClaims.join(', ')}`
            : ''
        }`,
      );
      ctx.output('releaseName', result.release);
      ctx.output('namespace', result.namespace);
      // A fresh array: see the secretProperties output of ksml:app:render.
      ctx.output('deletedClaims', [...result.deletedClaims]);
    },
  });
}
