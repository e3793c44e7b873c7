import Alert from '@material-ui/lab/Alert';
import type { KsmlStatusResponse } from '@ksml-backstage/plugin-ksml-common';
import { errorMessage } from '../../common/errors';
import type { KsmlActionOutcome } from '../../StatusCard/useKsmlActions';

/** Workload states in which the backend resets offsets (see `POST /reset-offsets`). */
const STOPPED = new Set(['Stopped', 'Completed']);

/**
 * Whether the app runs, which keeps its offsets from being reset, with the Stop that helps: how
 * the last Stop ended, else the backend's refusal (409 `AppRunning`), else what the status says.
 * At most one Stop button shows.
 */
export function RunningNotice(props: {
  stopOutcome?: KsmlActionOutcome;
  onDismissStop(): void;
  /** The backend's message of a 409 `AppRunning`. */
  refusal?: string;
  status?: KsmlStatusResponse;
  application: string;
  environment: string;
  stopButton?: JSX.Element;
}): JSX.Element | null {
  const { stopOutcome, refusal, status, application, environment } = props;
  if (stopOutcome) {
    return (
      <Alert
        severity={stopOutcome.error ? 'error' : 'success'}
        onClose={props.onDismissStop}
      >
        {stopOutcome.error
          ? `Stop failed: ${errorMessage(stopOutcome.error)}`
          : `${stopOutcome.message}. Reset the offsets once its pods are gone; its consumer group empties up to a session timeout (45 s by default) later.`}
      </Alert>
    );
  }
  if (refusal) {
    return (
      <Alert severity="warning" action={props.stopButton}>
        {refusal}
      </Alert>
    );
  }
  if (status && !STOPPED.has(status.kubernetes.status)) {
    const { kubernetes } = status;
    return (
      <Alert severity="info" action={props.stopButton}>
        {application} is {kubernetes.status} in {environment} (
        {kubernetes.readyReplicas} of {kubernetes.replicas} replicas ready): its
        offsets are reset only while it is stopped. A preview works meanwhile.
      </Alert>
    );
  }
  return null;
}
