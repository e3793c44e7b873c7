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

/** Props of {@link StatusDetails}. */
export interface StatusDetailsProps {
  status: KsmlStatusResponse;
  /** The time "deployed 5 minutes ago" is measured from; now by default. */
  now?: Date;
  /** The consumer lag, read apart from the status; no row without it. */
  lag?: LagSummary;
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
            <TableCell component="th" scope="row">
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
