import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useSearchParams } from 'react-router-dom';
import { RequireKsmlApp } from '../common/RequireKsmlApp';
import { KsmlDefinitionContent } from '../DefinitionContent/DefinitionContent';
import { KsmlEventsContent } from '../EventsContent/EventsContent';
import { KsmlHistoryContent } from '../HistoryContent/HistoryContent';
import { KsmlLogsContent } from '../LogsContent/LogsContent';
import { KsmlMetricsContent } from '../MetricsContent/MetricsContent';
import { KsmlStatusContent } from '../StatusCard/KsmlStatusContent';
import { KsmlGitopsContent } from '../GitopsContent/GitopsContent';
import { KsmlLagContent } from '../LagContent/LagContent';
import { KsmlRecordsContent } from '../RecordsContent/RecordsContent';
import { KsmlTopologyContent } from '../TopologyContent/TopologyContent';
import { KsmlThroughputContent } from '../ThroughputContent/ThroughputContent';
import { ReadableText } from '../common/ReadableText';

/** The sub-views of the KSML tab, in the order of their tabs. */
export const KSML_VIEWS = [
  'status',
  'logs',
  'metrics',
  'throughput',
  'definition',
  'topology',
  'lag',
  'records',
  'events',
  'history',
  'gitops',
] as const;
/** One of {@link KSML_VIEWS}. */
export type KsmlView = (typeof KSML_VIEWS)[number];

const TITLES: Record<KsmlView, string> = {
  status: 'Status',
  logs: 'Logs',
  metrics: 'Metrics',
  throughput: 'Throughput',
  definition: 'Definition',
  topology: 'Topology',
  lag: 'Lag',
  records: 'Records',
  events: 'Events',
  history: 'History',
  gitops: 'GitOps',
};

/** The view named by the `view` query parameter; status when absent or unknown. */
export function viewOf(value: string | null): KsmlView {
  return KSML_VIEWS.find(view => view === value) ?? 'status';
}

/**
 * Props of {@link KsmlContent}.
 *
 * @public
 */
export interface KsmlContentProps {
  /**
   * How often status cards, metrics, events and the lag (also on the topology's topics)
   * reload, in milliseconds (10 s by default); the throughput too when given (15 s by
   * default, the pace at which the backend reads the runners).
   */
  refreshIntervalMs?: number;
}

/**
 * The KSML entity tab: Status (every environment side by side), Logs, Metrics, Throughput (records
 * in and out, processor nodes and functions, as the KSML runners report them), Definition (the
 * files the release runs, and their edit), Topology (the
 * graph of the app's definitions, with the lag on its topics), Lag (per topic and partition,
 * with its trend), Records (of its topics, decoded, for those who may read its data), Events (one timeline), History (revisions and rollback) and, for an app
 * deployed by GitOps, its GitOps files. The chosen view is kept in the `view` query parameter,
 * so a link can open the logs directly and the browser's back button returns to the previous
 * view. Every view offers the environments where the app has a release even when the entity's
 * `ksml/environments` does not list them (an earlier template run deployed there), marked so.
 */
export function KsmlContent(props: KsmlContentProps): JSX.Element {
  const [params, setParams] = useSearchParams();
  const view = viewOf(params.get('view'));
  const select = (next: KsmlView) =>
    setParams(previous => {
      const updated = new URLSearchParams(previous);
      if (next === 'status') updated.delete('view');
      else updated.set('view', next);
      return updated;
    });
  return (
    <RequireKsmlApp findUnlistedEnvironments>
      {app => {
        // The GitOps view of an app that Flux or Argo CD do not deploy is its status.
        const shown = view === 'gitops' && !app.gitops ? 'status' : view;
        return (
          <ReadableText>
            <Box mb={2}>
              <Tabs
                value={shown}
                onChange={(_event, next: KsmlView) => select(next)}
                indicatorColor="primary"
                textColor="primary"
                // Ten tabs are wider than a phone: they scroll rather than being cut off.
                variant="scrollable"
                scrollButtons="auto"
                aria-label="KSML views"
              >
                {/* GitOps only for apps Flux or Argo CD deploy. */}
                {KSML_VIEWS.filter(v => v !== 'gitops' || app.gitops).map(v => (
                  <Tab key={v} value={v} label={TITLES[v]} />
                ))}
              </Tabs>
            </Box>
            {shown === 'status' && (
              <KsmlStatusContent refreshIntervalMs={props.refreshIntervalMs} />
            )}
            {shown === 'logs' && <KsmlLogsContent />}
            {shown === 'metrics' && (
              <KsmlMetricsContent refreshIntervalMs={props.refreshIntervalMs} />
            )}
            {shown === 'throughput' && (
              <KsmlThroughputContent
                refreshIntervalMs={props.refreshIntervalMs}
              />
            )}
            {shown === 'definition' && <KsmlDefinitionContent />}
            {shown === 'topology' && (
              <KsmlTopologyContent
                refreshIntervalMs={props.refreshIntervalMs}
              />
            )}
            {shown === 'lag' && (
              <KsmlLagContent refreshIntervalMs={props.refreshIntervalMs} />
            )}
            {shown === 'records' && <KsmlRecordsContent />}
            {shown === 'events' && (
              <KsmlEventsContent refreshIntervalMs={props.refreshIntervalMs} />
            )}
            {shown === 'history' && <KsmlHistoryContent />}
            {shown === 'gitops' && <KsmlGitopsContent />}
          </ReadableText>
        );
      }}
    </RequireKsmlApp>
  );
}
