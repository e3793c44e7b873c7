import { useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import NativeSelect from '@material-ui/core/NativeSelect';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { KsmlRecordsResponse } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { errorMessage } from '../common/errors';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { NotDeployed } from '../common/NotDeployed';
import { AppPerEnvironment } from '../common/PerEnvironment';
import { ScrollingTable } from '../common/ScrollingTable';
import { formatAbsoluteTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { useKsmlTopology } from '../../hooks/useKsmlData';
import { readSummary, recordTopics, shownHeaders, shownPart } from './records';

/** How many records a read may ask for, as the view offers them. */
const LIMITS = [10, 50, 200, 500];

/**
 * The records of the entity's KSML app's topics in an environment: pick one of the topics its
 * definition reads or writes, how many of the last records, and a filter on key and value; the
 * records come decoded as the app declares them, with partition, offset, time and headers.
 * Records are read only when asked (each read is audited), never polled.
 *
 * @public
 */
export function KsmlRecordsContent(): JSX.Element {
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentRecords app={app} environment={environment} />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentRecords(props: {
  app: KsmlApp;
  environment: string;
}): JSX.Element {
  const { app, environment } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const topology = useKsmlTopology(ref);
  const topics = useMemo(
    () => (topology.value ? recordTopics(topology.value.topology) : []),
    [topology.value],
  );
  const [topic, setTopic] = useState<string | undefined>(undefined);
  const [limit, setLimit] = useState(50);
  const [filter, setFilter] = useState('');
  const [read, setRead] = useState<
    | { state: 'reading' }
    | { state: 'read'; response: KsmlRecordsResponse }
    | { state: 'failed'; error: Error }
    | undefined
  >(undefined);
  // Only the newest read's answer is shown: an earlier, slower one must not overwrite it.
  const latestRead = useRef(0);

  if (topology.error) {
    return (
      <KsmlErrorState
        error={topology.error}
        subject="topology"
        notFound={
          <NotDeployed
            environment={environment}
            onRedeployed={topology.retry}
          />
        }
      />
    );
  }
  if (!topology.value) return <Progress />;
  const chosen = topic ?? topics[0]?.topic;
  const readRecords = async () => {
    if (!chosen || read?.state === 'reading') return;
    const id = ++latestRead.current;
    setRead({ state: 'reading' });
    try {
      const response = await api.records(ref, {
        topic: chosen,
        limit,
        ...(filter.trim() ? { filter: filter.trim() } : {}),
      });
      if (id === latestRead.current) setRead({ state: 'read', response });
    } catch (error) {
      if (id === latestRead.current)
        setRead({ state: 'failed', error: error as Error });
    }
  };
  return (
    <InfoCard
      title="Records"
      subheader="The last records of a topic the app reads or writes, decoded as its definition declares them"
    >
      {topics.length === 0 ? (
        <Typography variant="body2">
          The app's definition names no topic.
        </Typography>
      ) : (
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="flex-end"
          style={{ gap: 16 }}
        >
          <NativeSelect
            value={chosen}
            onChange={event => {
              setTopic(event.target.value);
              // The shown records were another topic's.
              setRead(undefined);
            }}
            inputProps={{ 'aria-label': 'Topic' }}
          >
            {topics.map(t => (
              <option key={t.topic} value={t.topic}>
                {t.topic} ({t.role})
              </option>
            ))}
          </NativeSelect>
          <NativeSelect
            value={limit}
            onChange={event => setLimit(Number(event.target.value))}
            inputProps={{ 'aria-label': 'How many records' }}
          >
            {LIMITS.map(n => (
              <option key={n} value={n}>
                last {n}
              </option>
            ))}
          </NativeSelect>
          <TextField
            id={`ksml-records-filter-${environment}`}
            label="Key or value contains"
            value={filter}
            onChange={event => setFilter(event.target.value)}
            onKeyDown={event => {
              if (event.key === 'Enter') void readRecords();
            }}
          />
          <Button
            variant="contained"
            color="primary"
            onClick={() => void readRecords()}
            disabled={read?.state === 'reading'}
          >
            Read records
          </Button>
        </Box>
      )}
      <Box mt={2}>
        <ReadResult read={read} />
      </Box>
    </InfoCard>
  );
}

function ReadResult(props: {
  read:
    | { state: 'reading' }
    | { state: 'read'; response: KsmlRecordsResponse }
    | { state: 'failed'; error: Error }
    | undefined;
}): JSX.Element | null {
  const { read } = props;
  if (!read) return null;
  if (read.state === 'reading') return <Progress />;
  if (read.state === 'failed') {
    return (
      <KsmlErrorState
        error={read.error}
        subject="records"
        notFound={
          <Typography variant="body2" role="status">
            {errorMessage(read.error)}
          </Typography>
        }
      />
    );
  }
  const { response } = read;
  return (
    <Box>
      <Typography variant="body2" role="status" paragraph>
        {readSummary(response)}
      </Typography>
      {response.records.length > 0 && (
        <ScrollingTable label="Records">
          <TableHead>
            <TableRow>
              <TableCell>Partition</TableCell>
              <TableCell>Offset</TableCell>
              <TableCell>Time</TableCell>
              <TableCell>Key</TableCell>
              <TableCell>Value</TableCell>
              <TableCell>Headers</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {response.records.map(record => (
              <TableRow key={`${record.partition}/${record.offset}`}>
                <TableCell>{record.partition}</TableCell>
                <TableCell>{record.offset}</TableCell>
                <TableCell>{formatAbsoluteTime(record.timestamp)}</TableCell>
                <TableCell>{shownPart(record.key)}</TableCell>
                <TableCell title={record.note}>
                  <Box component="code" style={{ wordBreak: 'break-all' }}>
                    {shownPart(record.value)}
                  </Box>
                  {record.valueFormat === 'hex' && (
                    <Typography variant="caption" display="block">
                      hex: {record.note}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{shownHeaders(record)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollingTable>
      )}
    </Box>
  );
}
