import { screen, waitFor, within } from '@testing-library/react';
import { KsmlMetricsContent } from './MetricsContent';
import {
  appRef,
  metricsResponse,
  readStateTests,
  renderInEnvironment,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

describe('KsmlMetricsContent', () => {
  const api = withFakeKsmlApi(fake =>
    fake.metrics.mockResolvedValue(metricsResponse(250, 512)),
  );

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
    expect(api.metrics).toHaveBeenCalledWith(appRef());
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

  it.each(
    readStateTests({
      explains404: true,
      api,
      view: <KsmlMetricsContent />,
      read: 'metrics',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'metrics',
      missingAnnotation: 'ksml/instance',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('switches environment and starts its charts afresh', async () => {
    await renderInEnvironment(<KsmlMetricsContent />, {
      api,
      environments: 'dev,stag,prod',
      loaded: () => screen.findByTestId('ksml-total-cpu'),
      environment: 'stag',
    });
    await waitFor(() =>
      expect(api.metrics).toHaveBeenLastCalledWith(appRef('stag')),
    );
    expect(
      await screen.findByRole('img', {
        name: /^CPU of all replicas: 1 samples/,
      }),
    ).toBeInTheDocument();
  });
});
