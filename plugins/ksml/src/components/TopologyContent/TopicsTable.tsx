import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import { useTheme } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import { formatCount } from '../LagContent/lag';
import type { TopicRow } from './graph';

/** Props of {@link TopicsTable}. */
export interface TopicsTableProps {
  rows: TopicRow[];
}

function LagCell(props: { row: TopicRow }): JSX.Element {
  const { row } = props;
  const theme = useTheme();
  if (row.missing) {
    return (
      <Tooltip title="The app reads this topic, but the broker does not have it: its lag cannot be measured.">
        <Chip
          size="small"
          variant="outlined"
          icon={<WarningIcon style={{ color: theme.palette.warning.main }} />}
          label="not on the broker"
        />
      </Tooltip>
    );
  }
  return <>{row.lag === undefined ? '–' : formatCount(row.lag)}</>;
}

/**
 * The topics the app reads and writes, with the lag on those it reads: the graph's
 * essentials, readable without the drawing (and by screen readers).
 */
export function TopicsTable(props: TopicsTableProps): JSX.Element {
  return (
    <Table size="small" aria-label="Topics">
      <TableHead>
        <TableRow>
          <TableCell>Topic</TableCell>
          <TableCell>The app</TableCell>
          <TableCell align="right">Lag</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row.topic}>
            <TableCell>{row.topic}</TableCell>
            <TableCell>
              <Box display="flex" style={{ gap: 4 }}>
                {row.input && (
                  <Chip size="small" variant="outlined" label="reads" />
                )}
                {row.output && (
                  <Chip size="small" variant="outlined" label="writes" />
                )}
              </Box>
            </TableCell>
            <TableCell align="right">
              {row.input ? <LagCell row={row} /> : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
