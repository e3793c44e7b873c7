import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KsmlManagedApp } from '@ksml-backstage/plugin-ksml-common';
import { KsmlContent } from './EntityKsmlContent';
import {
  deployRecord,
  ksmlEntity,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

/** A managed app in dizzl/sandbox, as `GET /apps` lists it. */
function managed(
  environment: string,
  application = 'sensor-inspector',
): KsmlManagedApp {
  return {
    ref: { tenant: 'dizzl', instance: 'sandbox', environment, application },
    release: `dizzl-sandbox-${environment}-${application}-ksml`,
    namespace: `ksml-${environment}`,
    lastDeploy: deployRecord({ environment, application }),
  };
}

/** The environments of the status cards, in their order. */
const cardTitles = () =>
  screen
    .getAllByRole('region', { name: / status$/ })
    .map(region => region.getAttribute('aria-label'));

describe('KsmlContent with environments the entity does not list', () => {
  const api = withFakeKsmlApi(fake => {
    fake.status.mockImplementation(async ({ environment }) =>
      statusResponse({}, environment),
    );
  });

  it("shows a card for every environment with a release, the entity's first, the others marked", async () => {
    api.apps.mockResolvedValue([
      managed('prod'),
      managed('stag'),
      managed('dev'),
      managed('test', 'another-app'),
    ]);
    await renderKsml(<KsmlContent />, { api, entity: ksmlEntity('dev') });
    await waitFor(() =>
      expect(cardTitles()).toEqual([
        'dev status',
        'stag status',
        'prod status',
      ]),
    );
    const prod = screen.getByRole('region', { name: 'prod status' });
    expect(
      within(prod).getByText(/^Not listed in this entity's catalog-info/),
    ).toHaveTextContent(
      'deployed by an earlier template run or another entity',
    );
    await waitFor(() =>
      expect(within(prod).getByTestId('ksml-state')).toHaveTextContent(
        'Running',
      ),
    );
    const dev = screen.getByRole('region', { name: 'dev status' });
    expect(within(dev).queryByText(/Not listed/)).toBeNull();
    expect(api.apps).toHaveBeenCalledTimes(1);
  });

  it('offers them in the other views, marked in the environment choice', async () => {
    api.apps.mockResolvedValue([managed('prod')]);
    api.events.mockResolvedValue([]);
    await renderKsml(<KsmlContent />, {
      api,
      entity: ksmlEntity('dev'),
      routeEntries: ['/?view=events'],
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /Environment/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'prod (not in catalog-info)',
      }),
    );
    expect(
      await screen.findByText(/^Not listed in this entity's catalog-info/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.events).toHaveBeenLastCalledWith(
        expect.objectContaining({ environment: 'prod' }),
      ),
    );
  });

  it("shows the entity's environments only when the apps cannot be read", async () => {
    api.apps.mockRejectedValue(await responseError(500, 'database down'));
    await renderKsml(<KsmlContent />, { api, entity: ksmlEntity('dev') });
    await waitFor(() => expect(api.apps).toHaveBeenCalled());
    await waitFor(() =>
      expect(screen.getByTestId('ksml-state')).toHaveTextContent('Running'),
    );
    expect(cardTitles()).toEqual(['dev status']);
    expect(screen.queryByText(/database down/)).toBeNull();
  });
});
