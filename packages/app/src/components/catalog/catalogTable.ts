import type { CSSProperties } from 'react';
import type { TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  type CatalogTableColumnsFunc,
  type CatalogTableRow,
  type DefaultCatalogPageProps,
} from '@backstage/plugin-catalog';

/**
 * How the catalog table's cells wrap: at word boundaries (spaces, hyphens) only. The Backstage
 * theme lets table cells break words anywhere (`word-break: break-word`), so at 1280 px the
 * table squeezed its columns and broke entity names mid-word.
 */
export const WHOLE_WORDS: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
};

/**
 * A catalog table column that fits its content: cells wrap at word boundaries only
 * ({@link WHOLE_WORDS}), and a column without a width of its own is as wide as its content
 * needs. material-table gives each such column an equal share of the table (`calc(25%)` for the
 * name, system, owner and lifecycle: all of it), so with the description, the tags and the
 * actions on top the table was wider than its card, and the actions fell off its right edge.
 */
export function fitted(
  column: TableColumn<CatalogTableRow>,
): TableColumn<CatalogTableRow> {
  const { cellStyle } = column;
  return {
    ...column,
    width: column.width ?? 'auto',
    // A new object per column: core-components' Table writes the bold of a highlighted
    // column (the name) into it.
    cellStyle:
      typeof cellStyle === 'function'
        ? (data, row, own) => ({ ...cellStyle(data, row, own), ...WHOLE_WORDS })
        : { ...cellStyle, ...WHOLE_WORDS },
  };
}

/** The catalog's default columns (they depend on the kind shown), {@link fitted}. */
export const catalogColumns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context).map(fitted);

/**
 * The catalog table's options: the actions (view, edit, star) first, whole. At 1280 px beside
 * the pinned sidebar the table has about 840 px, and its header labels alone (bold capitals,
 * whole words) need about 960 px: it scrolls sideways, and in the last column the actions
 * were cut off. First, they are always in view. Unclipped and on one line (the theme hides
 * what a cell overflows, and material-table sizes the column for its icons exactly), the
 * column takes the room its buttons need.
 */
export const catalogTableOptions: NonNullable<
  DefaultCatalogPageProps['tableOptions']
> = {
  actionsColumnIndex: 0,
  actionsCellStyle: { overflow: 'visible', whiteSpace: 'nowrap' },
};
