import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KsmlClient } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The KSML frontend plugin (legacy frontend system): registers {@link ksmlApiRef} with a
 * KsmlClient that reaches the `ksml` backend through discovery, with the user's token.
 *
 * @public
 */
export const ksmlPlugin = createPlugin({
  id: 'ksml',
  apis: [
    createApiFactory({
      api: ksmlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KsmlClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The KSML entity tab: Status of every environment, Logs, Metrics, Topology, Lag, Events and
 * History. Mount it on the entity page with
 * `<EntityLayout.Route path="/ksml" title="KSML" if={isKsmlAvailable}>`.
 *
 * @public
 */
export const EntityKsmlContent = ksmlPlugin.provide(
  createRoutableExtension({
    name: 'EntityKsmlContent',
    component: () =>
      import('./components/EntityKsmlContent/EntityKsmlContent').then(
        m => m.KsmlContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A card with the status and actions of the entity's KSML app in one environment (the first
 * by default), e.g. for the entity overview.
 *
 * @public
 */
export const EntityKsmlStatusCard = ksmlPlugin.provide(
  createComponentExtension({
    name: 'EntityKsmlStatusCard',
    component: {
      lazy: () =>
        import('./components/StatusCard/StatusCard').then(
          m => m.KsmlStatusCard,
        ),
    },
  }),
);

/**
 * The logs of the entity's KSML app, on their own.
 *
 * @public
 */
export const EntityKsmlLogsContent = ksmlPlugin.provide(
  createComponentExtension({
    name: 'EntityKsmlLogsContent',
    component: {
      lazy: () =>
        import('./components/LogsContent/LogsContent').then(
          m => m.KsmlLogsContent,
        ),
    },
  }),
);

/**
 * The CPU and memory of the entity's KSML app, on their own.
 *
 * @public
 */
export const EntityKsmlMetricsContent = ksmlPlugin.provide(
  createComponentExtension({
    name: 'EntityKsmlMetricsContent',
    component: {
      lazy: () =>
        import('./components/MetricsContent/MetricsContent').then(
          m => m.KsmlMetricsContent,
        ),
    },
  }),
);
