import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlContent, viewOf } from './EntityKsmlContent';
import {
  ksmlEntity,
  lagResponse,
  logsResponse,
  metricsResponse,
  plainEntity,
  renderKsml,
  responseError,
  statusResponse,
  topologyResponse,
  withFakeKsmlApi,
  withFakeLayout,
  withFakeSvgBBox,
} from '../../__testUtils__';
import { throughputResponse } from '../../__testUtils__/throughputFixtures';

describe('viewOf', () => {
  it.each([
    [null, 'status'],
    ['logs', 'logs'],
    ['metrics', 'metrics'],
    ['topology', 'topology'],
    ['lag', 'lag'],
    ['throughput', 'throughput'],
    ['bogus', 'status'],
  ])('maps %p to %p', (value, view) => {
    expect(viewOf(value)).toBe(view);
  });
});

describe('KsmlContent', () => {
  withFakeLayout();
  withFakeSvgBBox();
  const api = withFakeKsmlApi(fake => {
    fake.status.mockImplementation(async ({ environment }) => {
      if (environment === 'prod') {
        throw await responseError(404, 'No release');
      }
      return statusResponse({}, environment);
    });
    fake.logs.mockResolvedValue(logsResponse());
    fake.metrics.mockResolvedValue(metricsResponse());
    fake.topology.mockResolvedValue(topologyResponse());
    fake.lag.mockResolvedValue(lagResponse());
    fake.throughput.mockResolvedValue(throughputResponse());
  });

  it('shows a status card per environment, side by side', async () => {
    await renderKsml(<KsmlContent />, {
      api,
      entity: ksmlEntity('dev,stag,prod'),
    });
    const states = await screen.findAllByTestId('ksml-state');
    await waitFor(() =>
      expect(
        screen.getAllByTestId('ksml-state').map(chip => chip.textContent),
      ).toEqual(['Running', 'Running', 'Not deployed']),
    );
    expect(states).toHaveLength(3);
    expect(
      screen.getByText('dizzl-sandbox-stag-sensor-inspector-ksml'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('dizzl-sandbox-prod-sensor-inspector-ksml'),
    ).toBeInTheDocument();
    expect(api.status.mock.calls.map(([ref]) => ref.environment)).toEqual([
      'dev',
      'stag',
      'prod',
    ]);
  });

  it('switches to the logs and metrics views', async () => {
    await renderKsml(<KsmlContent />, { api });
    await screen.findByTestId('ksml-state');
    const tabs = screen.getByRole('tablist', { name: 'KSML views' });

    await userEvent.click(within(tabs).getByRole('tab', { name: 'Logs' }));
    expect(await screen.findByText('zero: started')).toBeInTheDocument();
    expect(screen.queryByTestId('ksml-state')).toBeNull();

    await userEvent.click(within(tabs).getByRole('tab', { name: 'Metrics' }));
    expect(await screen.findByTestId('ksml-total-cpu')).toHaveTextContent(
      '250 m',
    );

    await userEvent.click(within(tabs).getByRole('tab', { name: 'Status' }));
    expect(await screen.findByTestId('ksml-state')).toBeInTheDocument();
  });

  it('switches to the topology and lag views', async () => {
    await renderKsml(<KsmlContent />, { api });
    await screen.findByTestId('ksml-state');
    const tabs = screen.getByRole('tablist', { name: 'KSML views' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map(tab => tab.textContent),
    ).toEqual([
      'Status',
      'Logs',
      'Metrics',
      'Throughput',
      'Definition',
      'Topology',
      'Lag',
      'Records',
      'Events',
      'History',
    ]);

    await userEvent.click(within(tabs).getByRole('tab', { name: 'Topology' }));
    expect(
      await screen.findByRole('table', { name: 'Topics' }),
    ).toBeInTheDocument();
    expect(await screen.findAllByTestId('ksml-topology-node')).not.toHaveLength(
      0,
    );

    await userEvent.click(within(tabs).getByRole('tab', { name: 'Lag' }));
    expect(await screen.findByTestId('ksml-total-lag')).toHaveTextContent(
      '1,234',
    );
    expect(screen.queryByRole('table', { name: 'Topics' })).toBeNull();
  });

  it('opens the view named in the URL', async () => {
    await renderKsml(<KsmlContent />, { api, routeEntries: ['/?view=logs'] });
    expect(await screen.findByText('zero: started')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Logs' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('opens the throughput view after Metrics', async () => {
    await renderKsml(<KsmlContent />, {
      api,
      routeEntries: ['/?view=throughput'],
    });
    expect(await screen.findByTestId('ksml-records-in')).toHaveTextContent(
      '7.3',
    );
    expect(screen.getByRole('tab', { name: 'Throughput' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('shows the missing annotations instead of tabs', async () => {
    await renderKsml(<KsmlContent />, { api, entity: plainEntity });
    expect(screen.getByText('ksml/tenant')).toBeInTheDocument();
    expect(screen.queryByRole('tablist')).toBeNull();
  });
});
