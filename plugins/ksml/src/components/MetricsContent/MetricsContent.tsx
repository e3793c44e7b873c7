import { useEffect, useMemo, useState } from 'react';
import { AppPerEnvironment } from '../common/PerEnvironment';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ksmlApiRef } from '../../api';
import { LoadFallback } from '../common/LoadFallback';
import { loadOrExplain404 } from '../common/loadOrExplain404';
import { RefreshButton } from '../common/RefreshButton';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import {
  appendSample,
  series,
  toSample,
  type MetricsSample,
  type Usage,
} from './samples';
import { Sparkline } from './Sparkline';

/** How often metrics are polled by default; each poll is a point of the charts. */
export const DEFAULT_METRICS_REFRESH_MS = DEFAULT_REFRESH_MS;

/**
 * Props of {@link KsmlMetricsContent}.
 *
 * @public
 */
export interface KsmlMetricsContentProps {
  /** How often to poll, in milliseconds (10 s by default); each poll adds a chart point. */
  refreshIntervalMs?: number;
}

/**
 * CPU and memory of the entity's KSML app in an environment, in total and per replica, with
 * their trend since the page was opened.
 */
export function KsmlMetricsContent(
  props: KsmlMetricsContentProps,
): JSX.Element {
  const refreshIntervalMs =
    props.refreshIntervalMs ?? DEFAULT_METRICS_REFRESH_MS;
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentMetrics
          app={app}
          environment={environment}
          refreshIntervalMs={refreshIntervalMs}
        />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentMetrics(props: {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const metrics = usePolledAsync(
    () => loadOrExplain404(api, ref, () => api.metrics(ref)),
    [api, ref],
    refreshIntervalMs,
  );
  // The charts are built from the polls of this visit: the backend keeps no history.
  const [samples, setSamples] = useState<MetricsSample[]>([]);
  const answer = metrics.value;
  useEffect(() => {
    if (answer?.kind === 'loaded') {
      setSamples(previous =>
        appendSample(previous, toSample(answer.value, Date.now())),
      );
    }
  }, [answer]);

  const refresh = (
    <RefreshButton label="Refresh metrics" onClick={metrics.retry} />
  );

  if (answer?.kind === 'loaded' && samples.length > 0) {
    return <MetricsPanels samples={samples} refresh={refresh} />;
  }
  return (
    <LoadFallback
      answer={answer}
      error={metrics.error}
      subject="metrics"
      environment={environment}
      onRedeployed={metrics.retry}
      unavailableTitle="Metrics unavailable"
      unavailableDescription={message =>
        `Metrics need metrics-server in the ${environment} cluster, and new pods take about a minute to get figures. The backend said: ${message}`
      }
      refresh={refresh}
    />
  );
}

const UNITS: Record<keyof Usage, string> = { cpu: 'm', memory: 'MB' };
const TITLES: Record<keyof Usage, string> = {
  cpu: 'CPU',
  memory: 'Memory',
};

function formatUsage(usage: Usage | undefined, figure: keyof Usage): string {
  return usage ? `${usage[figure]} ${UNITS[figure]}` : '–';
}

/** The totals with their trend, and a table of the replicas. */
function MetricsPanels(props: {
  samples: MetricsSample[];
  refresh: JSX.Element;
}): JSX.Element {
  const { samples, refresh } = props;
  const latest = samples[samples.length - 1];
  const replicaNames = Object.keys(latest.replicas).sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  return (
    <Grid container spacing={3}>
      {(['cpu', 'memory'] as const).map(figure => (
        <Grid item xs={12} md={6} key={figure}>
          <InfoCard
            title={TITLES[figure]}
            subheader="All replicas"
            action={figure === 'cpu' ? refresh : undefined}
          >
            <Box display="flex" alignItems="center" style={{ gap: 24 }}>
              <Typography variant="h4" data-testid={`ksml-total-${figure}`}>
                {formatUsage(latest.total, figure)}
              </Typography>
              <Sparkline
                label={`${TITLES[figure]} of all replicas`}
                values={series(samples, figure)}
                width={200}
                height={40}
              />
            </Box>
          </InfoCard>
        </Grid>
      ))}
      {replicaNames.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Replicas" noPadding>
            <Table size="small" aria-label="Usage per replica">
              <TableHead>
                <TableRow>
                  <TableCell>Replica</TableCell>
                  <TableCell>CPU</TableCell>
                  <TableCell>CPU trend</TableCell>
                  <TableCell>Memory</TableCell>
                  <TableCell>Memory trend</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {replicaNames.map(name => (
                  <TableRow key={name}>
                    <TableCell>{name}</TableCell>
                    {(['cpu', 'memory'] as const).map(figure => [
                      <TableCell key={figure}>
                        {formatUsage(latest.replicas[name], figure)}
                      </TableCell>,
                      <TableCell key={`${figure}-trend`}>
                        <Sparkline
                          label={`${TITLES[figure]} of replica ${name}`}
                          values={series(samples, figure, name)}
                        />
                      </TableCell>,
                    ])}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
