import {
  ClusterTarget,
  KsmlLogger,
  KsmlProvisioner,
  KubeHttp,
} from '@ksml-backstage/plugin-ksml-node';
import type { OperatorConfig } from '../config/readEnv';
import type { ReleaseLocks } from '../server/releaseLocks';
import { KsmlAppController } from './KsmlAppController';
import { LeaderElection } from './LeaderElection';

/** Operator mode, running: stop it to hand the Lease over. */
export interface RunningOperator {
  stop(): Promise<void>;
}

/**
 * Starts operator mode: this process competes for the namespace's leader Lease, and while it
 * holds it, reconciles the namespace's KsmlApps. Several replicas: one leads, the others wait
 * to take over.
 */
export async function startOperator(options: {
  config: OperatorConfig;
  cluster: Omit<ClusterTarget, 'namespace'>;
  namespace: string;
  provisioner: KsmlProvisioner;
  locks: ReleaseLocks;
  secretProperties: readonly string[];
  logger: KsmlLogger;
}): Promise<RunningOperator> {
  const { config, namespace, logger } = options;
  const http = await KubeHttp.connect(options.cluster);
  const controller = new KsmlAppController({
    http,
    namespace,
    provisioner: options.provisioner,
    locks: options.locks,
    resyncSeconds: config.resyncSeconds,
    secretProperties: options.secretProperties,
    logger,
  });
  const election = new LeaderElection({
    http,
    namespace,
    name: config.leaseName,
    identity: config.identity,
    leaseDurationSeconds: config.leaseDurationSeconds,
    logger,
    onStartedLeading: () => controller.start(),
    onStoppedLeading: async () => {
      logger.info('No longer leading: KsmlApps are left to the new leader');
      await controller.stop();
    },
  });
  election.start();
  logger.info('Operator mode: waiting to lead', {
    namespace,
    lease: config.leaseName,
    identity: config.identity,
  });
  return {
    stop: async () => {
      await election.stop();
      await http.close();
    },
  };
}
