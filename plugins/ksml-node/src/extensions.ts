import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { KsmlTarget } from './targets/KsmlTarget';

/**
 * Lets a backend module decide where an environment's apps run, beyond `ksml.environments` in
 * the config: a cluster reached its own way, or a remote provisioner (see {@link KsmlTarget}).
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'ksml',
 *   moduleId: 'my-targets',
 *   register(env) {
 *     env.registerInit({
 *       deps: { targets: ksmlTargetsExtensionPoint },
 *       async init({ targets }) {
 *         targets.addTarget('prod', await RemoteProvisioner.create({ url: 'https://…' }));
 *       },
 *     });
 *   },
 * });
 * ```
 */
export interface KsmlTargetsExtensionPoint {
  /** Serves `environment` with `target`, instead of what the config says for it. */
  addTarget(environment: string, target: KsmlTarget): void;
}

/** The extension point of the KSML backend plugin for environment targets. */
export const ksmlTargetsExtensionPoint =
  createExtensionPoint<KsmlTargetsExtensionPoint>({ id: 'ksml.targets' });
