import { NotFoundError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  changedDefinitions,
  KsmlAppRef,
  KsmlDefinitionResponse,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { callBackend, describeBackendError } from './backendErrors';
import { appOutput, appSpecInput, promotionInput } from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { examples } from './promoteRender.examples';
import {
  PromotionRenderInput,
  promotionRenderRequest,
} from './promotionRenderRequest';
import {
  RenderedTargetDefinitions,
  renderedTargetDefinitions,
} from './renderedTargetDefinitions';
import {
  gitopsInput,
  gitopsOptionsOf,
  gitopsOutput,
  splitGitopsInput,
  writeRenderedApp,
} from './writeRenderedApp';

/**
 * `ksml:app:promote-render`: the promotion of an app that Flux or Argo CD deploy (its entity
 * has `ksml/deployed-by: gitops`). It reads what runs in `from` (definitions, schemas, replicas
 * and mode, from its release: `GET /definition`), renders that for `to` with the target's own
 * Kafka properties (`POST /render`, which checks the chart values and the target's Kafka and
 * applies nothing) and writes the files `ksml:app:render` writes into the target's folder
 * (default `deploy/<to>`), ready for a publish or pull-request step. Nothing is deployed and
 * nothing is recorded in the target's history: the commit is the promotion, and Flux or Argo CD
 * apply it.
 *
 * A separate action rather than a `gitops` flag on `ksml:app:promote`: its inputs are the
 * render's (the Flux and Argo CD settings, a target folder) and its outputs are files, not a
 * Helm revision, and it needs only `ksml.app.read`; one action with two modes would have half
 * of its schema meaningless in each.
 *
 * With `dryRun`, or in the scaffolder's dry run, the target still checks the render but no file
 * is written; the outputs say what would be. `changedDefinitions` compares with the target's
 * current rendered values where they can be read (the workspace's target folder, else the files
 * the portal published for the target); otherwise it is left out and the log says why.
 */
export function createKsmlPromoteRenderAction({
  ksml,
  auth,
}: KsmlActionOptions) {
  return createTemplateAction({
    id: 'ksml:app:promote-render',
    description:
      "Promotes a GitOps-managed KSML app: renders what runs in one environment for another, with the target's own Kafka properties, into the files ksml:app:render writes (values.yaml, Flux, Argo CD, KsmlApp) under the target's folder, ready to publish. Deploys nothing. With dryRun (or in a dry run) nothing is written.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...promotionInput,
        resources: appSpecInput.resources,
        storage: appSpecInput.storage,
        kafkaProperties: z =>
          z
            .record(z.union([z.string(), z.number(), z.boolean()]))
            .optional()
            .describe(
              "The target's Kafka client properties (needed: a GitOps target has no recorded deploy). Secret ones stay out of the files; pass them from ${{ secrets.* }}",
            ),
        bootstrapServers: z =>
          z
            .string()
            .optional()
            .describe(
              "The target's Kafka bootstrap servers, short for kafkaProperties['bootstrap.servers']",
            ),
        allowMissingTopics: appSpecInput.allowMissingTopics,
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Only check the render against the target and say what would be written; write nothing',
            ),
        ...gitopsInput,
      },
      output: {
        ...appOutput,
        ...gitopsOutput,
        fromRevision: z =>
          z
            .number()
            .describe('The revision of from whose definitions were promoted'),
        files: z =>
          z
            .array(z.string())
            .describe(
              'Workspace paths of the files written (in a dry run: that would be written)',
            ),
        changedDefinitions: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "The definitions (KSML namespaces) that differ from the target's current rendered values; left out when those cannot be read",
            ),
        comparedWith: z =>
          z
            .string()
            .optional()
            .describe(
              'Where the target\'s current rendered values were read, e.g. "the files published for stag"',
            ),
        warnings: z =>
          z
            .array(z.string())
            .describe("The target's checks that did not refuse"),
      },
    },
    async handler(ctx) {
      const { gitops, rest } = splitGitopsInput(ctx.input);
      const { dryRun: asked, ...input } = rest as PromotionRenderInput & {
        dryRun?: boolean;
      };
      const dryRun = ctx.isDryRun || asked === true;
      const app = {
        tenant: input.tenant,
        instance: input.instance,
        application: input.application,
      };
      const target = { ...app, environment: input.to };
      const token = onBehalfOfInitiator(auth, ctx);

      const source = await readSource(
        ksml,
        { ...app, environment: input.from },
        token,
      );
      const request = promotionRenderRequest(input, source);
      const options = {
        ...gitopsOptionsOf(gitops, input.to),
        provenance: `Promoted from \`${input.from}\` (revision ${source.revision}): the definitions and schemas that run there, with the Kafka properties of \`${input.to}\`.`,
      };
      // Read before anything is written: afterwards the target folder holds the new values.
      const [rendered, current] = await Promise.all([
        callBackend('render', async () =>
          ksml.render(request, { token: await token() }),
        ),
        renderedTargetDefinitions({
          workspacePath: ctx.workspacePath,
          targetPath: options.targetPath,
          target,
          ksml,
          token,
        }),
      ]);

      const written = await writeRenderedApp(
        ctx,
        target,
        rendered,
        options,
        !dryRun,
      );
      const { text: changes, compared } = comparison(
        source.definitions,
        current,
      );
      if (compared) {
        ctx.output('changedDefinitions', compared.changed);
        ctx.output('comparedWith', compared.where);
      }
      ctx.logger.info(
        dryRun
          ? `Dry run: ${input.from} (revision ${source.revision}) would be promoted to ${rendered.release} as GitOps files in ${options.targetPath}; ${changes}; nothing was written`
          : `Promoted ${input.from} (revision ${source.revision}) to ${rendered.release} as GitOps files in ${options.targetPath}, ready to commit; ${changes}`,
      );
      ctx.output('fromRevision', source.revision);
      ctx.output('files', written);
      ctx.output('warnings', [...rendered.warnings]);
    },
  });
}

/**
 * What the promotion changes against the target's current rendered definitions, as a phrase for
 * the log and, when those are known, the definitions and where they were read.
 */
function comparison(
  source: Record<string, string>,
  current: RenderedTargetDefinitions,
): { text: string; compared?: { changed: string[]; where: string } } {
  if (!current.known) {
    return { text: `definitions changed: unknown (${current.why})` };
  }
  const changed = changedDefinitions(source, current.definitions);
  return {
    text: `definitions changed against ${current.where}: ${
      changed.length ? changed.join(', ') : 'none'
    }`,
    compared: { changed, where: current.where },
  };
}

/**
 * What runs in the source, read from its release. Nothing running there is the user's mistake
 * (a wrong `from`), said as such: a NotFoundError naming the field, with the backend's words.
 */
async function readSource(
  ksml: KsmlActionOptions['ksml'],
  source: KsmlAppRef,
  token: () => Promise<string>,
): Promise<KsmlDefinitionResponse> {
  try {
    return await ksml.definition(source, { token: await token() });
  } catch (error) {
    if (error instanceof ResponseError && error.statusCode === 404) {
      throw withReason(
        new NotFoundError(
          `from: ${source.application} does not run in ${source.environment}, so there is nothing to promote (KSML backend: ${error.body.error.message})`,
        ),
        'NotDeployed',
      );
    }
    throw describeBackendError(
      `read of what runs in ${source.environment}`,
      error,
    );
  }
}
