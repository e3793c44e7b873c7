import {
  KsmlTarget,
  KsmlTargetResolver,
  RemoteProvisioner,
} from '@ksml-backstage/plugin-ksml-node';
import { KsmlPluginConfig } from '../config/readKsmlConfig';

/**
 * Where each environment's apps run: a target a module added through
 * `ksmlTargetsExtensionPoint`, else the remote provisioner the config names for it, else the
 * clusters of the config through `clusters` (which refuses an unknown environment with a 400).
 */
export async function createTargetResolver(options: {
  settings: KsmlPluginConfig;
  clusters: KsmlTarget;
  added: ReadonlyMap<string, KsmlTarget>;
}): Promise<KsmlTargetResolver> {
  const { settings, clusters, added } = options;
  const targets = new Map(added);
  for (const [environment, remote] of Object.entries(settings.provisioners)) {
    if (targets.has(environment)) continue;
    targets.set(
      environment,
      await RemoteProvisioner.create({
        ...remote,
        secretProperties: settings.secretKafkaProperties,
      }),
    );
  }
  return environment => {
    const target = targets.get(environment);
    if (target) return target;
    settings.resolveTarget(environment); // an InputError for an environment not configured
    return clusters;
  };
}
