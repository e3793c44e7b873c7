import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ksmlAppEntityPermissions } from '@ksml-backstage/plugin-ksml-common';

const KSML_ENTITY_PERMISSIONS = new Set(
  ksmlAppEntityPermissions.map(permission => permission.name),
);

/**
 * The dev portal's permission policy. Everyone signed in reads KSML apps (status, metrics,
 * events, history). Deploying, operating (rollback, scale, restart), undeploying and reading
 * logs are decided on the app's catalog entity: allowed to its owners, i.e. the owning group's
 * members (the catalog's isEntityOwner rule over the user's ownership refs). Everything else
 * (catalog, scaffolder, ...) stays allowed, as the allow-all policy had it.
 */
export class KsmlDevPortalPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (
      KSML_ENTITY_PERMISSIONS.has(permission.name) &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link KsmlDevPortalPolicy} as the permission backend's policy. */
export const ksmlPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ksml-dev-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new KsmlDevPortalPolicy());
      },
    });
  },
});
