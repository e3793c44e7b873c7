import type {
  KsmlStatusResponse,
  KsmlWorkload,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';

/** The chip text when the status route answers 404. */
export const NOT_DEPLOYED = 'Not deployed';

/** What the state chip shows: the workload's status, or that there is no release. */
export type KsmlDisplayState = KsmlWorkloadStatus | typeof NOT_DEPLOYED;

/** Which of core-components' Status* indicators colours a state. */
export type StateTone = 'ok' | 'running' | 'error' | 'aborted' | 'none';

const TONES: Record<KsmlDisplayState, StateTone> = {
  Running: 'ok',
  Completed: 'ok',
  // In progress, not yet a problem: the same blue as a running CI build.
  Starting: 'running',
  Failing: 'error',
  // Deliberately scaled to 0: grey, like an aborted build, not an error.
  Stopped: 'aborted',
  [NOT_DEPLOYED]: 'none',
};

/** The indicator colour of a state. */
export function stateTone(state: KsmlDisplayState): StateTone {
  return TONES[state] ?? 'none';
}

/** "2/3 ready": ready replicas of the wanted ones. */
export function replicasText(workload: KsmlWorkload): string {
  return `${workload.readyReplicas}/${workload.replicas} ready`;
}

/** Which actions a card offers. */
export interface KsmlActionSet {
  redeploy: boolean;
  stop: boolean;
  start: boolean;
  scale: boolean;
  restart: boolean;
  undeploy: boolean;
}

/**
 * The actions that make sense for a release and that the user may take. Stop, start and scale
 * change a StatefulSet's replicas, so a Job gets none of them; start is offered only when
 * stopped, stop otherwise; restart replaces a running app's pods (or runs a Job anew). With no
 * release, nothing is offered (deploying takes a definition: that is the template's job).
 */
export function availableActions(options: {
  status?: KsmlStatusResponse;
  canDeploy: boolean;
  canOperate: boolean;
  canUndeploy: boolean;
}): KsmlActionSet {
  const { status, canDeploy, canOperate, canUndeploy } = options;
  if (!status) {
    return {
      redeploy: false,
      stop: false,
      start: false,
      scale: false,
      restart: false,
      undeploy: false,
    };
  }
  const workload = status.kubernetes;
  const scalable = workload.deploymentMode !== 'Job';
  const stopped = workload.status === 'Stopped' || workload.replicas === 0;
  return {
    redeploy: canDeploy,
    stop: canOperate && scalable && !stopped,
    start: canOperate && scalable && stopped,
    scale: canOperate && scalable,
    restart: canOperate && !stopped,
    undeploy: canUndeploy,
  };
}
