import { screen, waitFor, within } from '@testing-library/react';
import { KsmlMetricsContent } from './MetricsContent';
import { fakeKsmlApi, type FakeKsmlApi } from '../../__testUtils__/fakeKsmlApi';
import {
  ksmlEntity,
  metricsResponse,
  plainEntity,
  statusResponse,
} from '../../__testUtils__/fixtures';
import { renderKsml } from '../../__testUtils__/renderKsml';
import { responseError } from '../../__testUtils__/responseError';
import { selectOption } from '../../__testUtils__/select';

const ref = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'sensor-inspector',
};

describe('KsmlMetricsContent', () => {
  let api: FakeKsmlApi;

  beforeEach(() => {
    api = fakeKsmlApi();
    api.metrics.mockResolvedValue(metricsResponse(250, 512));
  });

  it('shows progress while loading', async () => {
    api.metrics.mockReturnValue(new Promise(() => {}));
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the totals and each replica', async () => {
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(await screen.findByTestId('ksml-total-cpu')).toHaveTextContent(
      '250 m',
    );
    expect(screen.getByTestId('ksml-total-memory')).toHaveTextContent('512 MB');
    const table = screen.getByRole('table', { name: 'Usage per replica' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/^0150 m312 MB$/);
    expect(rows[2]).toHaveTextContent(/^1100 m200 MB$/);
    expect(api.metrics).toHaveBeenCalledWith(ref);
    expect(api.status).not.toHaveBeenCalled();
  });

  it('charts the polls of the visit', async () => {
    let cpu = 100;
    api.metrics.mockImplementation(async () => metricsResponse((cpu += 50)));
    await renderKsml(<KsmlMetricsContent refreshIntervalMs={20} />, { api });
    // At least three polls: the chart is a line through one point per poll.
    const threeOrMore = /^CPU of all replicas: ([3-9]|\d{2,}) samples/;
    const chart = await screen.findByRole('img', { name: threeOrMore });
    expect(chart.querySelector('path')?.getAttribute('d')).toMatch(
      /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){2,}$/,
    );
    expect(
      screen.getAllByRole('img', { name: /^CPU of replica 1: / }),
    ).toHaveLength(1);
  });

  it('says metrics-server is needed when metrics are unavailable (404)', async () => {
    api.metrics.mockRejectedValue(
      await responseError(404, 'metrics.k8s.io is not available'),
    );
    api.status.mockResolvedValue(statusResponse());
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(await screen.findByText('Metrics unavailable')).toBeInTheDocument();
    expect(
      screen.getByText(
        /need metrics-server .*metrics\.k8s\.io is not available/,
      ),
    ).toBeInTheDocument();
  });

  it('shows "not deployed" when there is no release', async () => {
    api.metrics.mockRejectedValue(await responseError(404, 'No metrics'));
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
  });

  it('shows permission denied on 403', async () => {
    api.metrics.mockRejectedValue(
      await responseError(403, 'Not allowed: ksml.app.read'),
    );
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(
      await screen.findByText("You may not read this app's metrics."),
    ).toBeInTheDocument();
  });

  it('shows the error on 500', async () => {
    api.metrics.mockRejectedValue(await responseError(500, 'kaboom'));
    await renderKsml(<KsmlMetricsContent />, { api });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });

  it('switches environment and starts its charts afresh', async () => {
    await renderKsml(<KsmlMetricsContent />, {
      api,
      entity: ksmlEntity('dev,stag,prod'),
    });
    await screen.findByTestId('ksml-total-cpu');
    await selectOption('Environment', 'stag');
    await waitFor(() =>
      expect(api.metrics).toHaveBeenLastCalledWith({
        ...ref,
        environment: 'stag',
      }),
    );
    expect(
      await screen.findByRole('img', {
        name: /^CPU of all replicas: 1 samples/,
      }),
    ).toBeInTheDocument();
  });

  it('shows the missing annotations', async () => {
    await renderKsml(<KsmlMetricsContent />, { api, entity: plainEntity });
    expect(screen.getByText('ksml/instance')).toBeInTheDocument();
    expect(api.metrics).not.toHaveBeenCalled();
  });
});
