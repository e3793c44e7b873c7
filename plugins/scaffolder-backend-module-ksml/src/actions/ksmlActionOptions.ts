import type { AuthService } from '@backstage/backend-plugin-api';
import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';

/** What every KSML action needs: the backend's client and Backstage's auth service. */
export interface KsmlActionOptions {
  ksml: KsmlApi;
  auth: AuthService;
}

/**
 * A token for the KSML backend on behalf of whoever started the task, so the backend checks
 * that user's permissions and its audit events name them.
 */
export function onBehalfOfInitiator(
  auth: AuthService,
  ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
): () => Promise<string> {
  return async () => {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'ksml',
    });
    return token;
  };
}
