/*
 * The dev portal's backend (new backend system): the embedded default — SQLite in memory,
 * guest sign-in, a permission policy by ownership — plus the KSML backend plugin and scaffolder actions,
 * configured against the local test bed by app-config.yaml and .testbed/env (`npm start`).
 */
import { createBackend } from '@backstage/backend-defaults';
import { ksmlPermissionPolicyModule } from './modules/ksmlPermissionPolicy';
import { outsiderSignInModule } from './modules/outsiderSignIn';

const backend = createBackend();

// The frontend bundle (packages/app) when it was built; `npm start` serves it from its own
// dev server on port 3000 instead.
backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in (development only), resolved to the catalog's user:default/guest, and a second
// identity, user:default/outsider, who owns no app (auth.providers.outsider).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(outsiderSignInModule);

// Catalog, with the Template kind for the scaffolder.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Scaffolder, with the KSML actions (ksml:app:deploy, ksml:app:render, ksml:app:undeploy,
// ksml:publish:folder).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@ksml-backstage/plugin-scaffolder-backend-module-ksml'));

// Permissions: everyone reads KSML apps; their owners (the owning group's members) deploy,
// operate, undeploy and read logs. See docs/permissions.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(ksmlPermissionPolicyModule);

// KSML: deploy, status, logs, metrics under /api/ksml.
backend.add(import('@ksml-backstage/plugin-ksml-backend'));

backend.start();
