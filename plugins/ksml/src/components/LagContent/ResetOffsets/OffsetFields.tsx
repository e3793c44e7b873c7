import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import { ScrollingTable } from '../../common/ScrollingTable';
import { formatCommitted, formatCount } from '../lag';
import { partitionKey, type ResetPartition } from './resetRequest';

/**
 * A row per partition of the input topics with its kept range and commit, and a field for its
 * new offset starting at the commit: only the rows changed are sent.
 */
export function OffsetFields(props: {
  partitions: ResetPartition[];
  offsets: Record<string, string>;
  errors: Record<string, string>;
  onChange(partition: ResetPartition, text: string): void;
}): JSX.Element {
  const { partitions, offsets, errors, onChange } = props;
  return (
    <Box mt={1}>
      <ScrollingTable label="New offsets">
        <TableHead>
          <TableRow>
            <TableCell>Topic</TableCell>
            <TableCell align="right">Partition</TableCell>
            <TableCell align="right">Earliest offset</TableCell>
            <TableCell align="right">End offset</TableCell>
            <TableCell align="right">Committed</TableCell>
            <TableCell>New offset</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {partitions.map(p => {
            const key = partitionKey(p.topic, p.partition);
            return (
              <TableRow key={key}>
                <TableCell>{p.topic}</TableCell>
                <TableCell align="right">{p.partition}</TableCell>
                <TableCell align="right">
                  {formatCount(p.earliestOffset)}
                </TableCell>
                <TableCell align="right">{formatCount(p.endOffset)}</TableCell>
                <TableCell align="right">
                  {formatCommitted(p.committedOffset)}
                </TableCell>
                <TableCell>
                  <TextField
                    type="number"
                    size="small"
                    value={offsets[key] ?? ''}
                    onChange={event => onChange(p, event.target.value)}
                    error={!!errors[key]}
                    helperText={errors[key]}
                    inputProps={{
                      'aria-label': `New offset of ${p.topic} partition ${p.partition}`,
                      min: p.earliestOffset,
                      max: p.endOffset,
                    }}
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </ScrollingTable>
    </Box>
  );
}
