import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlLagContent } from './LagContent';
import {
  appRef,
  lagResponse,
  readStateTests,
  renderInEnvironment,
  renderKsml,
  responseError,
  withFakeKsmlApi,
} from '../../__testUtils__';

describe('KsmlLagContent', () => {
  const api = withFakeKsmlApi(fake =>
    fake.lag.mockResolvedValue(lagResponse()),
  );

  it('shows the total, when it was measured, and its trend', async () => {
    await renderKsml(<KsmlLagContent />, { api });
    expect(await screen.findByTestId('ksml-total-lag')).toHaveTextContent(
      /^1,234$/,
    );
    expect(
      screen.getByText('Consumer group dizzl-sandbox-dev-sensor-inspector'),
    ).toBeInTheDocument();
    const measured = screen.getByTestId('ksml-lag-measured');
    expect(measured).toHaveTextContent(/ago$/);
    await userEvent.hover(measured);
    expect(
      await screen.findByText('2024-08-26 13:04:20 UTC'),
    ).toBeInTheDocument();
    const trend = screen.getByRole('img', {
      name: 'Total lag: 3 samples, latest 1234',
    });
    expect(trend.querySelector('path')?.getAttribute('d')).toMatch(
      /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){2}$/,
    );
    expect(api.lag).toHaveBeenCalledWith(appRef());
  });

  it('shows each partition, "none" where the group never committed', async () => {
    await renderKsml(<KsmlLagContent />, { api });
    const table = await screen.findByRole('table', {
      name: 'Lag of sensor_data',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows[0]).toHaveTextContent(
      /^PartitionEarliest offsetEnd offsetCommittedLag$/,
    );
    expect(rows[1]).toHaveTextContent(/^001,500900600$/);
    expect(rows[2]).toHaveTextContent(/^110644none634$/);
    expect(screen.getByText('Lag 1,234')).toBeInTheDocument();
  });

  it('warns of input topics the broker does not have', async () => {
    await renderKsml(<KsmlLagContent />, { api });
    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent('Missing on the broker');
    expect(warning).toHaveTextContent(
      'The app reads sensor_enrichment, but the broker does not have it',
    );
  });

  it('warns of nothing when every topic is there', async () => {
    api.lag.mockResolvedValue(lagResponse({ missingTopics: [] }));
    await renderKsml(<KsmlLagContent />, { api });
    await screen.findByTestId('ksml-total-lag');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('measures again on every poll', async () => {
    // Each poll answers 10 more, up to 1,050: the card shows 1,050 only after five polls, and
    // stays there however late a loaded machine looks (a moving total could be missed).
    let total = 1000;
    api.lag.mockImplementation(async () =>
      lagResponse({ total: (total = Math.min(total + 10, 1050)) }),
    );
    await renderKsml(<KsmlLagContent refreshIntervalMs={20} />, { api });
    await waitFor(() =>
      expect(screen.getByTestId('ksml-total-lag')).toHaveTextContent(/^1,050$/),
    );
    expect(api.lag.mock.calls.length).toBeGreaterThanOrEqual(5);
  });

  it('says the app is not deployed when that is the 404', async () => {
    api.lag.mockRejectedValue(
      await responseError(
        404,
        'dizzl-sandbox-dev-sensor-inspector-ksml is not deployed in namespace ksml-dev',
      ),
    );
    await renderKsml(<KsmlLagContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
    expect(screen.queryByText(/No Kafka connection/)).not.toBeInTheDocument();
  });

  it('explains that the environment has no Kafka connection (404)', async () => {
    api.lag.mockRejectedValue(
      await responseError(
        404,
        'No Kafka connection is configured for environment dev',
      ),
    );
    await renderKsml(<KsmlLagContent />, { api });
    expect(
      await screen.findByText('No Kafka connection for dev'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /no Kafka connection is configured for environment dev in the portal's configuration\. The backend said: No Kafka connection is configured for environment dev$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Refresh lag' }),
    ).toBeInTheDocument();
    expect(api.status).not.toHaveBeenCalled();
  });

  it('shows the message when the broker cannot be reached (503)', async () => {
    api.lag.mockRejectedValue(
      await responseError(
        503,
        'Kafka at broker.dev:9093 cannot be reached: timeout',
      ),
    );
    await renderKsml(<KsmlLagContent />, { api });
    expect(
      await screen.findByText('Error: Kafka cannot be reached from dev'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Kafka at broker.dev:9093 cannot be reached: timeout'),
    ).toBeVisible();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlLagContent />,
      read: 'lag',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'lag',
      missingAnnotation: 'ksml/tenant',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('switches environment', async () => {
    await renderInEnvironment(<KsmlLagContent />, {
      api,
      environments: 'dev,stag,prod',
      loaded: () => screen.findByTestId('ksml-total-lag'),
      environment: 'stag',
    });
    await waitFor(() =>
      expect(api.lag).toHaveBeenLastCalledWith(appRef('stag')),
    );
  });
});
