import Typography from '@material-ui/core/Typography';
import type { Entity } from '@backstage/catalog-model';
import { type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { KsmlAppBase } from '../common/ksmlEntity';
import { formatRelativeTime } from '../common/time';
import { StateChip } from '../StatusCard/StateChip';
import { actorName, compareRows, type FleetRow } from './fleet';
import type { FleetLagLoader } from './fleetLag';
import { LagCell } from './LagCell';

/**
 * The application's name, linked to its entity; unlinked and marked when there is none. For the
 * fleet's rows and the change log's.
 */
export function ApplicationCell(props: {
  app: KsmlAppBase;
  entity?: Entity;
  /** Whether the catalog answered: only then is an app without an entity marked so. */
  catalogRead: boolean;
}): JSX.Element {
  const { entity, catalogRead } = props;
  const { tenant, instance, application } = props.app;
  return (
    <>
      {entity ? (
        <EntityRefLink entityRef={entity}>{application}</EntityRefLink>
      ) : (
        <Typography variant="body2" component="span">
          {application}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        {tenant} / {instance}
        {!entity && catalogRead && ' · no catalog entity'}
      </Typography>
    </>
  );
}

/** Ready replicas of the wanted ones, "–" when the status is unknown. */
function replicasText(row: FleetRow): string {
  const workload = row.app.status?.kubernetes;
  return workload ? `${workload.readyReplicas}/${workload.replicas}` : '–';
}

/** The last recorded operation: what and how it went, then who and when. */
function LastChangeCell(props: { row: FleetRow }): JSX.Element {
  const { operation, outcome, actor, createdAt } = props.row.app.lastDeploy;
  const who = actorName(actor);
  return (
    <>
      <Typography
        variant="body2"
        color={outcome === 'failed' ? 'error' : 'textPrimary'}
      >
        {operation} {outcome}
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        {who && <span title={actor}>{who}, </span>}
        <time dateTime={createdAt} title={createdAt}>
          {formatRelativeTime(createdAt)}
        </time>
      </Typography>
    </>
  );
}

/** The owner, linked to its entity; "–" without one. */
function OwnerCell(props: { row: FleetRow }): JSX.Element {
  const { owner } = props.row;
  if (!owner) return <>–</>;
  if (!owner.entityRef) return <>{owner.name}</>;
  return (
    <EntityRefLink entityRef={owner.entityRef}>{owner.name}</EntityRefLink>
  );
}

const byText =
  (text: (row: FleetRow) => string) => (a: FleetRow, b: FleetRow) =>
    text(a).localeCompare(text(b)) || compareRows(a, b);

/**
 * The fleet table's columns. `catalogRead`: whether the catalog answered, so that an app
 * without an entity really has none (and is marked so) rather than an unread one. `lag` reads
 * the Lag column's totals for the rows on the current page only; the column cannot be sorted,
 * as sorting would need every app's lag.
 */
export function fleetColumns(
  catalogRead: boolean,
  lag: FleetLagLoader,
): TableColumn<FleetRow>[] {
  return [
    {
      title: 'Application',
      field: 'app.ref.application',
      highlight: true,
      customSort: byText(row => row.app.ref.application),
      render: row => (
        <ApplicationCell
          app={row.app.ref}
          entity={row.entity}
          catalogRead={catalogRead}
        />
      ),
    },
    {
      title: 'Environment',
      field: 'app.ref.environment',
      customSort: byText(row => row.app.ref.environment),
    },
    {
      title: 'State',
      field: 'state',
      customSort: compareRows,
      render: row => <StateChip state={row.state} error={row.app.error} />,
    },
    {
      title: 'Replicas (ready/desired)',
      sorting: false,
      render: row => replicasText(row),
    },
    {
      title: 'Lag',
      sorting: false,
      align: 'right',
      render: row => <LagCell row={row} loader={lag} />,
    },
    {
      title: 'Last change',
      field: 'app.lastDeploy.createdAt',
      customSort: byText(row => row.app.lastDeploy.createdAt),
      render: row => <LastChangeCell row={row} />,
    },
    {
      title: 'Owner',
      customSort: byText(row => row.owner?.name ?? ''),
      render: row => <OwnerCell row={row} />,
    },
  ];
}
