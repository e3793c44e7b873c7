import { useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import {
  makeStyles,
  ThemeProvider,
  useTheme,
  type Theme,
} from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { LogViewer, type BackstageOverrides } from '@backstage/core-components';
import { readableOn } from '../common/contrast';

/** A log line as a pane shows it: its replica's tag (followed logs), then the line. */
export interface PaneLine {
  replica?: string;
  line: string;
}

/**
 * The colours that tell replicas apart: as ANSI codes (for core-components' LogViewer, which
 * paints them with its `modifierForeground<name>` class) and as CSS colours of the same hues
 * (for the wrapped view). Both are shown through {@link readableOn}, since most of these hues
 * are too pale on white (cyan 2.7:1) or too dark on the dark theme's paper to read.
 */
const REPLICA_COLOURS = [
  { ansi: 36, name: 'Cyan', css: '#00acc1' },
  { ansi: 35, name: 'Magenta', css: '#ab47bc' },
  { ansi: 33, name: 'Yellow', css: '#f9a825' },
  { ansi: 32, name: 'Green', css: '#43a047' },
  { ansi: 34, name: 'Blue', css: '#1e88e5' },
  { ansi: 31, name: 'Red', css: '#e53935' },
] as const;

/** A replica's colour: by ordinal (`0`, `1`, …), else by the name's length. */
function replicaColour(replica: string) {
  const ordinal = Number(replica);
  return REPLICA_COLOURS[
    (Number.isInteger(ordinal) ? ordinal : replica.length) %
      REPLICA_COLOURS.length
  ];
}

/** The class keys of LogViewer's styles, to override in a theme. */
type LogViewerStyles = NonNullable<BackstageOverrides['BackstageLogViewer']>;

/**
 * What {@link LogPane} changes in core-components' LogViewer, for the theme: line numbers in
 * `text.secondary` (its own blue[300] is 2.2:1 on white) and the replicas' ANSI colours in
 * shades that read on the paper (its cyan[500] is 2.3:1 on white), each at least 4.5:1 (WCAG AA)
 * in the light theme and the dark.
 */
export function logViewerStyles(theme: Theme): LogViewerStyles {
  const paper = theme.palette.background.paper;
  const own = (theme.overrides as BackstageOverrides | undefined)
    ?.BackstageLogViewer;
  const styles: LogViewerStyles = {
    ...own,
    lineNumber: { ...own?.lineNumber, color: theme.palette.text.secondary },
  };
  for (const colour of REPLICA_COLOURS) {
    const key = `modifierForeground${colour.name}` as const;
    styles[key] = { ...own?.[key], color: readableOn(colour.css, paper) };
  }
  return styles;
}

/**
 * The outer theme with {@link logViewerStyles} as LogViewer's overrides. LogViewer takes no
 * classes but `root`, and its own styles are injected after any of ours, so a theme override
 * (merged into its own style sheet) is the way to restyle it. Module-level, so ThemeProvider
 * makes the theme once per outer theme.
 */
function withReadableLogViewer(outer: Theme): Theme {
  return {
    ...outer,
    overrides: {
      ...outer.overrides,
      BackstageLogViewer: logViewerStyles(outer),
    } as Theme['overrides'],
  };
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
  /**
   * Shown instead of the lines when there are none (a filter that matches nothing), rather
   * than an empty pane with a lone line number 1.
   */
  empty?: ReactNode;
}

/**
 * A log in a 70vh pane: core-components' LogViewer (virtualised, searchable, one row per
 * line), or with `wrap` every line wrapped to the pane's width; a followed log's replicas in
 * their colours either way. The wrapped view stays at the bottom while the reader is there.
 */
export function LogPane(props: LogPaneProps): JSX.Element {
  const { lines, wrap, onDownload, empty } = props;
  if (lines.length === 0 && empty) {
    return (
      <Paper variant="outlined">
        <Box p={2}>{empty}</Box>
      </Paper>
    );
  }
  return (
    <Paper variant="outlined" style={{ height: '70vh' }}>
      {wrap ? (
        <WrappedLines lines={lines} onDownload={onDownload} />
      ) : (
        <ThemeProvider theme={withReadableLogViewer}>
          <LogViewer
            text={lines.map(taggedLine).join('\n')}
            onDownloadLog={onDownload}
          />
        </ThemeProvider>
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
  const paper = useTheme().palette.background.paper;
  // Worked out once per theme, not per line: a followed log holds thousands.
  const tagColours = useMemo(
    () => new Map(REPLICA_COLOURS.map(c => [c.css, readableOn(c.css, paper)])),
    [paper],
  );
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
              <span
                style={{ color: tagColours.get(replicaColour(l.replica).css) }}
              >
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
