import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import type {
  KsmlAppRef,
  KsmlDeploymentRecord,
} from '@ksml-backstage/plugin-ksml-common';
import { useKsmlHistory } from '../../hooks/useKsmlData';
import { NotDeployed } from '../common/NotDeployed';
import { RefreshButton } from '../common/RefreshButton';
import { PROSE_COLUMN_WIDTH, ScrollingTable } from '../common/ScrollingTable';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';

/** Props of {@link RecordedHistory}. */
export interface RecordedHistoryProps {
  appRef: KsmlAppRef;
  /** Reads the revisions again, once a Redeploy offered here has ended. */
  onRedeployed(): void;
}

/** How a recorded operation ended, in words: "succeeded", "failed: <why>". */
export function outcomeText(record: KsmlDeploymentRecord): string {
  return record.outcome === 'failed' && record.error
    ? `failed: ${record.error}`
    : record.outcome;
}

/**
 * The history of an app that has no release in the environment now (it was undeployed): Helm's
 * revisions went with the release, but the portal's record of every deploy, scale, rollback and
 * undeploy stays, as the Undeploy dialog promises. Shown under a note that the app is not
 * deployed now (and how it gets a release again); just that note when nothing is recorded.
 */
export function RecordedHistory(props: RecordedHistoryProps): JSX.Element {
  const { appRef, onRedeployed } = props;
  const { environment } = appRef;
  const history = useKsmlHistory(appRef);
  const notDeployed = (compact: boolean) => (
    <NotDeployed
      environment={environment}
      compact={compact}
      onRedeployed={onRedeployed}
    />
  );
  // Without a readable record, the app is just not deployed.
  if (history.error) return notDeployed(false);
  if (!history.value) return <Progress />;
  if (history.value.length === 0) return notDeployed(false);
  return (
    <InfoCard
      title="Recorded changes"
      subheader={`Not deployed in ${environment} now`}
      action={<RefreshButton label="Refresh history" onClick={history.retry} />}
      noPadding
    >
      <Box m={2}>
        <Typography variant="body2" paragraph>
          Helm's revisions went with the release; the portal's record of the
          app's changes in {environment} stays.
        </Typography>
        {notDeployed(true)}
      </Box>
      <ScrollingTable label="Recorded changes">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Operation</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Revision</TableCell>
            <TableCell style={{ minWidth: PROSE_COLUMN_WIDTH }}>
              Outcome
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.value.map(record => (
            <TableRow key={record.id}>
              <TableCell>
                <Tooltip title={formatAbsoluteTime(record.createdAt)}>
                  <span>{formatRelativeTime(record.createdAt)}</span>
                </Tooltip>
              </TableCell>
              <TableCell>{record.operation}</TableCell>
              <TableCell>{record.actor ?? '–'}</TableCell>
              <TableCell>{record.revision ?? '–'}</TableCell>
              <TableCell>{outcomeText(record)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </ScrollingTable>
    </InfoCard>
  );
}
