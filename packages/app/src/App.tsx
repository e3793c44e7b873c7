import { Navigate, Route } from 'react-router-dom';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import {
  CatalogImportPage,
  catalogImportPlugin,
} from '@backstage/plugin-catalog-import';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { orgPlugin } from '@backstage/plugin-org';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { RequirePermission } from '@backstage/plugin-permission-react';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  KsmlDefinitionFieldExtension,
  KsmlFleetPage,
  KsmlNameFieldExtension,
  KsmlOwnerFieldExtension,
  KsmlReviewStep,
  KsmlTestsFieldExtension,
  ksmlPlugin,
} from '@ksml-backstage/plugin-ksml';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { apis } from './apis';
import {
  catalogColumns,
  catalogTableOptions,
} from './components/catalog/catalogTable';
import { outsiderAuthApiRef } from './auth/outsiderAuth';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';

const app = createApp({
  apis,
  plugins: [ksmlPlugin],
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
      createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
    });
    bind(scaffolderPlugin.externalRoutes, {
      registerComponent: catalogImportPlugin.routes.importPage,
    });
    bind(orgPlugin.externalRoutes, {
      catalogIndex: catalogPlugin.routes.catalogIndex,
    });
  },
  components: {
    // Guest (user:default/guest, a member of the platform team that owns the example apps) or
    // Outsider (user:default/outsider, in no team): the permission policy tells them apart.
    // `auto` signs in again as whoever signed in last.
    SignInPage: props => (
      <SignInPage
        {...props}
        auto
        providers={[
          'guest',
          {
            id: 'outsider',
            title: 'Outsider',
            message: 'Sign in as user:default/outsider, who owns no app',
            apiRef: outsiderAuthApiRef,
          },
        ]}
      />
    ),
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route
      path="/catalog"
      element={
        // The catalog's own page (a routable extension: a wrapper component would hide its
        // route from the app), with columns and actions that fit at 1280 px.
        <CatalogIndexPage
          columns={catalogColumns}
          tableOptions={catalogTableOptions}
        />
      }
    />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route
      path="/create"
      element={
        // The review shows a KSML definition as written (Backstage's table makes it one line).
        <ScaffolderPage components={{ ReviewStepComponent: KsmlReviewStep }} />
      }
    >
      {/* The KSML templates' fields: names with their rules in words, the definition step,
          the owner pre-filled with the signed-in user. */}
      <ScaffolderFieldExtensions>
        <KsmlNameFieldExtension />
        <KsmlOwnerFieldExtension />
        <KsmlDefinitionFieldExtension />
        <KsmlTestsFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
    {/* Every KSML app the backend manages, in every environment (the sidebar's "KSML"). */}
    <Route path="/ksml" element={<KsmlFleetPage />} />
    <Route
      path="/catalog-import"
      element={
        <RequirePermission permission={catalogEntityCreatePermission}>
          <CatalogImportPage />
        </RequirePermission>
      }
    />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
