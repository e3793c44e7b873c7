import { useMemo, useState } from 'react';
import { AppPerEnvironment } from '../common/PerEnvironment';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ksmlAppOperatePermission,
  type KsmlRevision,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { errorMessage } from '../common/errors';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { RefreshButton } from '../common/RefreshButton';
import { PROSE_COLUMN_WIDTH, ScrollingTable } from '../common/ScrollingTable';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { ConfirmDialog } from '../StatusCard/ConfirmDialog';
import { describeChanges } from './changes';
import { RecordedHistory } from './RecordedHistory';
import { RevisionDiffDialog } from './RevisionDiffDialog';
import { useKsmlRevisions } from '../../hooks/useKsmlData';

/**
 * The entity's KSML app's history in an environment: every Helm revision with its status, when
 * and by whom it was made and what it changed (a revision that changed the definition shows
 * its diff), and a rollback to any earlier one. An app undeployed there shows its recorded
 * changes instead.
 *
 * @public
 */
export function KsmlHistoryContent(): JSX.Element {
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentHistory app={app} environment={environment} />
      )}
    </AppPerEnvironment>
  );
}

type Outcome = { message: string } | { error: Error };

function EnvironmentHistory(props: {
  app: KsmlApp;
  environment: string;
}): JSX.Element {
  const { app, environment } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const revisions = useKsmlRevisions(ref);
  const operate = usePermission({
    permission: ksmlAppOperatePermission,
    resourceRef: app.entityRef,
  });
  const [confirming, setConfirming] = useState<KsmlRevision>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [diffing, setDiffing] = useState<{
    revision: number;
    previous: number;
  }>();

  const rollback = async (revision: number) => {
    setRunning(true);
    setOutcome(undefined);
    try {
      const { helm } = await api.rollback({ ...ref, revision });
      setOutcome({
        message: `Rolled ${helm.name} back to revision ${revision} (now revision ${helm.revision})`,
      });
    } catch (e) {
      setOutcome({ error: e instanceof Error ? e : new Error(String(e)) });
    } finally {
      setRunning(false);
      revisions.retry();
    }
  };

  if (revisions.error) {
    return (
      <KsmlErrorState
        error={revisions.error}
        subject="history"
        notFound={
          // Undeployed: Helm's revisions went with the release, the recorded history stays.
          <RecordedHistory appRef={ref} onRedeployed={revisions.retry} />
        }
      />
    );
  }
  if (!revisions.value) return <Progress />;
  const [current] = revisions.value;
  return (
    <InfoCard
      title="Revisions"
      subheader={current ? `Helm keeps ${revisions.value.length}` : undefined}
      action={
        <RefreshButton label="Refresh history" onClick={revisions.retry} />
      }
      noPadding
    >
      {outcome && (
        <Box m={2}>
          <Alert
            severity={'error' in outcome ? 'error' : 'success'}
            onClose={() => setOutcome(undefined)}
          >
            {'error' in outcome
              ? `Rollback failed: ${errorMessage(outcome.error)}`
              : outcome.message}
          </Alert>
        </Box>
      )}
      <ScrollingTable label="Revisions">
        <TableHead>
          <TableRow>
            <TableCell>Revision</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Deployed</TableCell>
            <TableCell>By</TableCell>
            <TableCell style={{ minWidth: PROSE_COLUMN_WIDTH }}>
              What changed
            </TableCell>
            <TableCell>Chart</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {revisions.value.map((revision, index, all) => (
            <TableRow key={revision.revision}>
              <TableCell>{revision.revision}</TableCell>
              <TableCell>{revision.status}</TableCell>
              <TableCell>
                <Tooltip title={formatAbsoluteTime(revision.deployedAt)}>
                  <span>{formatRelativeTime(revision.deployedAt)}</span>
                </Tooltip>
              </TableCell>
              <TableCell>
                {[revision.operation, revision.actor]
                  .filter(Boolean)
                  .join(' by ') || revision.description}
              </TableCell>
              <TableCell>
                {describeChanges(revision) || revision.description}
                {/* Against the revision before it, when Helm still keeps that one. */}
                {revision.changes.definition && all[index + 1] && (
                  <Box mt={0.5}>
                    <Button
                      size="small"
                      variant="outlined"
                      aria-label={`Show diff of revision ${revision.revision}`}
                      onClick={() =>
                        setDiffing({
                          revision: revision.revision,
                          previous: all[index + 1].revision,
                        })
                      }
                    >
                      Show diff
                    </Button>
                  </Box>
                )}
              </TableCell>
              <TableCell>{revision.chartVersion}</TableCell>
              <TableCell>
                {operate.allowed && revision !== current && (
                  <Button
                    size="small"
                    variant="outlined"
                    color="primary"
                    disabled={running}
                    aria-label={`Roll back to revision ${revision.revision}`}
                    onClick={() => setConfirming(revision)}
                  >
                    Roll back
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </ScrollingTable>
      {diffing && (
        <RevisionDiffDialog
          appRef={ref}
          revision={diffing.revision}
          previous={diffing.previous}
          onClose={() => setDiffing(undefined)}
        />
      )}
      {confirming && (
        <ConfirmDialog
          title={`Roll back to revision ${confirming.revision}?`}
          confirm="Roll back"
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => {
            const { revision } = confirming;
            setConfirming(undefined);
            void rollback(revision);
          }}
        >
          <DialogContentText>
            The app in {environment} gets revision {confirming.revision}'s
            definition, replicas and settings again, as a new revision. Secret
            Kafka properties keep their current values.
          </DialogContentText>
        </ConfirmDialog>
      )}
    </InfoCard>
  );
}
