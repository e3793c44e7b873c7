import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readDeployRequest } from '../workspace/readRequest';
import { entityAnnotations } from './annotations';
import { callBackend } from './backendErrors';
import {
  annotationsOutput,
  appOutput,
  appRefInput,
  appSpecInput,
} from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { examples } from './render.examples';
import {
  gitopsInput,
  gitopsOptionsOf,
  gitopsOutput,
  splitGitopsInput,
  writeRenderedApp,
} from './writeRenderedApp';

/**
 * `ksml:app:render`: the GitOps path. Validates the app like a deploy, then writes into the
 * workspace the chart values the KSML backend would use (secrets left to an existing Secret),
 * a Flux chart source + HelmRelease and an Argo CD Application, ready for a publish or
 * pull-request step. Nothing is deployed.
 */
export function createKsmlRenderAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:render',
    description:
      'Renders a KSML app for GitOps: values.yaml, a Flux OCIRepository + HelmRelease and an Argo CD Application in the workspace. Validates like ksml:app:deploy; deploys nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        ...appSpecInput,
        ...gitopsInput,
      },
      output: {
        ...appOutput,
        ...gitopsOutput,
        annotations: annotationsOutput,
      },
    },
    async handler(ctx) {
      const { gitops, rest: app } = splitGitopsInput(ctx.input);
      const files = gitopsOptionsOf(gitops, app.environment);
      const request = await readDeployRequest(app, ctx.workspacePath);
      const token = onBehalfOfInitiator(auth, ctx);
      const rendered = await callBackend('render', async () =>
        ksml.render(request, { token: await token() }),
      );
      // A dry run writes too: its workspace is thrown away, and the template editor shows it.
      await writeRenderedApp(ctx, app, rendered, files);
      ctx.output('annotations', entityAnnotations(app));
    },
  });
}
