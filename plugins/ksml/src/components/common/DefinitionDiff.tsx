import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  darken,
  lighten,
  makeStyles,
  type Theme,
} from '@material-ui/core/styles';
import { opaqueOn, readableOn } from './contrast';
import {
  fileChanges,
  hunksOf,
  type DiffHunk,
  type DiffLine,
  type FileChange,
} from './definitionDiff';

/** Props of {@link DefinitionDiff}. */
export interface DefinitionDiffProps {
  /** The files before: name (a KSML namespace, a schema file) → text. */
  before: Record<string, string>;
  /** The files after, by the same names. */
  after: Record<string, string>;
}

/** Text and background of one kind of diff line. */
export interface DiffLineColours {
  color: string;
  background: string;
}

/**
 * The colours of a diff's lines in a theme: added lines green and removed ones red on a light
 * tint of the hue (a dark shade in a dark theme), each text colour the nearest shade of its hue
 * that reads at WCAG AA on its tint; kept lines and hunk headings readable on the card.
 */
export function diffColours(
  theme: Theme,
): Record<DiffLine['kind'] | 'heading', DiffLineColours> {
  const { palette } = theme;
  const paper = palette.background.paper;
  const dark = palette.type === 'dark';
  const tint = (hue: string) => (dark ? darken(hue, 0.75) : lighten(hue, 0.9));
  const line = (hue: { main: string; light: string; dark: string }) => {
    const background = tint(hue.main);
    return {
      background,
      color: readableOn(dark ? hue.light : hue.dark, background),
    };
  };
  return {
    added: line(palette.success),
    removed: line(palette.error),
    same: {
      background: paper,
      color: readableOn(opaqueOn(palette.text.primary, paper), paper),
    },
    heading: {
      background: paper,
      color: readableOn(opaqueOn(palette.text.secondary, paper), paper),
    },
  };
}

const useStyles = makeStyles(theme => {
  const colours = diffColours(theme);
  return {
    // Scrolls sideways in its own box: long YAML lines do not widen a phone's page.
    lines: {
      overflowX: 'auto',
      fontFamily: 'monospace',
      fontSize: 13,
      lineHeight: 1.5,
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
    },
    line: { whiteSpace: 'pre', padding: theme.spacing(0, 1) },
    same: { ...colours.same },
    added: { ...colours.added },
    removed: { ...colours.removed },
    heading: { ...colours.heading, padding: theme.spacing(0.5, 1) },
  };
});

const MARKERS: Record<DiffLine['kind'], string> = {
  same: ' ',
  added: '+',
  removed: '-',
};

/** What the file's heading says of it: "added", "removed", or its added and removed lines. */
export function describeFileChange(change: FileChange): string {
  if (change.status !== 'changed') return change.status;
  const count = (n: number, what: string) =>
    `${n} ${n === 1 ? 'line' : 'lines'} ${what}`;
  return [
    change.added > 0 ? count(change.added, 'added') : undefined,
    change.removed > 0 ? count(change.removed, 'removed') : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Where a hunk starts: in the text after, or before for lines only the old text had. */
function hunkStart(hunk: DiffHunk): number {
  const [first] = hunk.lines;
  const after = hunk.lines.find(line => line.afterLine)?.afterLine;
  return after ?? first.beforeLine ?? 1;
}

/**
 * How two sets of definition files differ, line by line: for each changed, added or removed
 * file its changed lines marked `+` and `-` (in green and red that read at WCAG AA) with three
 * unchanged lines around them; "No changes" when they are the same. For an edit before it is
 * deployed, a promotion, or two revisions of the history.
 *
 * @public
 */
export function DefinitionDiff(props: DefinitionDiffProps): JSX.Element {
  const { before, after } = props;
  const classes = useStyles();
  const changes = useMemo(() => fileChanges(before, after), [before, after]);
  if (changes.length === 0) {
    return <Typography variant="body2">No changes</Typography>;
  }
  return (
    <Box>
      {changes.map(change => (
        <Box
          key={change.name}
          component="section"
          aria-label={`Changes to ${change.name}`}
          mb={2}
        >
          <Typography variant="subtitle2" component="h3" gutterBottom>
            {change.name}: {describeFileChange(change)}
          </Typography>
          <div className={classes.lines}>
            {hunksOf(change.lines).map(hunk => (
              <div key={`${hunkStart(hunk)}:${hunk.lines.length}`}>
                <div className={`${classes.line} ${classes.heading}`}>
                  Line {hunkStart(hunk)}
                </div>
                {hunk.lines.map(line => (
                  <div
                    key={`${line.kind}:${line.beforeLine}:${line.afterLine}`}
                    className={`${classes.line} ${classes[line.kind]}`}
                    data-diff={line.kind}
                  >
                    {`${MARKERS[line.kind]} ${line.text}`}
                  </div>
                ))}
              </div>
            ))}
          </div>
        </Box>
      ))}
    </Box>
  );
}
