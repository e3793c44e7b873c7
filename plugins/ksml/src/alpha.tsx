/**
 * The KSML plugin for Backstage's new frontend system: the `ksml` API, the KSML entity tab and
 * a status card for the entity overview, shown only for entities with the KSML annotations.
 *
 * @packageDocumentation
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { KsmlClient } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from './api';
import { isKsmlAvailable } from './components/common/ksmlEntity';
import { rootRouteRef } from './routes';

/** The KsmlClient behind {@link ksmlApiRef}. */
const ksmlApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ksmlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KsmlClient({ discoveryApi, fetchApi }),
    }),
});

/** The KSML tab (Status, Logs, Metrics) at `/catalog/:namespace/:kind/:name/ksml`. */
const ksmlEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'ksml',
    title: 'KSML',
    filter: isKsmlAvailable,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // compatWrapper: the components are written against the legacy core-plugin-api.
    loader: () =>
      import('./components/EntityKsmlContent/EntityKsmlContent').then(m =>
        compatWrapper(<m.KsmlContent />),
      ),
  },
});

/** The status card of the first environment, on the entity overview. */
const ksmlStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: isKsmlAvailable,
    loader: () =>
      import('./components/StatusCard/StatusCard').then(m =>
        compatWrapper(<m.KsmlStatusCard />),
      ),
  },
});

/**
 * The KSML frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ksml',
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [ksmlApi, ksmlEntityContent, ksmlStatusCard],
});
