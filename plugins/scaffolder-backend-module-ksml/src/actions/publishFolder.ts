import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CatalogRegistrationDeps,
  declaredEntityRefs,
  registerPublished,
} from './catalogRegistration';
import { examples } from './publishFolder.examples';

/** Options for {@link createKsmlPublishFolderAction}. */
export interface KsmlPublishFolderOptions {
  /**
   * The folder published apps go into (config `ksml.scaffolder.publishFolder`). Unset: the
   * action refuses, so a production portal does not write to its own disk by accident.
   */
  root?: string;
  /**
   * The catalog, to make a published catalog-info.yaml's entity exist before the task ends
   * (its "Open in catalog" link then works); without it the entity appears at the catalog's
   * next processing round.
   */
  registration?: Omit<CatalogRegistrationDeps, 'logger'>;
}

const FOLDER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `ksml:publish:folder`: the offline publish step of the dev portal. Copies (part of) the
 * workspace to `<publishFolder>/<name>` (or to `targetPath` inside it, keeping the rest); a catalog location over that folder registers the
 * entity (refreshed at once, and waited for, when the catalog is given) and Flux or Argo CD can
 * watch it like a repository. Production templates use
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
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder inside the published one to publish into, e.g. deploy/stag: only that folder is written (or replaced), the rest of an earlier publish stays; default the whole folder',
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
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The first entity the published catalog-info.yaml declares, once it is in the catalog',
            ),
      },
    },
    async handler(ctx) {
      const { name, sourcePath = '.', targetPath, replace = false } = ctx.input;
      if (!options.root) {
        throw new InputError(
          'ksml:publish:folder is not configured: set ksml.scaffolder.publishFolder (the dev portal does), or publish with publish:github / publish:gitlab',
        );
      }
      const source = resolveSafeChildPath(ctx.workspacePath, sourcePath);
      const target = resolveSafeChildPath(options.root, name);
      // Into a folder of an earlier publish (a promotion's deploy/<environment>), as
      // publish:github:pull-request's targetPath does in a repository.
      const destination = targetPath
        ? resolveSafeChildPath(target, targetPath)
        : target;
      const outputs = () => {
        ctx.output('path', target);
        ctx.output('remoteUrl', `file://${target}`);
        ctx.output('catalogInfoPath', join(target, 'catalog-info.yaml'));
      };
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${sourcePath} to ${destination}`,
        );
        outputs();
        return;
      }
      await ctx.checkpoint({
        key: `ksml.publish.${name}${targetPath ? `.${targetPath}` : ''}`,
        fn: async () => {
          const exists = await stat(destination).then(
            () => true,
            () => false,
          );
          if (exists && !replace) {
            throw new ConflictError(
              `${
                targetPath ? 'targetPath' : 'name'
              }: ${destination} was published before; choose another ${
                targetPath ? 'folder' : 'name'
              } or set replace: true`,
            );
          }
          if (exists) await rm(destination, { recursive: true, force: true });
          await cp(source, destination, { recursive: true });
        },
      });
      ctx.logger.info(`Published ${sourcePath} to ${destination}`);
      outputs();
      const catalogInfoPath = join(target, 'catalog-info.yaml');
      const [entityRef] = declaredEntityRefs(
        await readFile(catalogInfoPath, 'utf8').catch(() => ''),
      );
      if (entityRef && options.registration) {
        const registered = await registerPublished(
          { ...options.registration, logger: ctx.logger },
          { catalogInfoPath, entityRef },
        ).catch(error => {
          // Published either way: the catalog finds the entity at its next round.
          ctx.logger.warn(
            `Could not ask the catalog to read ${catalogInfoPath} now: ${error}`,
          );
          return false;
        });
        if (registered) ctx.output('entityRef', entityRef);
      }
    },
  });
}
