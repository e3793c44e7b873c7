import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the KSML entity tab. */
export const rootRouteRef = createRouteRef({ id: 'ksml' });
/** Mount point of the KSML fleet page: every managed app, e.g. at `/ksml`. */
export const fleetRouteRef = createRouteRef({ id: 'ksml-fleet' });
