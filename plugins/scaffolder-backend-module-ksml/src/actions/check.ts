import { ConflictError, ResponseError } from '@backstage/errors';
import {
  releaseName,
  responseReasonOf,
} from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { callBackend } from './backendErrors';
import { examples } from './check.examples';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';

/**
 * `ksml:app:check`: a template's first step, before anything is applied. Refuses a name that
 * already runs in one of the chosen environments (another team's app would be taken over by
 * the deploy that follows) unless the user asked to take it over; a takeover still needs the
 * user's own right to deploy that app, which the KSML backend checks at the deploy.
 *
 * A takeover also republishes the app's catalog entity with the chosen environments only. So
 * with `knownEnvironments` (every environment the template offers) it looks where else the app
 * runs: an environment left out would run an app no entity lists any more, so that is refused
 * unless `undeployDropped` is set, and `droppedEnvironments` names them for a later step to
 * undeploy. The template's own list is asked rather than the backend's `GET /apps`: that lists
 * only what this backend deployed (not what Flux or Argo CD did), and needs one read per app
 * of the fleet rather than one per environment.
 */
export function createKsmlCheckAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:check',
    description:
      'Checks that a new KSML app does not already run in the chosen environments (unless takeover is set), and that a takeover leaves it running in no environment the template does not choose (unless undeployDropped is set), before a template applies anything.',
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
        knownEnvironments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Every environment the template offers; with takeover, where else the app runs is read there (an environment not chosen would drop out of the app's catalog entity)",
            ),
        undeployDropped: z =>
          z
            .boolean()
            .optional()
            .describe(
              'With takeover: go ahead where the app runs in a known environment that was not chosen, naming it in droppedEnvironments for a later step to undeploy (default false: refused)',
            ),
      },
      output: {
        existingIn: z =>
          z
            .array(z.string())
            .describe('The chosen environments where the app already runs'),
        droppedEnvironments: z =>
          z
            .array(z.string())
            .describe(
              'Known environments not chosen where the app runs, to undeploy (only with takeover and undeployDropped; else empty)',
            ),
      },
    },
    async handler(ctx) {
      const {
        environments,
        takeover = false,
        knownEnvironments = [],
        undeployDropped = false,
        ...base
      } = ctx.input;
      const token = onBehalfOfInitiator(auth, ctx);
      // A known environment this backend is not configured for (the template offers more
      // than one portal serves) has nothing of the app to drop; a chosen one is an error.
      const runs = async (environment: string, unknownIsAbsent: boolean) => {
        const ref = { ...base, environment };
        return callBackend('status check', async () => {
          try {
            await ksml.status(ref, { token: await token() });
            return true;
          } catch (error) {
            if (error instanceof ResponseError && error.statusCode === 404) {
              return false;
            }
            if (
              unknownIsAbsent &&
              responseReasonOf(error) === 'UnknownEnvironment'
            ) {
              return false;
            }
            throw error;
          }
        });
      };
      const runningIn = async (names: string[], unknownIsAbsent = false) => {
        const found = await Promise.all(
          names.map(name => runs(name, unknownIsAbsent)),
        );
        return names.filter((_, i) => found[i]);
      };
      const releasesIn = (names: string[]) =>
        names
          .map(environment => releaseName({ ...base, environment }))
          .join(', ');

      const existingIn = await runningIn(environments);
      ctx.output('existingIn', existingIn);
      if (existingIn.length > 0 && !takeover) {
        ctx.output('droppedEnvironments', []);
        throw new ConflictError(
          `application: ${base.application} already runs in ${existingIn.join(
            ', ',
          )} (${releasesIn(
            existingIn,
          )}); choose another name, or take the existing app over if it is yours to change`,
        );
      }
      // Only a takeover republishes the entity over the app's earlier one.
      const notChosen = takeover
        ? [...new Set(knownEnvironments)].filter(e => !environments.includes(e))
        : [];
      const dropped = await runningIn(notChosen, true);
      ctx.output('droppedEnvironments', undeployDropped ? dropped : []);
      if (dropped.length > 0 && !undeployDropped) {
        const named = dropped.join(', ');
        throw new ConflictError(
          `environments: the catalog entity would no longer list ${named}, where ${
            base.application
          } still runs (${releasesIn(
            dropped,
          )}): tick 'Undeploy from environments not chosen', or choose ${named} too`,
        );
      }
      if (existingIn.length === 0) {
        ctx.logger.info(
          `${base.application} is new in ${environments.join(', ')}`,
        );
      } else {
        ctx.logger.warn(
          `Taking over ${releasesIn(
            existingIn,
          )}: the next steps deploy over it, if you may deploy it`,
        );
      }
      if (dropped.length > 0) {
        ctx.logger.warn(
          `Going on without ${dropped.join(', ')}, where ${releasesIn(
            dropped,
          )} still runs: undeployDropped is set, so droppedEnvironments names ${
            dropped.length > 1 ? 'them' : 'it'
          } to undeploy`,
        );
      }
    },
  });
}
