import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  CATALOG_FILTER_EXISTS,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  KsmlAppRef,
  KsmlLagResponse,
  KsmlManagedApp,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import {
  deployRecord,
  fakeKsmlApi,
  lagResponse,
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

/** The body row of `application` in `environment`. */
function appRow(application: string, environment: string): HTMLElement {
  // By the name's text, not every row's cells by role: that takes seconds on a page of 50.
  const row = within(appsTable())
    .getAllByText(application, { exact: true })
    .map(name => name.closest('tr'))
    .find(
      candidate =>
        candidate &&
        within(candidate).getAllByRole('cell')[1].textContent === environment,
    );
  if (!row) throw new Error(`no row of ${application}@${environment}`);
  return row;
}

/** The Lag cell of the row of `application` in `environment`. */
function lagCell(application: string, environment: string): HTMLElement {
  return within(appRow(application, environment)).getAllByRole('cell')[4];
}

/** `application@environment` of a read lag. */
const lagReadOf = ([ref]: [KsmlAppRef]) =>
  `${ref.application}@${ref.environment}`;

/** `GET /lag` answered by the test, read by read: how many are in flight, and their answers. */
function lagOnHold(api: FakeKsmlApi) {
  const waiting: Array<(lag: KsmlLagResponse) => void> = [];
  api.lag.mockImplementation(
    () => new Promise<KsmlLagResponse>(resolve => waiting.push(resolve)),
  );
  return {
    inFlight: () => waiting.length,
    /** Answers every read in flight with `total`, then lets the next ones start. */
    answer: (total: number) =>
      act(async () => {
        for (const resolve of waiting.splice(0)) {
          resolve(lagResponse({ total, history: [] }));
        }
      }),
  };
}

/**
 * Answers every read as it comes, checking that never more than four are in flight, until
 * `count` reads were made.
 */
async function answerReads(
  api: FakeKsmlApi,
  lag: ReturnType<typeof lagOnHold>,
  count: number,
  total: number,
) {
  while (api.lag.mock.calls.length < count || lag.inFlight() > 0) {
    await waitFor(() => expect(lag.inFlight()).toBeGreaterThan(0));
    expect(lag.inFlight()).toBeLessThanOrEqual(4);
    await lag.answer(total);
  }
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

    // One read of each: `/apps` once, the catalog once with a filter and only the needed fields
    // (the lag is read per row, below).
    expect(api.apps).toHaveBeenCalledTimes(1);
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
    expect(within(row).getAllByRole('cell')[6]).toHaveTextContent('–');
  });

  it('lists the apps before any lag comes, each read one with a spinner in its place', async () => {
    // The fake's lag never answers.
    await renderFleet(api, fakeCatalog(ENTITIES));
    expect(await screen.findByText('5 of 5 apps')).toBeInTheDocument();
    expect(shownApps()).toHaveLength(5);
    expect(
      within(lagCell('billing', 'prod')).getByRole('progressbar', {
        name: 'Reading the lag',
      }),
    ).toBeInTheDocument();
    // A stopped app is not read.
    const stopped = lagCell('alerts', 'dev');
    expect(stopped).toHaveTextContent(/^–$/);
    expect(
      within(stopped).getByTitle('Not read: the app is stopped'),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.lag).toHaveBeenCalledTimes(4));
    expect(api.lag.mock.calls.map(lagReadOf).sort()).toEqual([
      'billing@prod',
      'orphan@dev',
      'sensor-inspector@dev',
      'sensor-inspector@prod',
    ]);
  });

  it('shows each app’s total lag with its trend', async () => {
    api.lag.mockResolvedValue(lagResponse());
    await renderFleet(api, fakeCatalog(ENTITIES));
    const cell = lagCell('sensor-inspector', 'dev');
    expect(await within(cell).findByText('1,234')).toHaveAttribute(
      'title',
      'Measured 2024-08-26 13:04:20 UTC',
    );
    expect(
      within(cell).getByRole('img', {
        name: 'Down from 1,500 at 2024-08-26 13:03:50 UTC',
      }),
    ).toHaveTextContent('↓');
  });

  it('shows "—" where the environment has no Kafka connection, "?" with the error where the read failed', async () => {
    const noConnection = await responseError(
      404,
      'No Kafka connection is configured for environment dev: lag cannot be measured',
      'NoKafkaConnection',
    );
    const unreachable = await responseError(
      503,
      'Kafka at broker.prod:9093 cannot be reached: timeout',
      'ClusterUnreachable',
    );
    api.lag.mockImplementation(async (ref: KsmlAppRef) => {
      throw ref.environment === 'dev' ? noConnection : unreachable;
    });
    await renderFleet(api, fakeCatalog(ENTITIES));
    const dev = lagCell('sensor-inspector', 'dev');
    expect(await within(dev).findByText('—')).toHaveAttribute(
      'title',
      'No Kafka connection is configured for environment dev: lag cannot be measured',
    );
    const prod = lagCell('billing', 'prod');
    expect(await within(prod).findByText('?')).toHaveAttribute(
      'title',
      'Kafka at broker.prod:9093 cannot be reached: timeout',
    );
  });

  it('reads the lag of the current page only, four at a time, and not again on paging back', async () => {
    const apps = Array.from({ length: 60 }, (_, i) =>
      managedApp(
        `app-${String(i).padStart(3, '0')}`,
        'dev',
        i === 3 ? 'Stopped' : 'Running',
      ),
    );
    api.apps.mockResolvedValue(apps);
    const lag = lagOnHold(api);
    await renderFleet(api, fakeCatalog([]));
    await screen.findByText('60 of 60 apps');
    const firstPage = shownApps();
    expect(firstPage).toHaveLength(50);

    // The page's 49 running apps (app-003 is stopped), and no other.
    await answerReads(api, lag, 49, 7);
    expect(api.lag.mock.calls.map(lagReadOf)).toEqual(
      firstPage.filter(app => app !== 'app-003@dev'),
    );
    await waitFor(() =>
      expect(lagCell('app-049', 'dev')).toHaveTextContent(/^7$/),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    const secondPage = shownApps();
    expect(secondPage[0]).toBe('app-050@dev');
    expect(secondPage).toHaveLength(10);
    await answerReads(api, lag, 59, 8);
    expect(api.lag.mock.calls.slice(49).map(lagReadOf)).toEqual(secondPage);

    // Back within the readings' age: shown from what was read, not read again.
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous Page' }),
    );
    expect(lagCell('app-000', 'dev')).toHaveTextContent(/^7$/);
    expect(api.lag).toHaveBeenCalledTimes(59);
    expect(lag.inFlight()).toBe(0);
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
    const lag = lagOnHold(api);
    await renderFleet(api, fakeCatalog(entities));
    expect(await screen.findByText('1000 of 1000 apps')).toBeInTheDocument();
    const shown = shownApps();
    expect(shown).toHaveLength(50);
    // The lag of that page only, four reads at a time.
    await waitFor(() => expect(api.lag).toHaveBeenCalledTimes(4));
    await answerReads(api, lag, 50, 0);
    expect(api.lag.mock.calls.map(lagReadOf)).toEqual(shown);
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
