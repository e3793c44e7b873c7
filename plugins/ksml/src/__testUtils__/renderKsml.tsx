import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ksmlApiRef } from '../api';
import { ksmlEntity } from './fixtures';
import type { FakeKsmlApi } from './fakeKsmlApi';
import { permissionApi } from './permissions';
import { selectOption } from './select';

/** Options of {@link renderKsml}. */
export interface RenderKsmlOptions {
  api: FakeKsmlApi;
  entity?: Entity;
  /** Names of the allowed permissions; all when omitted. */
  allowed?: string[];
  /** A permission API of the test's own, instead of one built from `allowed`. */
  permissionApi?: PermissionApi;
  /** The location to start at, e.g. `/?view=logs`. */
  routeEntries?: string[];
}

/** Renders a KSML view in a test app, for an entity, with a fake API and permissions. */
export function renderKsml(element: ReactElement, options: RenderKsmlOptions) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ksmlApiRef, options.api],
        [
          permissionApiRef,
          options.permissionApi ?? permissionApi(options.allowed),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? ksmlEntity()}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: options.routeEntries },
  );
}

/** Options of {@link renderInEnvironment}. */
export interface RenderInEnvironmentOptions extends RenderKsmlOptions {
  /** The app's environments, as in its `ksml/environments` annotation. */
  environments: string;
  /** Resolves once the view has loaded its first environment. */
  loaded(): Promise<unknown>;
  /** The environment to switch to. */
  environment: string;
}

/** Renders a KSML view for an app in several environments and switches to another one. */
export async function renderInEnvironment(
  element: ReactElement,
  options: RenderInEnvironmentOptions,
) {
  const rendered = await renderKsml(element, {
    ...options,
    entity: ksmlEntity(options.environments),
  });
  await options.loaded();
  await selectOption('Environment', options.environment);
  return rendered;
}
