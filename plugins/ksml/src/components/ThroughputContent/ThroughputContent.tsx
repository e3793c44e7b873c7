import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import NativeSelect from '@material-ui/core/NativeSelect';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  replicaLabel,
  type KsmlFunctionTiming,
  type KsmlNodeThroughput,
  type KsmlReplicaThroughput,
  type KsmlThroughputResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { LoadFallback } from '../common/LoadFallback';
import { loadOrExplain404 } from '../common/loadOrExplain404';
import { AppPerEnvironment } from '../common/PerEnvironment';
import { RefreshButton } from '../common/RefreshButton';
import { ScrollingTable } from '../common/ScrollingTable';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import { streamsLine, streamsTone } from '../StatusCard/streams';
import {
  formatBytes,
  formatCalls,
  formatHeap,
  formatMs,
  formatRate,
  heapChartLabel,
  heapTrendText,
  HISTORY_RANGES,
  recordsChartLabel,
  recordsTrendText,
  sortedFunctions,
  throughputBlocker,
  throughputTotals,
  trendPaths,
  trendSource,
  type ThroughputBlocker,
} from './throughput';
import { TrendChart } from './TrendChart';

/**
 * How often the view reads the throughput by default: the backend reads the runners every
 * 15 s (the answer's `intervalSeconds`), so reading more often shows nothing new.
 */
export const DEFAULT_THROUGHPUT_REFRESH_MS = 15_000;

/**
 * Props of {@link KsmlThroughputContent}.
 *
 * @public
 */
export interface KsmlThroughputContentProps {
  /** How often to read again, in milliseconds (15 s by default). */
  refreshIntervalMs?: number;
}

/**
 * The throughput of the entity's KSML app in an environment, as its KSML runners report it:
 * records in and out per second over its replicas, each replica's state and JVM heap, the
 * trend (the last hour the backend kept, or a longer range from the environment's Prometheus), each processor node's rate and end-to-end latency, and each
 * Python function's timing. While the runners are first read, or when they cannot be (no
 * metrics endpoint, no pod proxy for the backend), it says why.
 *
 * @public
 */
export function KsmlThroughputContent(
  props: KsmlThroughputContentProps,
): JSX.Element {
  const refreshIntervalMs =
    props.refreshIntervalMs ?? DEFAULT_THROUGHPUT_REFRESH_MS;
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentThroughput
          app={app}
          environment={environment}
          refreshIntervalMs={refreshIntervalMs}
        />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentThroughput(props: {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  // The trend's range: the backend's kept hour unless the user picks a longer one, which only
  // an environment with a Prometheus offers.
  const [range, setRange] = useState<string | undefined>(undefined);
  // Through loadOrExplain404, as the metrics: a 404 NotDeployed shows "not deployed"; any other
  // 404 (a backend without the route) says the throughput is unavailable, with its message.
  const throughput = usePolledAsync(
    () =>
      loadOrExplain404(api, ref, () =>
        range ? api.throughput(ref, { range }) : api.throughput(ref),
      ),
    [api, ref, range],
    refreshIntervalMs,
  );
  const refresh = (
    <RefreshButton label="Refresh throughput" onClick={throughput.retry} />
  );
  const answer = throughput.value;
  if (answer?.kind === 'loaded') {
    return (
      <ThroughputPanels
        response={answer.value}
        environment={environment}
        refresh={refresh}
        range={range}
        onRange={setRange}
      />
    );
  }
  return (
    <LoadFallback
      answer={answer}
      error={throughput.error}
      subject="throughput"
      environment={environment}
      onRedeployed={throughput.retry}
      unavailableTitle="Throughput unavailable"
      unavailableDescription={message =>
        `The backend cannot tell the app's throughput in ${environment}. It said: ${message}`
      }
      refresh={refresh}
    />
  );
}

/** Why there are no figures, in words: a title and what to do about it. */
function blockerText(
  blocker: ThroughputBlocker,
  intervalSeconds: number,
): { title: string; text: string; severity: 'info' | 'warning' } {
  switch (blocker) {
    case 'NotYetRead':
      return {
        severity: 'info',
        title: `Reading the runners… the first figures show within ${intervalSeconds} s`,
        text: 'The backend reads the KSML runners while someone looks at the app; this view reads again on its own.',
      };
    case 'MetricsDisabled':
      return {
        severity: 'info',
        title: 'The runners have no metrics endpoint',
        text: "The app runs without the KSML runner's metrics endpoint (prometheus.enabled is false in its chart values), so its throughput cannot be read. Deploy it with prometheus.enabled true to see it here.",
      };
    default:
      return {
        severity: 'warning',
        title: 'The backend may not read the runners',
        text: "The backend may not use the pod proxy (pods/proxy) in the app's namespace, so it cannot read the runners' metrics. A platform administrator can grant it in the Role the backend or the provisioner runs with.",
      };
  }
}

function ThroughputPanels(props: {
  response: KsmlThroughputResponse;
  environment: string;
  refresh: JSX.Element;
  range: string | undefined;
  onRange(range: string | undefined): void;
}): JSX.Element {
  const { response, environment, refresh, range, onRange } = props;
  const blocker = throughputBlocker(response);
  const subheader = `All replicas, as their KSML runners report them every ${response.intervalSeconds} s`;
  if (blocker) {
    const { title, text, severity } = blockerText(
      blocker,
      response.intervalSeconds,
    );
    return (
      <InfoCard title="Throughput" subheader={subheader} action={refresh}>
        {/* A status, not an alert: it is read out once, not on every poll. */}
        <Alert severity={severity} role="status">
          <AlertTitle>{title}</AlertTitle>
          {text}
        </Alert>
        <Box mt={2}>
          <ReplicaLines replicas={response.replicas} />
        </Box>
      </InfoCard>
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Throughput" subheader={subheader} action={refresh}>
          <Summary response={response} environment={environment} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Trend"
          subheader={trendSource(response)}
          action={
            response.longerHistory ? (
              <RangePicker range={range} onRange={onRange} />
            ) : undefined
          }
        >
          {response.historyWarning && (
            <Box mb={2}>
              <Alert severity="warning" role="status">
                {response.historyWarning}. The last hour the backend kept is
                shown instead.
              </Alert>
            </Box>
          )}
          <Trend response={response} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Processor nodes" noPadding>
          <NodesTable nodes={response.nodes} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Functions" noPadding>
          <FunctionsTable functions={response.functions} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The trend's range, where the environment's Prometheus keeps more than the backend's hour. */
function RangePicker(props: {
  range: string | undefined;
  onRange(range: string | undefined): void;
}): JSX.Element {
  return (
    <NativeSelect
      value={props.range ?? ''}
      onChange={event => props.onRange(event.target.value || undefined)}
      inputProps={{ 'aria-label': 'Trend range' }}
    >
      {HISTORY_RANGES.map(option => (
        <option key={option.label} value={option.range ?? ''}>
          {option.label}
        </option>
      ))}
    </NativeSelect>
  );
}

/** A total with its name under it. */
function Figure(props: {
  name: string;
  value: string;
  testId: string;
}): JSX.Element {
  return (
    <Box>
      <Typography variant="h4" component="p" data-testid={props.testId}>
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.name}
      </Typography>
    </Box>
  );
}

/** Records in and out per second summed over the replicas, then each replica's line. */
function Summary(props: {
  response: KsmlThroughputResponse;
  environment: string;
}): JSX.Element {
  const { response, environment } = props;
  const totals = throughputTotals(response.replicas);
  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 32 }}>
        <Figure
          name="records in per second"
          value={formatRate(totals.recordsInPerSecond)}
          testId="ksml-records-in"
        />
        <Figure
          name="records out per second"
          value={formatRate(totals.recordsOutPerSecond)}
          testId="ksml-records-out"
        />
      </Box>
      {totals.replicas === 0 ? (
        <Box mt={2}>
          <Typography variant="body2">
            No replica runs in {environment}: nothing is processed.
          </Typography>
        </Box>
      ) : (
        <Box mt={2}>
          {totals.replicasRead > 0 && totals.replicasRead < totals.replicas && (
            <Typography variant="body2" paragraph>
              The figures of {totals.replicasRead} of {totals.replicas}{' '}
              replicas: the others were not read.
            </Typography>
          )}
          <ReplicaLines replicas={response.replicas} />
        </Box>
      )}
    </Box>
  );
}

const ICONS = {
  ok: StatusOK,
  pending: StatusPending,
  error: StatusError,
  unknown: StatusWarning,
};

/** A replica's figures after its state: "12.5 in/s, 12.5 out/s, heap 312 MiB of 1.5 GiB". */
function replicaFigures(replica: KsmlReplicaThroughput): string {
  const parts = [];
  if (replica.recordsInPerSecond !== undefined)
    parts.push(`${formatRate(replica.recordsInPerSecond)} in/s`);
  if (replica.recordsOutPerSecond !== undefined)
    parts.push(`${formatRate(replica.recordsOutPerSecond)} out/s`);
  if (replica.heapUsedBytes !== undefined)
    parts.push(
      `heap ${formatHeap(replica.heapUsedBytes, replica.heapMaxBytes)}`,
    );
  return parts.join(', ');
}

/**
 * Each replica's line: its Kafka Streams state (or why it is Unknown), its records in and out
 * per second and its JVM heap used of its maximum. When it was read on hover.
 */
function ReplicaLines(props: {
  replicas: KsmlReplicaThroughput[];
}): JSX.Element {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {props.replicas.map(replica => {
        const Icon = ICONS[streamsTone(replica.state)];
        const figures = replicaFigures(replica);
        const line = (
          <Typography
            variant="body2"
            component="span"
            data-testid="ksml-replica-throughput"
          >
            <Icon />
            {replicaLabel(replica.replicaName)}: {streamsLine(replica)}
            {figures && ` · ${figures}`}
          </Typography>
        );
        return (
          <li key={replica.replicaName}>
            {replica.observedAt ? (
              <Tooltip
                title={`read from the runner at ${formatAbsoluteTime(
                  replica.observedAt,
                )}`}
              >
                {line}
              </Tooltip>
            ) : (
              line
            )}
          </li>
        );
      })}
    </Box>
  );
}

/** The chart's box in SVG user units; it stretches to the card's width. */
const CHART_BOX = { width: 600, height: 96, padding: 2 };
const HEAP_BOX = { width: 600, height: 48, padding: 2 };

/** The records and heap charts of the history, each with its text. */
function Trend(props: { response: KsmlThroughputResponse }): JSX.Element {
  const { history } = props.response;
  const theme = useTheme();
  const paths = useMemo(() => trendPaths(history, CHART_BOX), [history]);
  const heap = useMemo(() => trendPaths(history, HEAP_BOX).heap, [history]);
  if (history.length === 0) {
    return (
      <Typography variant="body2">
        No readings yet: the trend starts with the first.
      </Typography>
    );
  }
  const from = formatRelativeTime(history[0].at);
  const to = formatRelativeTime(history[history.length - 1].at);
  return (
    <Box>
      <TrendChart
        testId="ksml-throughput-trend"
        label={recordsChartLabel(history)}
        description={recordsTrendText(history)}
        box={CHART_BOX}
        top={`${formatRate(paths.maxRate)} per second`}
        from={from}
        to={to}
        lines={[
          {
            name: 'Records in',
            path: paths.recordsIn,
            colour: theme.palette.primary.main,
          },
          {
            name: 'Records out',
            path: paths.recordsOut,
            colour: theme.palette.text.primary,
            dashed: true,
          },
        ]}
      />
      <Box mt={3}>
        <TrendChart
          testId="ksml-heap-trend"
          label={heapChartLabel(history)}
          description={heapTrendText(history)}
          box={HEAP_BOX}
          top={formatBytes(paths.maxHeap)}
          from={from}
          to={to}
          lines={[
            {
              name: 'JVM heap used',
              path: heap,
              colour: theme.palette.primary.main,
            },
          ]}
        />
      </Box>
    </Box>
  );
}

/** Each processor node in the order of the topology, as the backend gives them. */
function NodesTable(props: { nodes: KsmlNodeThroughput[] }): JSX.Element {
  if (props.nodes.length === 0) {
    return (
      <Box p={2}>
        <Typography variant="body2">
          No processor node has reported yet.
        </Typography>
      </Box>
    );
  }
  return (
    <ScrollingTable label="Processor nodes">
      <TableHead>
        <TableRow>
          <TableCell>Node</TableCell>
          <TableCell align="right">Records/s</TableCell>
          <TableCell align="right">E2E latency avg (ms)</TableCell>
          <TableCell align="right">E2E latency max (ms)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.nodes.map(node => (
          <TableRow key={node.node}>
            <TableCell>{node.node}</TableCell>
            <TableCell align="right">
              {formatRate(node.recordsPerSecond)}
            </TableCell>
            <TableCell align="right">
              {formatMs(node.e2eLatencyAvgMs)}
            </TableCell>
            <TableCell align="right">
              {formatMs(node.e2eLatencyMaxMs)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </ScrollingTable>
  );
}

/** Each Python function of the definitions, by name. */
function FunctionsTable(props: {
  functions: KsmlFunctionTiming[];
}): JSX.Element {
  if (props.functions.length === 0) {
    return (
      <Box p={2}>
        <Typography variant="body2">
          No function has run yet, or the definitions have none.
        </Typography>
      </Box>
    );
  }
  return (
    <ScrollingTable label="Functions">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell align="right">Calls</TableCell>
          <TableCell align="right">Mean (ms)</TableCell>
          <TableCell align="right">p99 (ms)</TableCell>
          <TableCell align="right">Max (ms)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sortedFunctions(props.functions).map(fn => (
          <TableRow key={fn.name}>
            <TableCell>{fn.name}</TableCell>
            <TableCell align="right">{formatCalls(fn.calls)}</TableCell>
            <TableCell align="right">{formatMs(fn.meanMs)}</TableCell>
            <TableCell align="right">{formatMs(fn.p99Ms)}</TableCell>
            <TableCell align="right">{formatMs(fn.maxMs)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </ScrollingTable>
  );
}
