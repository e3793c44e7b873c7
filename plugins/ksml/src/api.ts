import { createApiRef } from '@backstage/core-plugin-api';
import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';

/**
 * The KSML backend as a Backstage utility API. The plugin registers {@link
 * @ksml-backstage/plugin-ksml-common#KsmlClient} for it; apps and tests may register their own.
 *
 * @public
 */
export const ksmlApiRef = createApiRef<KsmlApi>({
  id: 'plugin.ksml.service',
});
