import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * A second sign-in without a login for the dev portal (development only): provider
 * `outsider`, signing in as `auth.providers.outsider.userEntityRef` (the example catalog's
 * `user:default/outsider`, in no team that owns an app), so the portal shows what the
 * permission policy hides from someone who does not own an app. Off unless configured.
 */
export const outsiderSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'ksml-outsider-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const userEntityRef = config.getOptionalString(
          'auth.providers.outsider.userEntityRef',
        );
        if (!userEntityRef) return;
        providers.registerProvider({
          providerId: 'outsider',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate() {
                if (process.env.NODE_ENV !== 'development') {
                  throw new NotAllowedError(
                    'The outsider sign-in works only in development',
                  );
                }
                return { result: {} };
              },
            }),
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: userEntityRef }),
          }),
        });
      },
    });
  },
});
