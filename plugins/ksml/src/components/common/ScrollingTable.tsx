import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableContainer from '@material-ui/core/TableContainer';
import { ThemeProvider, type Theme } from '@material-ui/core/styles';
import type { CSSProperties } from '@material-ui/core/styles/withStyles';

/** The least width of a column, about ten characters: short values keep some room, none shrinks to a letter. */
export const MIN_COLUMN_WIDTH = 80;

/** The least width of a column of prose (an event's message, what a revision changed). */
export const PROSE_COLUMN_WIDTH = 240;

/**
 * How the cells wrap: words stay whole (a word longer than its column may still break). The
 * Backstage theme lets table cells break words anywhere (`word-break: break-word`), so on a
 * phone every column was squeezed to a letter a line.
 */
const WHOLE_WORDS: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'break-word',
};

/** A style rule of a theme's overrides, when it is a plain object (it always is in Backstage's). */
function ruleOf(rule: unknown): CSSProperties {
  return rule && typeof rule === 'object' ? (rule as CSSProperties) : {};
}

/**
 * The outer theme with table cells of at least {@link MIN_COLUMN_WIDTH} and whole words. As
 * overrides of the theme, they are merged into TableCell's own style rules, replacing the
 * outer theme's rather than competing with them. Module-level, so ThemeProvider makes the
 * theme once per outer theme.
 */
function withReadableCells(outer: Theme): Theme {
  const own = outer.overrides?.MuiTableCell;
  return {
    ...outer,
    overrides: {
      ...outer.overrides,
      MuiTableCell: {
        ...own,
        root: {
          ...ruleOf(own?.root),
          ...WHOLE_WORDS,
          minWidth: MIN_COLUMN_WIDTH,
        },
        // The Backstage theme sets the head cells' word-break of their own.
        head: { ...ruleOf(own?.head), ...WHOLE_WORDS },
      },
    },
  };
}

/** Props of {@link ScrollingTable}. */
export interface ScrollingTableProps {
  /** Names the table for assistive technology (and tests): "Revisions", "Events". */
  label: string;
  /** The table's head and body. */
  children: ReactNode;
}

/**
 * A small Material UI table that keeps its columns readable on a narrow screen: each at least
 * {@link MIN_COLUMN_WIDTH} wide, words unbroken, and the table scrolling sideways in its own
 * box when it is wider than the page.
 */
export function ScrollingTable(props: ScrollingTableProps): JSX.Element {
  return (
    <TableContainer>
      <ThemeProvider theme={withReadableCells}>
        <Table size="small" aria-label={props.label}>
          {props.children}
        </Table>
      </ThemeProvider>
    </TableContainer>
  );
}
