import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the KSML entity tab. */
export const rootRouteRef = createRouteRef({ id: 'ksml' });
