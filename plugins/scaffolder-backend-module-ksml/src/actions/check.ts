import { ConflictError, ResponseError } from '@backstage/errors';
import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { callBackend } from './backendErrors';
import { examples } from './check.examples';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';

/**
 * `ksml:app:check`: a template's first step, before anything is applied. Refuses a name that
 * already runs in one of the chosen environments (another team's app would be taken over by
 * the deploy that follows) unless the user asked to take it over; a takeover still needs the
 * user's own right to deploy that app, which the KSML backend checks at the deploy.
 */
export function createKsmlCheckAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:check',
    description:
      'Checks that a new KSML app does not already run in the chosen environments (unless takeover is set), before a template applies anything.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenant: z => z.string().describe('Tenant, e.g. "dizzl"'),
        instance: z => z.string().describe('Instance, e.g. "sandbox"'),
        application: z => z.string().describe('Application name'),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe('The environments the template deploys to'),
        takeover: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Deploy over an app of this name that already runs (default false: refused)',
            ),
      },
      output: {
        existingIn: z =>
          z
            .array(z.string())
            .describe('The chosen environments where the app already runs'),
      },
    },
    async handler(ctx) {
      const { environments, takeover = false, ...base } = ctx.input;
      const token = onBehalfOfInitiator(auth, ctx);
      const existingIn: string[] = [];
      for (const environment of environments) {
        const ref = { ...base, environment };
        const exists = await callBackend('status check', async () => {
          try {
            await ksml.status(ref, { token: await token() });
            return true;
          } catch (error) {
            if (error instanceof ResponseError && error.statusCode === 404) {
              return false;
            }
            throw error;
          }
        });
        if (exists) existingIn.push(environment);
      }
      ctx.output('existingIn', existingIn);
      if (existingIn.length === 0) {
        ctx.logger.info(
          `${base.application} is new in ${environments.join(', ')}`,
        );
        return;
      }
      const releases = existingIn
        .map(environment => releaseName({ ...base, environment }))
        .join(', ');
      if (!takeover) {
        throw new ConflictError(
          `application: ${base.application} already runs in ${existingIn.join(
            ', ',
          )} (${releases}); choose another name, or take the existing app over if it is yours to change`,
        );
      }
      ctx.logger.warn(
        `Taking over ${releases}: the next steps deploy over it, if you may deploy it`,
      );
    },
  });
}
