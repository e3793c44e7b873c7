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
import { fleetRouteRef, rootRouteRef } from './routes';

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
    fleet: fleetRouteRef,
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
 * The KSML fleet page: every app the backend manages in every environment, with its state,
 * replicas, last change and owner, linked to its entity; filterable by state, owner and
 * environment. Mount it with `<Route path="/ksml" element={<KsmlFleetPage />} />`.
 *
 * @public
 */
export const KsmlFleetPage = ksmlPlugin.provide(
  createRoutableExtension({
    name: 'KsmlFleetPage',
    component: () =>
      import('./components/FleetPage/KsmlFleetPage').then(m => m.KsmlFleetPage),
    mountPoint: fleetRouteRef,
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
