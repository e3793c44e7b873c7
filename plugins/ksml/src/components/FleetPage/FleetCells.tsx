import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { StatusWarning, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { formatRelativeTime } from '../common/time';
import { StateChip } from '../StatusCard/StateChip';
import { actorName, compareRows, UNKNOWN, type FleetRow } from './fleet';

/** The application's name, linked to its entity; unlinked and marked when there is none. */
function ApplicationCell(props: {
  row: FleetRow;
  catalogRead: boolean;
}): JSX.Element {
  const { row, catalogRead } = props;
  const { tenant, instance, application } = row.app.ref;
  return (
    <>
      {row.entity ? (
        <EntityRefLink entityRef={row.entity}>{application}</EntityRefLink>
      ) : (
        <Typography variant="body2" component="span">
          {application}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        {tenant} / {instance}
        {!row.entity && catalogRead && ' · no catalog entity'}
      </Typography>
    </>
  );
}

/**
 * The state as the status card's chip; Unknown (the status could not be read) as a chip of the
 * same shape with a warning indicator, the error in its title.
 */
function StateCell(props: { row: FleetRow }): JSX.Element {
  const { row } = props;
  if (row.state !== UNKNOWN) {
    return <StateChip state={row.state} />;
  }
  return (
    <Chip
      size="small"
      variant="outlined"
      data-testid="ksml-state"
      aria-label={`State: ${UNKNOWN}`}
      title={row.app.error}
      label={<StatusWarning>{UNKNOWN}</StatusWarning>}
    />
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
 * without an entity really has none (and is marked so) rather than an unread one.
 */
export function fleetColumns(catalogRead: boolean): TableColumn<FleetRow>[] {
  return [
    {
      title: 'Application',
      field: 'app.ref.application',
      highlight: true,
      customSort: byText(row => row.app.ref.application),
      render: row => <ApplicationCell row={row} catalogRead={catalogRead} />,
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
      render: row => <StateCell row={row} />,
    },
    {
      title: 'Replicas (ready/desired)',
      sorting: false,
      render: row => replicasText(row),
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
