import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  CATALOG_FILTER_EXISTS,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  KsmlManagedApp,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import {
  deployRecord,
  fakeKsmlApi,
  responseError,
  statusResponse,
  type FakeKsmlApi,
} from '../../__testUtils__';
import { ENTITY_FIELDS } from './fleet';
import { KsmlFleetPage } from './KsmlFleetPage';

/** A managed app in dizzl/sandbox, in a state; Unknown: its status could not be read. */
function managedApp(
  application: string,
  environment = 'dev',
  state: KsmlWorkloadStatus | 'Unknown' = 'Running',
): KsmlManagedApp {
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment,
    application,
  };
  const release = `dizzl-sandbox-${environment}-${application}-ksml`;
  return {
    ref,
    release,
    namespace: `ksml-${environment}`,
    lastDeploy: {
      ...deployRecord({ application, environment }),
      release,
      environment,
      application,
      actor: 'user:default/guest',
    },
    ...(state === 'Unknown'
      ? { error: 'cluster dev unreachable' }
      : {
          status: statusResponse(
            { status: state, readyReplicas: state === 'Running' ? 2 : 1 },
            environment,
          ),
        }),
  };
}

/** A Component entity naming a dizzl/sandbox app, owned by `owner`. */
function component(application: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: application,
      namespace: 'default',
      annotations: {
        'ksml/tenant': 'dizzl',
        'ksml/instance': 'sandbox',
        'ksml/application': application,
      },
    },
    spec: { owner },
  };
}

/** The catalog's answer of the tests: a `getEntities` of jest. */
function fakeCatalog(entities: Entity[] | Error) {
  return {
    getEntities: jest.fn(async () => {
      if (entities instanceof Error) throw entities;
      return { items: entities };
    }),
  };
}

async function renderFleet(
  api: FakeKsmlApi,
  catalog: ReturnType<typeof fakeCatalog>,
  routeEntries?: string[],
) {
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
      routeEntries,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/**
 * Picks `option` in the filter select labelled `label`, in the filter bar (the table's column
 * headers are sort buttons with the same names).
 */
async function choose(label: string, option: string) {
  const filters = screen.getByRole('search', { name: 'Filter apps' });
  await userEvent.click(within(filters).getByRole('button', { name: label }));
  const listbox = await screen.findByRole('listbox');
  await userEvent.click(within(listbox).getByRole('option', { name: option }));
}

/** The table of apps (the first: Material Table draws its pagination in a table of its own). */
function appsTable(): HTMLElement {
  return screen.getAllByRole('table')[0];
}

/** The body rows of the table, each as `application@environment`. */
function shownApps(): string[] {
  return within(appsTable())
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 1)
    .map(row => {
      const [name, environment] = within(row).getAllByRole('cell');
      return `${name.firstElementChild?.textContent}@${environment.textContent}`;
    });
}

const FLEET = [
  managedApp('sensor-inspector', 'dev', 'Running'),
  managedApp('sensor-inspector', 'prod', 'Failing'),
  managedApp('alerts', 'dev', 'Stopped'),
  managedApp('billing', 'prod', 'Running'),
  managedApp('orphan', 'dev', 'Starting'),
];
const ENTITIES = [
  component('sensor-inspector', 'team-a'),
  component('alerts', 'group:default/team-b'),
  component('billing', 'team-a'),
];

describe('KsmlFleetPage', () => {
  let api: FakeKsmlApi;
  beforeEach(() => {
    api = fakeKsmlApi();
    api.apps.mockResolvedValue(FLEET);
  });

  it('lists every app, failing first then by name, each linked to its entity', async () => {
    const catalog = fakeCatalog(ENTITIES);
    await renderFleet(api, catalog);
    expect(await screen.findByText('5 of 5 apps')).toBeInTheDocument();
    expect(shownApps()).toEqual([
      'sensor-inspector@prod',
      'alerts@dev',
      'billing@prod',
      'orphan@dev',
      'sensor-inspector@dev',
    ]);
    expect(
      screen.getAllByRole('link', { name: 'sensor-inspector' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/sensor-inspector');

    const row = within(appsTable()).getAllByRole('row')[1];
    expect(within(row).getByTestId('ksml-state')).toHaveTextContent('Failing');
    expect(row).toHaveTextContent('1/2');
    expect(row).toHaveTextContent('deploy succeeded');
    expect(within(row).getByText('guest,')).toHaveAttribute(
      'title',
      'user:default/guest',
    );
    expect(within(row).getByText(/ago$/)).toHaveAttribute(
      'title',
      '2024-08-26T13:04:20Z',
    );
    expect(within(row).getByRole('link', { name: 'team-a' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );

    // One read of each: `/apps` once, the catalog once with a filter and only the needed fields.
    expect(api.apps).toHaveBeenCalledTimes(1);
    expect(api.lag).not.toHaveBeenCalled();
    expect(api.status).not.toHaveBeenCalled();
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledWith({
      filter: {
        kind: 'Component',
        'metadata.annotations.ksml/application': CATALOG_FILTER_EXISTS,
      },
      fields: ENTITY_FIELDS,
    });
  });

  it('shows an app no entity describes without a link, marked as such', async () => {
    await renderFleet(api, fakeCatalog(ENTITIES));
    const row = (await screen.findByText('orphan')).closest('tr')!;
    expect(within(row).queryByRole('link')).not.toBeInTheDocument();
    expect(row).toHaveTextContent('dizzl / sandbox · no catalog entity');
    expect(within(row).getAllByRole('cell')[5]).toHaveTextContent('–');
  });

  it('filters by state, owner and environment', async () => {
    await renderFleet(api, fakeCatalog(ENTITIES));
    await screen.findByText('5 of 5 apps');

    await choose('State', 'Running (2)');
    expect(shownApps()).toEqual(['billing@prod', 'sensor-inspector@dev']);

    await choose('State', 'All states');
    await choose('Owner', 'team-a (3)');
    expect(shownApps()).toEqual([
      'sensor-inspector@prod',
      'billing@prod',
      'sensor-inspector@dev',
    ]);

    await choose('Environment', 'prod (2)');
    expect(shownApps()).toEqual(['sensor-inspector@prod', 'billing@prod']);
    expect(screen.getByText('2 of 5 apps')).toBeInTheDocument();

    await choose('Owner', 'No catalog entity (1)');
    expect(screen.getByText('No app matches the filters.')).toBeInTheDocument();
    await choose('Environment', 'All environments');
    expect(shownApps()).toEqual(['orphan@dev']);
  });

  it('searches names, releases and owners', async () => {
    await renderFleet(api, fakeCatalog(ENTITIES));
    await screen.findByText('5 of 5 apps');
    await userEvent.type(screen.getByLabelText('Search'), 'TEAM-B');
    expect(shownApps()).toEqual(['alerts@dev']);
  });

  it('starts from the filters in the address', async () => {
    await renderFleet(api, fakeCatalog(ENTITIES), [
      '/?state=Running&environment=dev',
    ]);
    await screen.findByText('1 of 5 apps');
    expect(shownApps()).toEqual(['sensor-inspector@dev']);
  });

  it('shows an app whose status could not be read as Unknown, after the failing ones', async () => {
    api.apps.mockResolvedValue([
      managedApp('zeta', 'dev', 'Running'),
      managedApp('beta', 'dev', 'Unknown'),
      managedApp('gamma', 'dev', 'Failing'),
    ]);
    await renderFleet(api, fakeCatalog([]));
    await screen.findByText('3 of 3 apps');
    expect(shownApps()).toEqual(['gamma@dev', 'beta@dev', 'zeta@dev']);
    const chip = screen.getAllByTestId('ksml-state')[1];
    expect(chip).toHaveTextContent('Unknown');
    expect(chip).toHaveAttribute(
      'title',
      'Its status could not be read: cluster dev unreachable',
    );
    expect(chip.closest('tr')).toHaveTextContent('–');
  });

  it('shows the error panel when /apps fails', async () => {
    api.apps.mockRejectedValue(await responseError(500, 'database down'));
    await renderFleet(api, fakeCatalog(ENTITIES));
    expect(await screen.findAllByText(/database down/)).not.toHaveLength(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('lists the apps without owners or links when the catalog cannot be read', async () => {
    await renderFleet(api, fakeCatalog(new Error('catalog down')));
    expect(
      await screen.findByText(/Could not read the catalog/),
    ).toBeInTheDocument();
    expect(shownApps()).toHaveLength(5);
    expect(within(appsTable()).queryAllByRole('link')).toHaveLength(0);
    expect(screen.queryByText(/no catalog entity/)).not.toBeInTheDocument();
  });

  it('shows the first page of 1,000 apps', async () => {
    const apps = Array.from({ length: 1000 }, (_, i) =>
      managedApp(
        `app-${String(i).padStart(4, '0')}`,
        ['dev', 'stag', 'prod'][i % 3],
        i % 100 === 7 ? 'Failing' : 'Running',
      ),
    );
    api.apps.mockResolvedValue(apps);
    const entities = apps
      .filter((_, i) => i % 2 === 0)
      .map(app => component(app.ref.application, `team-${app.ref.tenant}`));
    await renderFleet(api, fakeCatalog(entities));
    expect(await screen.findByText('1000 of 1000 apps')).toBeInTheDocument();
    const shown = shownApps();
    expect(shown).toHaveLength(50);
    // The ten failing ones first, then the others by name.
    expect(shown.slice(0, 11)).toEqual([
      ...Array.from(
        { length: 10 },
        (_, k) =>
          `app-${String(k * 100 + 7).padStart(4, '0')}@${
            ['dev', 'stag', 'prod'][(k * 100 + 7) % 3]
          }`,
      ),
      'app-0000@dev',
    ]);
  });
});
