import { useLayoutEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { LogViewer } from '@backstage/core-components';

/** A log line as a pane shows it: its replica's tag (followed logs), then the line. */
export interface PaneLine {
  replica?: string;
  line: string;
}

/**
 * The colours that tell replicas apart, as ANSI codes (for core-components' LogViewer) and as
 * CSS colours of the same hues (for the wrapped view).
 */
const REPLICA_COLOURS = [
  { ansi: 36, css: '#00acc1' }, // cyan
  { ansi: 35, css: '#ab47bc' }, // magenta
  { ansi: 33, css: '#f9a825' }, // yellow
  { ansi: 32, css: '#43a047' }, // green
  { ansi: 34, css: '#1e88e5' }, // blue
  { ansi: 31, css: '#e53935' }, // red
];

/** A replica's colour: by ordinal (`0`, `1`, …), else by the name's length. */
function replicaColour(replica: string) {
  const ordinal = Number(replica);
  return REPLICA_COLOURS[
    (Number.isInteger(ordinal) ? ordinal : replica.length) %
      REPLICA_COLOURS.length
  ];
}

/** A line as LogViewer shows it: its replica in that replica's ANSI colour, then the line. */
export function taggedLine(line: PaneLine): string {
  if (line.replica === undefined) return line.line;
  return `\u001b[${replicaColour(line.replica).ansi}m[${
    line.replica
  }]\u001b[0m ${line.line}`;
}

/** A line as a downloaded file holds it: the replica's tag in plain text. */
export function plainLine(line: PaneLine): string {
  return line.replica === undefined
    ? line.line
    : `[${line.replica}] ${line.line}`;
}

const useStyles = makeStyles(theme => ({
  wrapped: {
    height: '100%',
    overflowY: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
}));

/** Props of {@link LogPane}. */
export interface LogPaneProps {
  lines: PaneLine[];
  /** Long lines wrapped (all of a line in view), or kept on one row (LogViewer, with search). */
  wrap: boolean;
  onDownload(): void;
}

/**
 * A log in a 70vh pane: core-components' LogViewer (virtualised, searchable, one row per
 * line), or with `wrap` every line wrapped to the pane's width; a followed log's replicas in
 * their colours either way. The wrapped view stays at the bottom while the reader is there.
 */
export function LogPane(props: LogPaneProps): JSX.Element {
  const { lines, wrap, onDownload } = props;
  return (
    <Paper variant="outlined" style={{ height: '70vh' }}>
      {wrap ? (
        <WrappedLines lines={lines} onDownload={onDownload} />
      ) : (
        <LogViewer
          text={lines.map(taggedLine).join('\n')}
          onDownloadLog={onDownload}
        />
      )}
    </Paper>
  );
}

function WrappedLines(props: {
  lines: PaneLine[];
  onDownload(): void;
}): JSX.Element {
  const { lines, onDownload } = props;
  const classes = useStyles();
  const pane = useRef<HTMLPreElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    if (pane.current && atBottom.current) {
      pane.current.scrollTop = pane.current.scrollHeight;
    }
  }, [lines]);
  return (
    <Box display="flex" flexDirection="column" height="100%">
      <Box display="flex" justifyContent="flex-end">
        <Tooltip title="Download logs">
          <IconButton
            size="small"
            aria-label="Download logs"
            onClick={onDownload}
          >
            <GetAppIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      <pre
        ref={pane}
        className={classes.wrapped}
        data-testid="wrapped-log"
        onScroll={event => {
          const el = event.currentTarget;
          atBottom.current =
            el.scrollHeight - el.scrollTop - el.clientHeight < 16;
        }}
      >
        {lines.map((l, i) => (
          // Lines have no identity of their own; their place in the log is theirs.
          // eslint-disable-next-line react/no-array-index-key
          <div key={i}>
            {l.replica !== undefined && (
              <span style={{ color: replicaColour(l.replica).css }}>
                [{l.replica}]{' '}
              </span>
            )}
            {l.line}
          </div>
        ))}
      </pre>
    </Box>
  );
}
