import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  EmptyState,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ksmlAppOperatePermission,
  type KsmlLagResponse,
  type KsmlLagTopic,
} from '@ksml-backstage/plugin-ksml-common';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { NotDeployed } from '../common/NotDeployed';
import { AppPerEnvironment } from '../common/PerEnvironment';
import { RefreshButton } from '../common/RefreshButton';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { Sparkline } from '../MetricsContent/Sparkline';
import { formatCommitted, formatCount, historyTotals, lagProblem } from './lag';
import { ResetOffsetsDialog } from './ResetOffsets/ResetOffsetsDialog';
import { useKsmlLag } from '../../hooks/useKsmlData';

/**
 * Props of {@link KsmlLagContent}.
 *
 * @public
 */
export interface KsmlLagContentProps {
  /** How often to measure again, in milliseconds (10 s by default). */
  refreshIntervalMs?: number;
}

/**
 * The consumer lag of the entity's KSML app in an environment: how far its consumer group
 * (the app's `application.id`) is behind on each topic it reads, per partition, with the
 * recent trend, and which of its input topics the broker does not have. Those who may operate
 * the app (`ksml.app.operate`) can reset the group's offsets there, previewed first.
 *
 * @public
 */
export function KsmlLagContent(props: KsmlLagContentProps): JSX.Element {
  const refreshIntervalMs = props.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentLag
          app={app}
          environment={environment}
          refreshIntervalMs={refreshIntervalMs}
        />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentLag(props: {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const lag = useKsmlLag(ref, { refreshIntervalMs });
  // Resetting offsets is operating the app, as the status card's Stop and Scale are.
  const operate = usePermission({
    permission: ksmlAppOperatePermission,
    resourceRef: app.entityRef,
  });
  // The lag the reset dialog opened with: it stays open whatever later polls answer.
  const [resetting, setResetting] = useState<KsmlLagResponse>();
  const refresh = <RefreshButton label="Refresh lag" onClick={lag.retry} />;

  let view: JSX.Element;
  if (lag.value) {
    const current = lag.value;
    view = (
      <LagPanels
        lag={current}
        refresh={refresh}
        onReset={
          // Without input topics on the broker there is nothing to move.
          operate.allowed && current.topics.length > 0
            ? () => setResetting(current)
            : undefined
        }
      />
    );
  } else if (lag.error) {
    view = (
      <LagError
        error={lag.error}
        environment={environment}
        refresh={refresh}
        onRedeployed={lag.retry}
      />
    );
  } else {
    view = <Progress />;
  }
  return (
    <>
      {view}
      {/* Mounted only while open, so every reset starts afresh. */}
      {resetting && (
        <ResetOffsetsDialog
          appRef={ref}
          lag={resetting}
          refreshIntervalMs={refreshIntervalMs}
          onClose={() => setResetting(undefined)}
          onChanged={lag.retry}
        />
      )}
    </>
  );
}

/**
 * A failed measurement: without a Kafka connection for the environment (404) there is nothing
 * to measure with, which is a setup and no error; a broker that cannot be reached (503) is an
 * error whose message (naming the bootstrap servers) is the point, so it is shown open.
 */
function LagError(props: {
  error: Error;
  environment: string;
  refresh: JSX.Element;
  /** Reads the lag again once a Redeploy of an app not deployed has ended. */
  onRedeployed(): void;
}): JSX.Element {
  const { error, environment, refresh } = props;
  const problem = lagProblem(error);
  if (problem.kind === 'unreachable') {
    return (
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Box flexGrow={1}>
          <WarningPanel
            severity="error"
            title={`Kafka cannot be reached from ${environment}`}
            message={problem.message}
            defaultExpanded
          />
        </Box>
        {refresh}
      </Box>
    );
  }
  return (
    <KsmlErrorState
      error={error}
      subject="lag"
      notFound={
        problem.kind === 'not-deployed' ? (
          <NotDeployed
            environment={environment}
            onRedeployed={props.onRedeployed}
          />
        ) : (
          <EmptyState
            missing="info"
            title={`No Kafka connection for ${environment}`}
            description={`The lag is measured on the app's Kafka cluster, and no Kafka connection is configured for environment ${environment} in the portal's configuration. The backend said: ${problem.message}`}
            action={refresh}
          />
        )
      }
    />
  );
}

function LagPanels(props: {
  lag: KsmlLagResponse;
  refresh: JSX.Element;
  /** Opens the offset reset dialog; absent for those who may not operate the app. */
  onReset?(): void;
}): JSX.Element {
  const { lag, refresh, onReset } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Lag"
          subheader={`Consumer group ${lag.groupId}`}
          action={refresh}
        >
          <Box display="flex" alignItems="center" style={{ gap: 24 }}>
            <Typography variant="h4" data-testid="ksml-total-lag">
              {formatCount(lag.total)}
            </Typography>
            <Sparkline
              label="Total lag"
              values={historyTotals(lag)}
              width={200}
              height={40}
            />
          </Box>
          <Typography variant="body2" color="textSecondary">
            Messages not yet consumed on all input topics, measured{' '}
            <Tooltip title={formatAbsoluteTime(lag.measuredAt)}>
              <span data-testid="ksml-lag-measured">
                {formatRelativeTime(lag.measuredAt)}
              </span>
            </Tooltip>
            .
          </Typography>
          {onReset && (
            <Box mt={2}>
              <Button
                size="small"
                variant="outlined"
                color="primary"
                onClick={onReset}
              >
                Reset offsets…
              </Button>
            </Box>
          )}
        </InfoCard>
      </Grid>
      {lag.missingTopics.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="warning">
            <AlertTitle>Missing on the broker</AlertTitle>
            The app reads {lag.missingTopics.join(', ')}, but the broker does
            not have {lag.missingTopics.length === 1 ? 'it' : 'them'}: no lag
            can be measured there.
          </Alert>
        </Grid>
      )}
      {lag.topics.length === 0 && lag.missingTopics.length === 0 && (
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            The app reads no topics.
          </Typography>
        </Grid>
      )}
      {lag.topics.map(topic => (
        <Grid item xs={12} key={topic.topic}>
          <TopicLag topic={topic} />
        </Grid>
      ))}
    </Grid>
  );
}

/** One input topic: its lag, and each partition's offsets. */
function TopicLag(props: { topic: KsmlLagTopic }): JSX.Element {
  const { topic } = props;
  return (
    <InfoCard
      title={topic.topic}
      subheader={`Lag ${formatCount(topic.lag)}`}
      noPadding
    >
      <Table size="small" aria-label={`Lag of ${topic.topic}`}>
        <TableHead>
          <TableRow>
            <TableCell>Partition</TableCell>
            <TableCell align="right">Earliest offset</TableCell>
            <TableCell align="right">End offset</TableCell>
            <TableCell align="right">Committed</TableCell>
            <TableCell align="right">Lag</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {topic.partitions.map(partition => (
            <TableRow key={partition.partition}>
              <TableCell>{partition.partition}</TableCell>
              <TableCell align="right">
                {formatCount(partition.earliestOffset)}
              </TableCell>
              <TableCell align="right">
                {formatCount(partition.endOffset)}
              </TableCell>
              <TableCell align="right">
                {partition.committedOffset === undefined ? (
                  // Without a commit the lag counts from the earliest offset kept.
                  <Tooltip title="The group never committed here: the lag counts from the earliest offset.">
                    <span>{formatCommitted(undefined)}</span>
                  </Tooltip>
                ) : (
                  formatCommitted(partition.committedOffset)
                )}
              </TableCell>
              <TableCell align="right">{formatCount(partition.lag)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
