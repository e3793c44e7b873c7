import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { examples } from './publishFolder.examples';

/** Options for {@link createKsmlPublishFolderAction}. */
export interface KsmlPublishFolderOptions {
  /**
   * The folder published apps go into (config `ksml.scaffolder.publishFolder`). Unset: the
   * action refuses, so a production portal does not write to its own disk by accident.
   */
  root?: string;
}

const FOLDER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `ksml:publish:folder`: the offline publish step of the dev portal. Copies (part of) the
 * workspace to `<publishFolder>/<name>`; a catalog location over that folder registers the
 * entity and Flux or Argo CD can watch it like a repository. Production templates use
 * `publish:github` or `publish:gitlab` instead (see templates/README.md).
 */
export function createKsmlPublishFolderAction(
  options: KsmlPublishFolderOptions,
) {
  return createTemplateAction({
    id: 'ksml:publish:folder',
    description:
      'Publishes the workspace (or a part of it) to a local folder: the offline stand-in for publish:github in the dev portal.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(FOLDER_NAME, 'must be a lowercase DNS label')
            .describe('Folder to create under ksml.scaffolder.publishFolder'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to publish; default the whole workspace',
            ),
        replace: z =>
          z
            .boolean()
            .optional()
            .describe('Replace a folder published before; default false (409)'),
      },
      output: {
        path: z => z.string().describe('Absolute path of the published folder'),
        remoteUrl: z =>
          z.string().describe('file:// URL of the published folder'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Absolute path of the published catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const { name, sourcePath = '.', replace = false } = ctx.input;
      if (!options.root) {
        throw new InputError(
          'ksml:publish:folder is not configured: set ksml.scaffolder.publishFolder (the dev portal does), or publish with publish:github / publish:gitlab',
        );
      }
      const source = resolveSafeChildPath(ctx.workspacePath, sourcePath);
      const target = resolveSafeChildPath(options.root, name);
      const outputs = () => {
        ctx.output('path', target);
        ctx.output('remoteUrl', `file://${target}`);
        ctx.output('catalogInfoPath', join(target, 'catalog-info.yaml'));
      };
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${sourcePath} to ${target}`);
        outputs();
        return;
      }
      await ctx.checkpoint({
        key: `ksml.publish.${name}`,
        fn: async () => {
          const exists = await stat(target).then(
            () => true,
            () => false,
          );
          if (exists && !replace) {
            throw new ConflictError(
              `name: ${target} was published before; choose another name or set replace: true`,
            );
          }
          if (exists) await rm(target, { recursive: true, force: true });
          await cp(source, target, { recursive: true });
        },
      });
      ctx.logger.info(`Published ${sourcePath} to ${target}`);
      outputs();
    },
  });
}
