import type { Entity } from '@backstage/catalog-model';
import { CatalogTable } from '@backstage/plugin-catalog';
import {
  MockEntityListContextProvider,
  MockStarredEntitiesApi,
  entityRouteRef,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
// The app's first tests: these test libraries are installed for the plugins' tests (hoisted
// to the root) but not yet declared among the app's devDependencies.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  catalogColumns,
  catalogTableOptions,
  fitted,
  WHOLE_WORDS,
} from './catalogTable';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'dizzl-sandbox-sensor-inspector',
    description: 'Inspects the sensors of the sandbox',
  },
  spec: { type: 'ksml-app', lifecycle: 'experimental', owner: 'platform' },
};

/** The catalog table as the index page shows it, with the app's columns and options. */
async function renderCatalogTable() {
  await renderInTestApp(
    <TestApiProvider
      apis={[[starredEntitiesApiRef, new MockStarredEntitiesApi()]]}
    >
      <MockEntityListContextProvider value={{ entities: [entity] }}>
        <CatalogTable
          columns={catalogColumns}
          tableOptions={catalogTableOptions}
        />
      </MockEntityListContextProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  const name = await screen.findByText('dizzl-sandbox-sensor-inspector');
  return name.closest('tr')!;
}

describe('the catalog table', () => {
  it('wraps entity names at word boundaries only, not mid-word', async () => {
    const row = await renderCatalogTable();
    const nameCell = within(row)
      .getByText('dizzl-sandbox-sensor-inspector')
      .closest('td')!;
    // Inline styles: they win over the theme's `word-break: break-word` on every cell.
    expect(nameCell.style.wordBreak).toBe('normal');
    expect(nameCell.style.overflowWrap).toBe('normal');
    // The name column stays bold (core-components writes it into the same style).
    expect(nameCell.style.fontWeight).not.toBe('');
    // Every column's cells (the actions' aside).
    const [, ...data] = within(row).getAllByRole('cell');
    expect(data.map(cell => cell.style.wordBreak)).toEqual(
      data.map(() => 'normal'),
    );
  });

  it('sizes its columns to their content, not to equal shares of the table', async () => {
    await renderCatalogTable();
    const headers = screen.getAllByRole('columnheader');
    const name = headers.find(h => h.textContent === 'Name')!;
    // material-table's default for a column without a width: calc(25%).
    expect(name.style.width).toBe('auto');
  });

  it('shows the actions (view, edit, star) first, whole', async () => {
    const row = await renderCatalogTable();
    const [actions, name] = within(row).getAllByRole('cell');
    expect(screen.getAllByRole('columnheader')[0].textContent).toBe('Actions');
    expect(within(actions).getAllByRole('button')).toHaveLength(3);
    expect(actions.style.overflow).toBe('visible');
    expect(actions.style.whiteSpace).toBe('nowrap');
    expect(name.textContent).toBe('dizzl-sandbox-sensor-inspector');
  });
});

describe('fitted', () => {
  it("adds whole words to a column's own cell style, an object or a function", () => {
    expect(fitted({ cellStyle: { color: 'red' } }).cellStyle).toEqual({
      color: 'red',
      ...WHOLE_WORDS,
    });
    const styled = fitted({ cellStyle: () => ({ color: 'blue' }) });
    expect(
      typeof styled.cellStyle === 'function' &&
        styled.cellStyle(undefined, {} as never),
    ).toEqual({ color: 'blue', ...WHOLE_WORDS });
  });

  it("keeps a column's own width, and sizes the others to their content", () => {
    expect(fitted({ width: '20%' }).width).toBe('20%');
    expect(fitted({}).width).toBe('auto');
  });
});
