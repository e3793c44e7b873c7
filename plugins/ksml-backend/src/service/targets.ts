import {
  KsmlProvisioner,
  KsmlTarget,
  KsmlTargetResolver,
  OperatorTarget,
  RemoteProvisioner,
} from '@ksml-backstage/plugin-ksml-node';
import { KsmlPluginConfig } from '../config/readKsmlConfig';

/**
 * Where each environment's apps run: a target a module added through
 * `ksmlTargetsExtensionPoint`, else the remote provisioner the config names for it, else (in
 * operator mode) KsmlApps in its cluster, else the clusters of the config through `clusters`
 * (which refuses an unknown environment with a 400).
 */
export async function createTargetResolver(options: {
  settings: KsmlPluginConfig;
  clusters: KsmlProvisioner;
  added: ReadonlyMap<string, KsmlTarget>;
  /** Registers what must be closed at shutdown (the operator targets' connections). */
  onShutdown(close: () => Promise<void>): void;
}): Promise<KsmlTargetResolver> {
  const { settings, clusters, added } = options;
  const targets = new Map(added);
  for (const environment of settings.operatorEnvironments) {
    if (targets.has(environment)) continue;
    const target = await OperatorTarget.create({
      provisioner: clusters,
      cluster: settings.resolveTarget(environment),
      secretProperties: settings.secretKafkaProperties,
    });
    options.onShutdown(() => target.close());
    targets.set(environment, target);
  }
  for (const [environment, remote] of Object.entries(settings.provisioners)) {
    if (targets.has(environment)) continue;
    targets.set(
      environment,
      await RemoteProvisioner.create({
        ...remote,
        secretProperties: settings.secretKafkaProperties,
        tests: settings.tests,
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
