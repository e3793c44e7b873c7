/*
 * The dev portal's backend (new backend system): the embedded default — SQLite in memory,
 * guest sign-in, allow-all permissions — plus the KSML backend plugin and scaffolder actions,
 * configured against the local test bed by app-config.yaml and .testbed/env (`npm start`).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// The frontend bundle (packages/app) when it was built; `npm start` serves it from its own
// dev server on port 3000 instead.
backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in (development only), resolved to the catalog's user:default/guest.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog, with the Template kind for the scaffolder.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Scaffolder, with the KSML actions (ksml:app:deploy, ksml:app:render, ksml:app:undeploy,
// ksml:publish:folder).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@ksml-backstage/plugin-scaffolder-backend-module-ksml'));

// Permissions: everything is allowed in the dev portal. An adopter plugs in a policy that
// decides the ksml.app.* permissions.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// KSML: deploy, status, logs, metrics under /api/ksml.
backend.add(import('@ksml-backstage/plugin-ksml-backend'));

backend.start();
