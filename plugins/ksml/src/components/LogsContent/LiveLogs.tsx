import { useEffect, useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  releaseName,
  type KsmlLogLine,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { LabelledToggle } from '../common/LabelledToggle';
import { NoMatchingLines } from './LogFilterControls';
import { isFiltering, passes, type LogFilter } from './logFilter';
import type { KsmlApp } from '../common/useKsmlRef';
import { downloadText } from '../common/download';
import { logFileName } from './downloadLog';
import { LogPane, plainLine } from './LogPane';

/** Lines a followed log keeps; older ones scroll out. */
export const MAX_LIVE_LINES = 5_000;
/** How often new lines are drawn, so a chatty app does not redraw the page per line. */
const DRAW_EVERY_MS = 250;

/** Props of {@link LiveLogs}. */
export interface LiveLogsProps {
  app: KsmlApp;
  environment: string;
  tailLines: number;
  /** Long lines wrapped to the pane's width. */
  wrap: boolean;
  /** Which lines show (the view's Level and Logger); all of them arrive and are kept. */
  filter: LogFilter;
}

/**
 * Every replica's log as it is written, each line tagged with its replica, until the view
 * closes; with pause (lines wait, and come when resumed), the view's filter by level and
 * logger, and download (of what is shown).
 */
export function LiveLogs(props: LiveLogsProps): JSX.Element {
  const { app, environment, tailLines, wrap, filter } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const [lines, setLines] = useState<KsmlLogLine[]>([]);
  const [started, setStarted] = useState(false);
  const [error, setError] = useState<Error>();
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const closed = new AbortController();
    const waiting: KsmlLogLine[] = [];
    const draw = setInterval(() => {
      if (waiting.length === 0 || pausedRef.current) return;
      const next = waiting.splice(0);
      setLines(previous => [...previous, ...next].slice(-MAX_LIVE_LINES));
    }, DRAW_EVERY_MS);
    setLines([]);
    setError(undefined);
    setStarted(false);
    api
      .followLogs(
        { ...ref, tailLines },
        line => {
          setStarted(true);
          waiting.push(line);
          if (waiting.length > MAX_LIVE_LINES) waiting.shift();
        },
        { signal: closed.signal },
      )
      .catch(e => {
        if (!closed.signal.aborted)
          setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => {
      closed.abort();
      clearInterval(draw);
    };
  }, [api, ref, tailLines]);

  if (error) {
    return (
      <KsmlErrorState
        error={error}
        subject="logs"
        notFound={
          <EmptyState
            missing="data"
            title="No logs to follow"
            description={`The app has no running pods in ${environment} (stopped, or not started yet).`}
          />
        }
      />
    );
  }
  if (!started && lines.length === 0) return <Progress />;
  const replicas = new Set(lines.map(l => l.replica));
  const shown = lines.filter(l => passes(l.line, filter));
  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        <Typography variant="body2" color="textSecondary">
          Following {replicas.size}{' '}
          {replicas.size === 1 ? 'replica' : 'replicas'} live
        </Typography>
        <LabelledToggle
          variant="switch"
          label="Pause"
          checked={paused}
          onChange={setPaused}
        />
      </Box>
      <LogPane
        lines={shown}
        wrap={wrap}
        empty={isFiltering(filter) && <NoMatchingLines filter={filter} />}
        onDownload={() =>
          downloadText({
            fileName: logFileName(releaseName(ref), 'live'),
            text: shown.map(plainLine).join('\n'),
          })
        }
      />
    </>
  );
}
