import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EmptyState, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  releaseName,
  type KsmlLogsResponse,
  type KsmlReplicaLogs,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { EnvironmentSelect } from '../common/EnvironmentSelect';
import { LabelledSelect } from '../common/LabelledSelect';
import { LabelledToggle } from '../common/LabelledToggle';
import { LoadFallback } from '../common/LoadFallback';
import { UnlistedEnvironmentNote } from '../common/UnlistedEnvironmentNote';
import { loadOrExplain404 } from '../common/loadOrExplain404';
import { RefreshButton } from '../common/RefreshButton';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import { RequireKsmlApp } from '../common/RequireKsmlApp';
import { useEnvironment } from '../common/useEnvironment';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import { downloadText } from '../common/download';
import { logFileName } from './downloadLog';
import { LiveLogs } from './LiveLogs';
import { LogFilterControls, NoMatchingLines } from './LogFilterControls';
import { isFiltering, passes, type LogFilter } from './logFilter';
import { LogPane, plainLine } from './LogPane';
import { isNoPreviousRun } from './previousRun';

/** The tail lengths offered, in lines. */
export const TAIL_LINES_CHOICES = [100, 500, 1000, 5000] as const;

/** How often logs reload with auto-refresh on, by default. */
export const DEFAULT_LOGS_REFRESH_MS = DEFAULT_REFRESH_MS;

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
 * The logs of the entity's KSML app in an environment: one replica at a time with search, tail
 * length, auto-refresh and download, or every replica followed live (Follow); filtered by
 * level and logger either way.
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
  const [following, setFollowing] = useState(false);
  const [previous, setPrevious] = useState(false);
  const [wrap, setWrap] = useState(false);
  // One filter for both modes: turning Follow on or off keeps what the reader narrowed to.
  const [filter, setFilter] = useState<LogFilter>({});
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
          unlisted={app.unlisted}
          value={environment}
          onChange={setEnvironment}
        />
        <LabelledSelect
          id="tail-lines"
          label="Lines"
          value={tailLines}
          options={TAIL_LINES_CHOICES.map(lines => ({
            value: lines,
            label: `Last ${lines}`,
          }))}
          onChange={lines => setTailLines(Number(lines))}
        />
        <LabelledToggle
          variant="switch"
          label="Follow"
          checked={following}
          onChange={setFollowing}
        />
        {!following && (
          <LabelledToggle
            variant="switch"
            label="Auto-refresh"
            checked={autoRefresh}
            onChange={setAutoRefresh}
          />
        )}
        {!following && (
          <LabelledToggle
            variant="switch"
            label="Previous run"
            checked={previous}
            onChange={setPrevious}
          />
        )}
        <LabelledToggle
          variant="switch"
          label="Wrap lines"
          checked={wrap}
          onChange={setWrap}
        />
        <LogFilterControls filter={filter} onChange={setFilter} />
      </Box>
      {app.unlisted.includes(environment) && (
        <Box mb={2}>
          <UnlistedEnvironmentNote environment={environment} />
        </Box>
      )}
      {following ? (
        <LiveLogs
          key={environment}
          app={app}
          environment={environment}
          tailLines={tailLines}
          wrap={wrap}
          filter={filter}
        />
      ) : (
        <EnvironmentLogs
          // Remounted per environment: another environment's logs never show under this one.
          key={environment}
          app={app}
          environment={environment}
          tailLines={tailLines}
          previous={previous}
          wrap={wrap}
          filter={filter}
          refreshIntervalMs={
            autoRefresh
              ? props.refreshIntervalMs ?? DEFAULT_LOGS_REFRESH_MS
              : null
          }
        />
      )}
    </Box>
  );
}

/** Props of {@link EnvironmentLogs}. */
interface EnvironmentLogsProps {
  app: KsmlApp;
  environment: string;
  tailLines: number;
  /** The last terminated container's log (a crashed run's) instead of the current one. */
  previous: boolean;
  wrap: boolean;
  filter: LogFilter;
  /** Null without auto-refresh. */
  refreshIntervalMs: number | null;
}

/** Loads and shows one environment's logs, or why there are none. */
function EnvironmentLogs(props: EnvironmentLogsProps): JSX.Element {
  const {
    app,
    environment,
    tailLines,
    previous,
    wrap,
    filter,
    refreshIntervalMs,
  } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const logs = usePolledAsync(
    () =>
      loadOrExplain404(api, ref, () =>
        api.logs({ ...ref, tailLines, ...(previous ? { previous } : {}) }),
      ),
    [api, ref, tailLines, previous],
    refreshIntervalMs,
  );
  const refresh = <RefreshButton label="Refresh logs" onClick={logs.retry} />;

  if (logs.value?.kind === 'loaded') {
    return (
      <ReplicaLogs
        logs={logs.value.value}
        release={releaseName(ref)}
        refresh={refresh}
        wrap={wrap}
        filter={filter}
        previous={previous}
      />
    );
  }
  return (
    <LoadFallback
      answer={logs.value}
      error={logs.error}
      subject="logs"
      environment={environment}
      onRedeployed={logs.retry}
      unavailableTitle="No logs to show"
      unavailableDescription={message =>
        `The app has no running pods in ${environment} (stopped, or not started yet): ${message}`
      }
      refresh={refresh}
    />
  );
}

/** Props of {@link ReplicaLogs}. */
interface ReplicaLogsProps {
  logs: KsmlLogsResponse;
  release: string;
  /** The refresh button, shown beside the replica selector. */
  refresh: JSX.Element;
  wrap: boolean;
  filter: LogFilter;
  /** The logs are of the previous run. */
  previous: boolean;
}

/** A replica selector and the chosen replica's log. */
function ReplicaLogs(props: ReplicaLogsProps): JSX.Element {
  const { logs, release, refresh, wrap, filter, previous } = props;
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
        <LabelledSelect
          id="replica"
          label="Replica"
          value={replica.replicaName}
          options={logs.logs.map(r => ({
            value: r.replicaName,
            label: r.replicaName,
          }))}
          onChange={setChosen}
        />
        <Typography variant="body2" color="textSecondary">
          Last {logs.tailLines} lines of replica {replica.replicaName}
        </Typography>
        {refresh}
      </Box>
      <ReplicaLog
        replica={replica}
        release={release}
        wrap={wrap}
        filter={filter}
        previous={previous}
      />
    </>
  );
}

/** Props of {@link ReplicaLog}. */
interface ReplicaLogProps {
  replica: KsmlReplicaLogs;
  release: string;
  wrap: boolean;
  filter: LogFilter;
  previous: boolean;
}

/**
 * One replica's log, the lines the filter keeps; or why there is none: no previous run (it
 * never restarted), or the error reading it.
 */
function ReplicaLog(props: ReplicaLogProps): JSX.Element {
  const { replica, release, wrap, filter, previous } = props;
  if (previous && isNoPreviousRun(replica.error)) {
    // Kubernetes' "previous terminated container … not found" says no more than this.
    return (
      <Alert severity="info">
        This replica has not restarted: there is no previous run. Turn off
        Previous run to read its current log.
      </Alert>
    );
  }
  if (replica.error) {
    return (
      <WarningPanel
        title={`Could not read the logs of replica ${replica.replicaName}`}
        message={replica.error}
      />
    );
  }
  const filtering = isFiltering(filter);
  const shown = replica.lines
    .replace(/\n$/, '')
    .split('\n')
    .map(line => ({ line }))
    .filter(line => passes(line.line, filter));
  return (
    <LogPane
      lines={shown}
      wrap={wrap}
      empty={filtering && <NoMatchingLines filter={filter} />}
      onDownload={() =>
        downloadText({
          fileName: logFileName(release, replica.replicaName),
          // What is shown, as a followed log downloads; unfiltered, the log as read.
          text: filtering ? shown.map(plainLine).join('\n') : replica.lines,
        })
      }
    />
  );
}
