import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import {
  deployRecord,
  fakeKsmlApi,
  responseError,
  type FakeKsmlApi,
} from '../../__testUtils__';
import { KsmlFleetPage } from './KsmlFleetPage';
import { CHANGES_SHOWN } from './useChanges';

/** A recorded operation on a dizzl/sandbox app. */
function change(
  id: number,
  overrides: Partial<KsmlDeploymentRecord>,
): KsmlDeploymentRecord {
  const environment = overrides.environment ?? 'dev';
  const application = overrides.application ?? 'sensor-inspector';
  return {
    ...deployRecord(),
    id,
    environment,
    application,
    release: `dizzl-sandbox-${environment}-${application}-ksml`,
    namespace: `ksml-${environment}`,
    ...overrides,
  };
}

const CHANGES = [
  change(3, {
    operation: 'undeploy',
    revision: undefined,
    request: undefined,
    actor: 'user:default/ann',
    createdAt: '2024-08-26T15:00:00Z',
  }),
  change(2, {
    application: 'orphan',
    environment: 'prod',
    outcome: 'failed',
    revision: undefined,
    error: 'input topic sensor_data does not exist',
    actor: 'plugin:scaffolder',
    createdAt: '2024-08-26T14:00:00Z',
  }),
  change(1, {
    actor: 'user:default/guest',
    createdAt: '2024-08-26T13:04:20Z',
  }),
];

const SENSOR_INSPECTOR: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'sensor-inspector',
    namespace: 'default',
    annotations: {
      'ksml/tenant': 'dizzl',
      'ksml/instance': 'sandbox',
      'ksml/application': 'sensor-inspector',
    },
  },
  spec: { owner: 'team-a' },
};

async function renderChanges(api: FakeKsmlApi, routeEntry: string) {
  const catalog = {
    getEntities: jest.fn(async () => ({ items: [SENSOR_INSPECTOR] })),
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ksmlApiRef, api],
        [catalogApiRef, catalog],
      ]}
    >
      <KsmlFleetPage />
    </TestApiProvider>,
    {
      routeEntries: [routeEntry],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The rows of the change log, each as its cells' text. */
function shownChanges(): string[][] {
  const table = screen.getByRole('table', { name: 'Changes' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent ?? ''),
    );
}

describe('the fleet page’s change log', () => {
  let api: FakeKsmlApi;
  beforeEach(() => {
    api = fakeKsmlApi();
    api.apps.mockResolvedValue([]);
    api.changes.mockImplementation(async (filter?: { actor?: string }) =>
      CHANGES.filter(c => !filter?.actor || c.actor === filter.actor),
    );
  });

  it('lists every app’s changes newest first: when, who, what, which app and where', async () => {
    await renderChanges(api, '/');
    await userEvent.click(await screen.findByRole('tab', { name: 'Changes' }));
    await screen.findByRole('table', { name: 'Changes' });
    expect(api.changes).toHaveBeenCalledWith({ limit: CHANGES_SHOWN });
    const rows = shownChanges();
    expect(
      rows.map(([, who, what, app, environment]) => [
        who,
        what,
        app,
        environment,
      ]),
    ).toEqual([
      ['ann', 'undeploy succeeded', 'sensor-inspectordizzl / sandbox', 'dev'],
      [
        'plugin:scaffolder',
        'deploy failed: input topic sensor_data does not exist',
        'orphandizzl / sandbox · no catalog entity',
        'prod',
      ],
      [
        'guest',
        'deploy succeeded (revision 3)',
        'sensor-inspectordizzl / sandbox',
        'dev',
      ],
    ]);
    const table = screen.getByRole('table', { name: 'Changes' });
    expect(within(table).getByRole('link', { name: 'ann' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ann',
    );
    expect(
      within(table).getAllByRole('link', { name: 'sensor-inspector' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/sensor-inspector');
    expect(
      within(table).getByText(/ago$/, {
        selector: 'time[dateTime="2024-08-26T15:00:00Z"]',
      }),
    ).toHaveAttribute('title', '2024-08-26 15:00:00 UTC');
    // A service is named as recorded, with no link.
    expect(
      within(table).queryByRole('link', { name: 'plugin:scaffolder' }),
    ).toBeNull();
  });

  it('narrows to one person, asking the backend for theirs, from the link or the Who filter', async () => {
    await renderChanges(api, '/?view=changes&actor=user:default/guest');
    await waitFor(() =>
      expect(api.changes).toHaveBeenCalledWith({
        actor: 'user:default/guest',
        limit: CHANGES_SHOWN,
      }),
    );
    await waitFor(() => expect(shownChanges()).toHaveLength(1));
    expect(shownChanges()[0][1]).toBe('guest');

    const filter = screen.getByRole('search', { name: 'Filter changes' });
    await userEvent.click(within(filter).getByRole('button', { name: /Who/ }));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['Everyone', 'ann (1)', 'guest (1)', 'plugin:scaffolder (1)']);
    await userEvent.click(
      within(listbox).getByRole('option', { name: 'ann (1)' }),
    );
    await waitFor(() =>
      expect(shownChanges().map(([, who]) => who)).toEqual(['ann']),
    );
    expect(api.changes).toHaveBeenCalledWith({
      actor: 'user:default/ann',
      limit: CHANGES_SHOWN,
    });
  });

  it('says when a person has no recorded change', async () => {
    await renderChanges(api, '/?view=changes&actor=user:default/bob');
    expect(
      await screen.findByText('No change by bob is recorded.'),
    ).toBeInTheDocument();
  });

  it('shows the error when the changes cannot be read', async () => {
    api.changes.mockRejectedValue(await responseError(500, 'database down'));
    await renderChanges(api, '/?view=changes');
    expect(await screen.findAllByText(/database down/)).not.toHaveLength(0);
    expect(screen.queryByRole('table', { name: 'Changes' })).toBeNull();
  });
});
