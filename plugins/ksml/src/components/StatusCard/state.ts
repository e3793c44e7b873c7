import type {
  KsmlStatusResponse,
  KsmlWorkload,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';

/** The chip text when the status route answers 404. */
export const NOT_DEPLOYED = 'Not deployed';

/** The chip text when the status could not be read (the fleet's `/apps` gives the error instead). */
export const UNKNOWN = 'Unknown';

/**
 * What the state chip shows: the workload's status, that there is no release, or that the
 * status could not be read.
 */
export type KsmlDisplayState =
  | KsmlWorkloadStatus
  | typeof NOT_DEPLOYED
  | typeof UNKNOWN;

/** Which of core-components' Status* indicators colours a state. */
export type StateTone =
  | 'ok'
  | 'running'
  | 'error'
  | 'warning'
  | 'aborted'
  | 'none';

const TONES: Record<KsmlDisplayState, StateTone> = {
  Running: 'ok',
  Completed: 'ok',
  // In progress, not yet a problem: the same blue as a running CI build.
  Starting: 'running',
  Failing: 'error',
  // Deliberately scaled to 0: grey, like an aborted build, not an error.
  Stopped: 'aborted',
  [NOT_DEPLOYED]: 'none',
  // Not known to fail, but not known to work either: worth a look, not an alarm.
  [UNKNOWN]: 'warning',
};

/** The indicator colour of a state. */
export function stateTone(state: KsmlDisplayState): StateTone {
  return TONES[state] ?? 'none';
}

/**
 * What the chip's title (its tooltip) says of a state beyond its name, if anything: why an
 * Unknown state is unknown, with the reading's error when there is one.
 */
export function stateExplanation(
  state: KsmlDisplayState,
  error?: string,
): string | undefined {
  if (state !== UNKNOWN) return error;
  const why = 'Its status could not be read';
  return error ? `${why}: ${error}` : why;
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
  /** "Promote to …" another environment (see canPromote); not offered when absent. */
  promote?: boolean;
}

/**
 * The actions that make sense for a release and that the user may take. Stop, start and scale
 * change a StatefulSet's replicas, so a Job gets none of them; start is offered only when
 * stopped, stop otherwise; restart replaces a running app's pods (or runs a Job anew). With no
 * release, only Redeploy may be offered, when the history has a deploy to install again (a
 * first deploy takes a definition: that is the template's job).
 */
export function availableActions(options: {
  status?: KsmlStatusResponse;
  canDeploy: boolean;
  canOperate: boolean;
  canUndeploy: boolean;
  /** Without a release: the history has a recorded deploy (e.g. the app was undeployed). */
  recordedDeploy?: boolean;
}): KsmlActionSet {
  const { status, canDeploy, canOperate, canUndeploy } = options;
  if (!status) {
    return {
      redeploy: canDeploy && options.recordedDeploy === true,
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
