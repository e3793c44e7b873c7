import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import Switch from '@material-ui/core/Switch';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  EmptyState,
  LogViewer,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  releaseName,
  type KsmlLogsResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { EnvironmentSelect } from '../common/EnvironmentSelect';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { loadOrExplain404 } from '../common/loadOrExplain404';
import { NotDeployed } from '../common/NotDeployed';
import { RequireKsmlApp } from '../common/RequireKsmlApp';
import { useEnvironment } from '../common/useEnvironment';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import { downloadText, logFileName } from './downloadLog';

/** The tail lengths offered, in lines. */
export const TAIL_LINES_CHOICES = [100, 500, 1000, 5000] as const;

/** How often logs reload with auto-refresh on, by default. */
export const DEFAULT_LOGS_REFRESH_MS = 10_000;

/**
 * Props of {@link KsmlLogsContent}.
 *
 * @public
 */
export interface KsmlLogsContentProps {
  /** How often to reload with auto-refresh on, in milliseconds (10 s by default). */
  refreshIntervalMs?: number;
  /** Whether auto-refresh starts on (off by default: a large tail is a lot to fetch). */
  autoRefresh?: boolean;
}

/**
 * The logs of the entity's KSML app: one replica at a time, in an environment, with search,
 * tail length, auto-refresh and download.
 */
export function KsmlLogsContent(props: KsmlLogsContentProps): JSX.Element {
  return (
    <RequireKsmlApp>{app => <LogsView app={app} {...props} />}</RequireKsmlApp>
  );
}

function LogsView(props: KsmlLogsContentProps & { app: KsmlApp }): JSX.Element {
  const { app } = props;
  const [environment, setEnvironment] = useEnvironment(app.environments);
  const [tailLines, setTailLines] = useState<number>(TAIL_LINES_CHOICES[0]);
  const [autoRefresh, setAutoRefresh] = useState(props.autoRefresh ?? false);
  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        mb={2}
        style={{ gap: 16 }}
      >
        <EnvironmentSelect
          environments={app.environments}
          value={environment}
          onChange={setEnvironment}
        />
        <FormControl size="small" variant="outlined">
          <InputLabel id="ksml-tail-lines-label">Lines</InputLabel>
          <Select
            labelId="ksml-tail-lines-label"
            label="Lines"
            value={tailLines}
            onChange={event => setTailLines(Number(event.target.value))}
          >
            {TAIL_LINES_CHOICES.map(lines => (
              <MenuItem key={lines} value={lines}>
                Last {lines}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControlLabel
          control={
            <Switch
              checked={autoRefresh}
              onChange={event => setAutoRefresh(event.target.checked)}
              color="primary"
            />
          }
          label="Auto-refresh"
        />
      </Box>
      <EnvironmentLogs
        // Remounted per environment: another environment's logs never show under this one.
        key={environment}
        app={app}
        environment={environment}
        tailLines={tailLines}
        refreshIntervalMs={
          autoRefresh
            ? props.refreshIntervalMs ?? DEFAULT_LOGS_REFRESH_MS
            : null
        }
      />
    </Box>
  );
}

/** Props of {@link EnvironmentLogs}. */
interface EnvironmentLogsProps {
  app: KsmlApp;
  environment: string;
  tailLines: number;
  /** Null without auto-refresh. */
  refreshIntervalMs: number | null;
}

/** Loads and shows one environment's logs, or why there are none. */
function EnvironmentLogs(props: EnvironmentLogsProps): JSX.Element {
  const { app, environment, tailLines, refreshIntervalMs } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const logs = usePolledAsync(
    () => loadOrExplain404(api, ref, () => api.logs({ ...ref, tailLines })),
    [api, ref, tailLines],
    refreshIntervalMs,
  );
  const refresh = (
    <Tooltip title="Refresh">
      <IconButton aria-label="Refresh logs" onClick={logs.retry}>
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );

  if (logs.value?.kind === 'loaded') {
    return (
      <ReplicaLogs
        logs={logs.value.value}
        release={releaseName(ref)}
        refresh={refresh}
      />
    );
  }
  if (logs.value?.kind === 'unavailable') {
    return (
      <EmptyState
        missing="data"
        title="No logs to show"
        description={`The app has no running pods in ${environment} (stopped, or not started yet): ${logs.value.message}`}
        action={refresh}
      />
    );
  }
  if (logs.error) {
    return (
      <KsmlErrorState
        error={logs.error}
        subject="logs"
        notFound={<NotDeployed environment={environment} />}
      />
    );
  }
  return <Progress />;
}

/** Props of {@link ReplicaLogs}. */
interface ReplicaLogsProps {
  logs: KsmlLogsResponse;
  release: string;
  /** The refresh button, shown beside the replica selector. */
  refresh: JSX.Element;
}

/** A replica selector and the chosen replica's log in core-components' LogViewer. */
function ReplicaLogs(props: ReplicaLogsProps): JSX.Element {
  const { logs, release, refresh } = props;
  const [chosen, setChosen] = useState<string>();
  // Keep the chosen replica while it exists; a scaled-down one falls back to the first.
  const replica = logs.logs.find(r => r.replicaName === chosen) ?? logs.logs[0];
  if (!replica) {
    return (
      <EmptyState
        missing="data"
        title="No replicas"
        description="The app has no pods."
      />
    );
  }
  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        <FormControl size="small" variant="outlined">
          <InputLabel id="ksml-replica-label">Replica</InputLabel>
          <Select
            labelId="ksml-replica-label"
            label="Replica"
            value={replica.replicaName}
            onChange={event => setChosen(String(event.target.value))}
          >
            {logs.logs.map(r => (
              <MenuItem key={r.replicaName} value={r.replicaName}>
                {r.replicaName}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Typography variant="body2" color="textSecondary">
          Last {logs.tailLines} lines of replica {replica.replicaName}
        </Typography>
        {refresh}
      </Box>
      {replica.error ? (
        <WarningPanel
          title={`Could not read the logs of replica ${replica.replicaName}`}
          message={replica.error}
        />
      ) : (
        <Paper variant="outlined" style={{ height: '70vh' }}>
          <LogViewer
            text={replica.lines}
            onDownloadLog={() =>
              downloadText({
                fileName: logFileName(release, replica.replicaName),
                text: replica.lines,
              })
            }
          />
        </Paper>
      )}
    </>
  );
}
