import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { KsmlOffsetResetResponse } from '@ksml-backstage/plugin-ksml-common';
import { ScrollingTable } from '../../common/ScrollingTable';
import { formatCount } from '../lag';
import { partitionKey } from './resetRequest';
import { groupText, lagArrow } from './resetOutcome';

/**
 * A dry run's plan or an applied reset: the group, and each partition's current and new
 * offset with its lag before and after, then the totals. Given the app, it says it was applied.
 */
export function ResetResult(props: {
  result: KsmlOffsetResetResponse;
  application?: string;
  environment?: string;
}): JSX.Element {
  const { result, application, environment } = props;
  return (
    <Box mt={2}>
      {application && (
        <Box mb={1}>
          <Alert severity={result.applied ? 'success' : 'warning'}>
            {result.applied
              ? `Reset the offsets of ${application} in ${environment}: the lag is now ${formatCount(
                  result.lagAfter,
                )}. It starts there when it runs again.`
              : 'The broker did not take the new offsets.'}
          </Alert>
        </Box>
      )}
      <Typography variant="body2" paragraph>
        {groupText(result)}
        {result.dryRun && ' A preview: nothing changed yet.'}
      </Typography>
      <ScrollingTable
        label={result.dryRun ? 'Offsets previewed' : 'Offsets reset'}
      >
        <TableHead>
          <TableRow>
            <TableCell>Topic</TableCell>
            <TableCell align="right">Partition</TableCell>
            <TableCell align="right">Current offset</TableCell>
            <TableCell align="right">New offset</TableCell>
            <TableCell align="right">Lag</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.partitions.map(p => (
            <TableRow key={partitionKey(p.topic, p.partition)}>
              <TableCell>{p.topic}</TableCell>
              <TableCell align="right">{p.partition}</TableCell>
              <TableCell align="right">
                {/* No commit: the group never read there. */}
                {p.currentOffset === undefined
                  ? '—'
                  : formatCount(p.currentOffset)}
              </TableCell>
              <TableCell align="right">{formatCount(p.newOffset)}</TableCell>
              <TableCell align="right">
                {lagArrow(p.lagBefore, p.lagAfter)}
              </TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell colSpan={4}>
              <strong>Total</strong>
            </TableCell>
            <TableCell align="right">
              <strong>{lagArrow(result.lagBefore, result.lagAfter)}</strong>
            </TableCell>
          </TableRow>
        </TableBody>
      </ScrollingTable>
    </Box>
  );
}
