import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';

import type {
  KsmlLagResponse,
  KsmlThroughputResponse,
  KsmlTopologyResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { NotDeployed } from '../common/NotDeployed';
import { AppPerEnvironment } from '../common/PerEnvironment';
import { RefreshButton } from '../common/RefreshButton';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import type { KsmlApp } from '../common/useKsmlRef';
import { lagProblem } from '../LagContent/lag';
import { topicRows, topologyGraph } from './graph';
import { TopicsTable } from './TopicsTable';
import { TopologyGraph, TopologyLegend } from './TopologyGraph';
import { throughputOverlay } from './throughputOverlay';
import {
  useKsmlLag,
  useKsmlThroughput,
  useKsmlTopology,
} from '../../hooks/useKsmlData';

/**
 * Props of {@link KsmlTopologyContent}.
 *
 * @public
 */
export interface KsmlTopologyContentProps {
  /**
   * How often the lag on the topics and the runner's figures on the nodes reload, in
   * milliseconds (10 s by default).
   */
  refreshIntervalMs?: number;
}

/**
 * The topology of the entity's KSML app in an environment, drawn from the definitions the
 * release runs: producers, topics, streams and tables, each pipeline's operations, stores and
 * sinks, with the consumer lag on the topics it reads and, where the runner reports them, each
 * node's records per second and end-to-end latency. Without a Kafka connection (or with the
 * broker down) the graph is drawn all the same, with a note why the lag is missing; without
 * the runner's figures it is drawn without them, silently.
 *
 * @public
 */
export function KsmlTopologyContent(
  props: KsmlTopologyContentProps,
): JSX.Element {
  const refreshIntervalMs = props.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentTopology
          app={app}
          environment={environment}
          refreshIntervalMs={refreshIntervalMs}
        />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentTopology(props: {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  // The topology changes only with a deploy, so it is read once (and on refresh); the lag
  // moves all the time, so it is polled. Each is read on its own: a lag that fails (no Kafka
  // connection, broker down) must not keep the graph from being drawn.
  const topology = useKsmlTopology(ref);
  const lag = useKsmlLag(ref, { refreshIntervalMs });
  // The runner's figures only dress the graph: any failure (a backend without the route, a
  // runner not read yet, 404 or other) leaves the graph as it is, without a word, as the
  // Throughput view is where they are explained.
  const throughput = useKsmlThroughput(ref, { refreshIntervalMs });
  const reload = () => {
    topology.retry();
    lag.retry();
    throughput.retry();
  };
  const refresh = <RefreshButton label="Refresh topology" onClick={reload} />;

  if (topology.error) {
    return (
      <KsmlErrorState
        error={topology.error}
        subject="topology"
        notFound={
          <NotDeployed environment={environment} onRedeployed={reload} />
        }
      />
    );
  }
  if (!topology.value) {
    return <Progress />;
  }
  return (
    <TopologyPanels
      response={topology.value}
      lag={lag.value}
      lagError={lag.error}
      throughput={throughput.value}
      title={`Topology of ${app.base.application} in ${environment}`}
      refresh={refresh}
    />
  );
}

/** Why the graph shows no lag: a short note, informative without a connection, else a warning. */
function LagNote(props: { error: Error }): JSX.Element {
  const problem = lagProblem(props.error);
  return problem.kind === 'no-connection' ? (
    <Alert severity="info">Lag not shown: {problem.message}</Alert>
  ) : (
    <Alert severity="warning">Lag unavailable: {problem.message}</Alert>
  );
}

function TopologyPanels(props: {
  response: KsmlTopologyResponse;
  lag: KsmlLagResponse | undefined;
  lagError: Error | undefined;
  throughput: KsmlThroughputResponse | undefined;
  title: string;
  refresh: JSX.Element;
}): JSX.Element {
  const { response, lag, lagError, throughput, title, refresh } = props;
  const { topology } = response;
  const figures = useMemo(
    () => throughput && throughputOverlay(topology, throughput.nodes),
    [topology, throughput],
  );
  const graph = useMemo(
    () => topologyGraph(topology, lag, figures),
    [topology, lag, figures],
  );
  const topics = useMemo(() => topicRows(topology, lag), [topology, lag]);
  if (graph.nodes.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="Nothing to draw"
        description="The app's definitions declare no streams, tables, pipelines or producers."
        action={refresh}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Topology"
          subheader={`application.id ${response.applicationId}: drawn from the definitions the release runs`}
          action={refresh}
        >
          {lagError && (
            <Box mb={2}>
              <LagNote error={lagError} />
            </Box>
          )}
          <TopologyGraph graph={graph} label={title} />
          <TopologyLegend />
        </InfoCard>
      </Grid>
      {topics.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Topics" noPadding>
            <TopicsTable rows={topics} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
