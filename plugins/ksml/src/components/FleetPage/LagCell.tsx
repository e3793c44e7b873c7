import CircularProgress from '@material-ui/core/CircularProgress';
import { formatAbsoluteTime } from '../common/time';
import { formatCount } from '../LagContent/lag';
import type { FleetRow } from './fleet';
import {
  lagWanted,
  type FleetLagLoader,
  type LagReading,
  type LagTrend,
} from './fleetLag';
import { useRowLag } from './useFleetLag';

/** A small arrow after the total, for a total that moved since the measurement before. */
function TrendArrow(props: { trend: LagTrend }): JSX.Element | null {
  const { direction, previous, previousAt } = props.trend;
  if (direction === 'flat') return null;
  const label = `${direction === 'up' ? 'Up' : 'Down'} from ${formatCount(
    previous,
  )} at ${formatAbsoluteTime(previousAt)}`;
  return (
    <span role="img" aria-label={label} title={label} style={{ marginLeft: 4 }}>
      {direction === 'up' ? '↑' : '↓'}
    </span>
  );
}

/** What a reading shows: the total, "—" without a Kafka connection, "?" when it failed. */
function Reading(props: { reading: LagReading }): JSX.Element {
  const { reading } = props;
  switch (reading.kind) {
    case 'no-connection':
      return <span title={reading.message}>—</span>;
    case 'failed':
      return <span title={reading.message}>?</span>;
    default:
      return (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span title={`Measured ${formatAbsoluteTime(reading.measuredAt)}`}>
            {formatCount(reading.total)}
          </span>
          {reading.trend && <TrendArrow trend={reading.trend} />}
        </span>
      );
  }
}

/**
 * A fleet row's consumer lag, read once the row is on the table's current page: a small
 * spinner until it comes, then the total with its trend, "—" when the environment has no Kafka
 * connection, "?" when it could not be read (the message is the title of each). A stopped app
 * and one whose state is unknown are not read: "–".
 */
export function LagCell(props: {
  row: FleetRow;
  loader: FleetLagLoader;
}): JSX.Element {
  const { row, loader } = props;
  const reading = useRowLag(row, loader);
  if (!lagWanted(row.state)) {
    return (
      <span
        title={
          row.state === 'Stopped'
            ? 'Not read: the app is stopped'
            : 'Not read: its state is unknown'
        }
      >
        –
      </span>
    );
  }
  if (!reading) {
    return <CircularProgress size={12} aria-label="Reading the lag" />;
  }
  return <Reading reading={reading} />;
}
