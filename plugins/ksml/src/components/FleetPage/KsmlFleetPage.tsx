import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  WarningPanel,
  type TableOptions,
} from '@backstage/core-components';
import { errorMessage } from '../common/errors';
import { KsmlChangeLog } from './ChangeLog';
import { RefreshButton } from '../common/RefreshButton';
import {
  fleetChoices,
  filterRows,
  type FleetFilters,
  type FleetRow,
} from './fleet';
import { fleetColumns } from './FleetCells';
import { FleetFilterBar } from './FleetFilterBar';
import { useFleet } from './useFleet';
import { useFleetLagLoader } from './useFleetLag';
import { ReadableText } from '../common/ReadableText';

/** Rows per page: enough to see a team's apps, few enough to render at once. */
const PAGE_SIZE = 50;

/**
 * The table's options. Module constants, as the columns are memoised: Material Table compares
 * its props on each render and processes all the rows again when one changed.
 */
const TABLE_OPTIONS: TableOptions<FleetRow> = {
  paging: true,
  pageSize: PAGE_SIZE,
  pageSizeOptions: [20, PAGE_SIZE, 100],
  emptyRowsWhenPaging: false,
  search: false,
  padding: 'dense',
};
const SMALL_TABLE_OPTIONS: TableOptions<FleetRow> = {
  ...TABLE_OPTIONS,
  paging: false,
};

/** What the table says with no row to show. */
function NoRows(props: { fleetEmpty: boolean }): JSX.Element {
  return (
    <Typography variant="body2" align="center" style={{ padding: 16 }}>
      {props.fleetEmpty
        ? 'The backend manages no KSML apps yet.'
        : 'No app matches the filters.'}
    </Typography>
  );
}

/** The query parameters the filters live in, so a filtered view can be linked to. */
const PARAMS = {
  state: 'state',
  owner: 'owner',
  environment: 'environment',
  search: 'q',
} as const satisfies Record<keyof FleetFilters, string>;

/** The filters in the page's query parameters, and a setter that writes them back. */
function useFleetFilters(): [FleetFilters, (filters: FleetFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const read: FleetFilters = {};
    for (const [key, name] of Object.entries(PARAMS)) {
      const value = params.get(name);
      if (value) read[key as keyof FleetFilters] = value;
    }
    return read;
  }, [params]);
  const setFilters = useCallback(
    (next: FleetFilters) => {
      const updated = new URLSearchParams();
      for (const [key, name] of Object.entries(PARAMS)) {
        const value = next[key as keyof FleetFilters];
        if (value) updated.set(name, value);
      }
      setParams(updated, { replace: true });
    },
    [setParams],
  );
  return [filters, setFilters];
}

/**
 * The fleet's table: every app the backend manages in every environment, filterable, failing
 * ones first. The consumer lag is read only for the rows of the current page, after they show;
 * it cannot be sorted by.
 */
export function KsmlFleetContent(): JSX.Element {
  const { rows, error, catalogError, retry } = useFleet();
  const [filters, setFilters] = useFleetFilters();
  const choices = useMemo(() => fleetChoices(rows ?? []), [rows]);
  const shown = useMemo(() => filterRows(rows ?? [], filters), [rows, filters]);
  // The lag is no part of `/apps`: each row on the current page reads its own, after the first
  // render, so the table never waits for Kafka.
  const lagLoader = useFleetLagLoader();
  const columns = useMemo(
    () => fleetColumns(!catalogError, lagLoader),
    [catalogError, lagLoader],
  );
  const fleetEmpty = rows?.length === 0;
  // Stable, so core-components' Table keeps its body component between renders.
  const noRows = useMemo(
    () => <NoRows fleetEmpty={fleetEmpty} />,
    [fleetEmpty],
  );

  if (error) return <ResponseErrorPanel error={error} />;
  if (!rows) return <Progress />;
  return (
    <>
      <ContentHeader title="Fleet">
        <RefreshButton label="Refresh apps" onClick={retry} />
      </ContentHeader>
      {catalogError && (
        <WarningPanel
          title="Could not read the catalog"
          message={`Apps are listed without their owners and entity links: ${errorMessage(
            catalogError,
          )}`}
        />
      )}
      <FleetFilterBar
        choices={choices}
        filters={filters}
        onChange={setFilters}
      />
      <Table
        title={`${shown.length} of ${rows.length} apps`}
        columns={columns}
        data={shown}
        options={rows.length > PAGE_SIZE ? TABLE_OPTIONS : SMALL_TABLE_OPTIONS}
        emptyContent={noRows}
      />
    </>
  );
}

/** The views of the fleet page, in the order of their tabs. */
export const FLEET_VIEWS = ['apps', 'changes'] as const;
/** One of {@link FLEET_VIEWS}. */
export type FleetView = (typeof FLEET_VIEWS)[number];

const VIEW_TITLES: Record<FleetView, string> = {
  apps: 'Apps',
  changes: 'Changes',
};

/** The view named by the `view` query parameter; the apps when absent or unknown. */
export function fleetViewOf(value: string | null): FleetView {
  return FLEET_VIEWS.find(view => view === value) ?? 'apps';
}

/** The chosen view in the `view` query parameter, so the change log can be linked to. */
function useFleetView(): [FleetView, (view: FleetView) => void] {
  const [params, setParams] = useSearchParams();
  const view = fleetViewOf(params.get('view'));
  const select = useCallback(
    (next: FleetView) =>
      setParams(previous => {
        const updated = new URLSearchParams(previous);
        if (next === 'apps') updated.delete('view');
        else updated.set('view', next);
        return updated;
      }),
    [setParams],
  );
  return [view, select];
}

/**
 * The KSML fleet page: every app the backend manages, in every environment, with its state,
 * replicas, consumer lag, last change and owner, each linked to its catalog entity; filterable
 * by state, owner and environment and searchable. The lag is read per app, only for the rows on
 * the table's current page, and not sortable. Its Changes view is the log of operations on every
 * app (who did what, where, and how it ended), filterable by person. Mount it at a route of
 * the app, e.g. `/ksml`.
 *
 * @public
 */
export function KsmlFleetPage(): JSX.Element {
  const [view, select] = useFleetView();
  return (
    <Page themeId="tool">
      <Header
        title="KSML"
        subtitle="Every KSML app the backend manages, in every environment"
      />
      <Content>
        <ReadableText>
          <Box mb={2}>
            <Tabs
              value={view}
              onChange={(_event, next: FleetView) => select(next)}
              indicatorColor="primary"
              textColor="primary"
              aria-label="KSML fleet views"
            >
              {FLEET_VIEWS.map(v => (
                <Tab key={v} value={v} label={VIEW_TITLES[v]} />
              ))}
            </Tabs>
          </Box>
          {view === 'apps' ? <KsmlFleetContent /> : <KsmlChangeLog />}
        </ReadableText>
      </Content>
    </Page>
  );
}
