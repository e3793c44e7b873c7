import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { KsmlStatusResponse } from '@ksml-backstage/plugin-ksml-common';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import { formatCount, type LagSummary } from '../LagContent/lag';
import { replicasText } from './state';
import { StreamsReplicas } from './StreamsReplicas';

/** Props of {@link StatusDetails}. */
export interface StatusDetailsProps {
  status: KsmlStatusResponse;
  /** The time "deployed 5 minutes ago" is measured from; now by default. */
  now?: Date;
  /** The consumer lag, read apart from the status; no row without it. */
  lag?: LagSummary;
  /** The entity says Flux or Argo CD deploy the app (`ksml/deployed-by: gitops`). */
  gitops?: boolean;
}

/**
 * What keeps the app as it is: a KsmlApp and the operator (with what its conditions say when
 * it is not Ready), Flux or Argo CD, or Helm releases made from the portal.
 */
export function managedBy(
  status: KsmlStatusResponse,
  gitops = false,
): { text: string; resource?: string; detail?: string } {
  const operator = status.operator;
  if (operator) {
    const ready = operator.conditions.find(c => c.type === 'Ready');
    const failed = operator.conditions.find(
      c => c.type === 'Failed' && c.status === 'True',
    );
    const behind =
      operator.generation !== undefined &&
      operator.observedGeneration !== operator.generation;
    let detail: string | undefined;
    if (failed) detail = `Failed: ${failed.message}`;
    else if (behind) detail = 'a change is waiting for the operator';
    else if (ready && ready.status !== 'True') detail = ready.message;
    return {
      text: 'Operator, from a KsmlApp',
      resource: operator.resource,
      ...(detail ? { detail } : {}),
    };
  }
  if (gitops) return { text: 'GitOps: Flux or Argo CD, from Git' };
  return { text: 'Helm, from the portal' };
}

/** The lag row's value: the total, or "unavailable" with the reason on hover. */
function lagValue(lag: LagSummary): ReactNode {
  if (lag.kind === 'total') {
    return formatCount(lag.total);
  }
  return (
    <Tooltip title={lag.message}>
      <span>unavailable</span>
    </Tooltip>
  );
}

/**
 * The release's facts: replicas, restarts, the consumer lag, why it fails or is not up yet and
 * what to do (with the runner's last log lines when it crashes), and Helm's view of it.
 */
export function StatusDetails(props: StatusDetailsProps): JSX.Element {
  const { helm, kubernetes } = props.status;
  const rows: Array<[string, ReactNode]> = [
    ['Replicas', replicasText(kubernetes)],
  ];
  if (kubernetes.streams?.length) {
    rows.push([
      'Kafka Streams',
      <StreamsReplicas streams={kubernetes.streams} now={props.now} />,
    ]);
  }
  if (kubernetes.restarts !== undefined) {
    rows.push(['Restarts', kubernetes.restarts]);
  }
  if (props.lag) {
    rows.push(['Lag', lagValue(props.lag)]);
  }
  if (kubernetes.reason || kubernetes.message) {
    rows.push([
      'Reason',
      <>
        {kubernetes.reason && <strong>{kubernetes.reason}</strong>}
        {kubernetes.reason && kubernetes.message && ': '}
        {kubernetes.message}
      </>,
    ]);
  }
  if (kubernetes.hint) {
    rows.push(['What to do', kubernetes.hint]);
  }
  if (kubernetes.logTail) {
    rows.push([
      'Last log lines',
      <Typography
        component="pre"
        variant="caption"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}
      >
        {kubernetes.logTail}
      </Typography>,
    ]);
  }
  if (kubernetes.deploymentMode) {
    rows.push(['Mode', kubernetes.deploymentMode]);
  }
  const manager = managedBy(props.status, props.gitops);
  rows.push([
    'Managed by',
    <>
      {manager.text}
      {manager.resource && (
        // Release names are long: on their own line, broken anywhere.
        <Typography
          variant="caption"
          component="div"
          style={{ wordBreak: 'break-all' }}
        >
          {manager.resource}
        </Typography>
      )}
      {manager.detail && (
        <Typography variant="caption" component="div" color="error">
          {manager.detail}
        </Typography>
      )}
    </>,
  ]);
  rows.push(
    ['Chart', helm.chart],
    ['Version', helm.version],
    ['App version', helm.appVersion],
    ['Revision', `${helm.revision} (${helm.status})`],
    [
      'Deployed',
      <Tooltip title={formatAbsoluteTime(helm.deployedAt)}>
        <span>{formatRelativeTime(helm.deployedAt, props.now)}</span>
      </Tooltip>,
    ],
    ['Namespace', helm.namespace],
  );
  return (
    <Table size="small" aria-label="Release details">
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell
              component="th"
              scope="row"
              style={{ whiteSpace: 'nowrap' }}
            >
              <Typography variant="body2" color="textSecondary">
                {label}
              </Typography>
            </TableCell>
            <TableCell>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
