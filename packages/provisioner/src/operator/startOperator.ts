import {
  ClusterTarget,
  KsmlLogger,
  KsmlProvisioner,
  KubeHttp,
} from '@ksml-backstage/plugin-ksml-node';
import type { OperatorConfig } from '../config/readEnv';
import type { ReleaseLocks } from '../server/releaseLocks';
import { KsmlAppController } from './KsmlAppController';
import { LeaderElection, LeadershipState } from './LeaderElection';

/** Operator mode, running: stop it to hand the Lease over. */
export interface RunningOperator {
  /** This process's view of its leadership (for the health probe). */
  leadership(): LeadershipState;
  stop(): Promise<void>;
}

/**
 * Starts operator mode: this process competes for the namespace's leader Lease, and while it
 * holds it, reconciles the namespace's KsmlApps. Several replicas: one leads, the others wait
 * to take over.
 *
 * The provisioner given must guard its writes with the operator's fence (`assertLeading` as
 * the HelmCli's guard, `fencedKube` around its cluster clients; see main.ts), so that a
 * reconcile of a term that is over starts no helm and writes no Secret.
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
  // Starts and stops one after the other: a term that begins while the last one's reconciles
  // are still finishing waits for them.
  let transitions: Promise<void> = Promise.resolve();
  const then = (step: () => void | Promise<void>) => {
    transitions = transitions.then(step).catch(error =>
      logger.error('Operator: could not start or stop reconciling', {
        error: (error as Error).message,
      }),
    );
    return transitions;
  };
  const election = new LeaderElection({
    http,
    namespace,
    name: config.leaseName,
    identity: config.identity,
    leaseDurationSeconds: config.leaseDurationSeconds,
    logger,
    onStartedLeading: term =>
      void then(() => {
        if (term.valid) controller.start(term);
      }),
    onStoppedLeading: () =>
      then(async () => {
        logger.info('No longer leading: KsmlApps are left to the new leader');
        await controller.stop();
        logger.info('Stopped reconciling', { identity: config.identity });
      }),
  });
  election.start();
  logger.info('Operator mode: waiting to lead', {
    namespace,
    lease: config.leaseName,
    identity: config.identity,
  });
  return {
    leadership: () => election.state(),
    stop: async () => {
      await election.stop();
      await transitions;
      await http.close();
    },
  };
}
