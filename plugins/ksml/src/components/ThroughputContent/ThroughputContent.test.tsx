import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlThroughputContent } from './ThroughputContent';
import {
  appRef,
  plainEntity,
  renderInEnvironment,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';
import {
  throughputResponse,
  unknownReplicas,
} from '../../__testUtils__/throughputFixtures';

describe('KsmlThroughputContent', () => {
  const api = withFakeKsmlApi(fake =>
    fake.throughput.mockResolvedValue(throughputResponse()),
  );

  it('shows records in and out over the replicas, and each replica with its heap', async () => {
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByTestId('ksml-records-in')).toHaveTextContent(
      /^7\.3$/,
    );
    expect(screen.getByTestId('ksml-records-out')).toHaveTextContent(/^7\.0$/);
    expect(
      screen
        .getAllByTestId('ksml-replica-throughput')
        .map(line => line.textContent),
    ).toEqual([
      'replica 0: Running · 4.2 in/s, 4.0 out/s, heap 312 MiB of 1.5 GiB',
      'replica 1: Running · 3.1 in/s, 3.0 out/s, heap 200 MiB of 1.5 GiB',
    ]);
    expect(
      screen.getByText(
        'All replicas, as their KSML runners report them every 15 s',
      ),
    ).toBeInTheDocument();
    expect(api.throughput).toHaveBeenCalledWith(appRef());
    expect(api.status).not.toHaveBeenCalled();
  });

  it('shows the processor nodes in topology order, and the functions by name', async () => {
    await renderKsml(<KsmlThroughputContent />, { api });
    const nodes = await screen.findByRole('table', { name: 'Processor nodes' });
    const nodeRows = within(nodes)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(nodeRows).toEqual([
      'NodeRecords/sE2E latency avg (ms)E2E latency max (ms)',
      'sensor_data7.30.43',
      'sensor-inspector_pipelines_main_filter7.312.31,234.6',
      'sensor-inspector_pipelines_main_to21––',
    ]);
    const functions = screen.getByRole('table', { name: 'Functions' });
    expect(
      within(functions)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'NameCallsMean (ms)p99 (ms)Max (ms)',
      'sensor-inspector.filter_by_color4200.3––',
      'sensor-inspector.log_message12,3450.83.112',
    ]);
  });

  it('draws the trend, named for assistive technology, with its figures in words', async () => {
    await renderKsml(<KsmlThroughputContent />, { api });
    const chart = await screen.findByRole('img', {
      name: 'Records per second, last 10 minutes',
    });
    const lines = chart.querySelectorAll('path');
    expect(lines).toHaveLength(2);
    lines.forEach(line =>
      expect(line.getAttribute('d')).toMatch(
        /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){2}$/,
      ),
    );
    expect(chart).toHaveAccessibleDescription(
      'Records in: 7.3 per second now, between 5.0 and 10 over the last 10 minutes. ' +
        'Records out: 7.0 per second now, between 4.5 and 9.0 over the last 10 minutes.',
    );
    expect(screen.getByText(/^Records in: 7\.3 per second now/)).toBeVisible();
    expect(screen.getByText('10 per second')).toBeInTheDocument();
    expect(screen.getByText('Records in')).toBeInTheDocument();
    expect(screen.getByText('Records out')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'JVM heap used, last 10 minutes' }),
    ).toHaveAccessibleDescription(
      'JVM heap used (all replicas): 512 MiB now, between 400 MiB and 512 MiB over the last 10 minutes.',
    );
  });

  it('offers longer ranges where the environment has a Prometheus, and reads the trend from it', async () => {
    const sixHours = throughputResponse({
      historySource: 'prometheus',
      historySeconds: 6 * 3600,
      longerHistory: true,
      history: [0, 3, 6].map(hour => ({
        at: new Date(Date.UTC(2024, 7, 26, 7 + hour)).toISOString(),
        recordsInPerSecond: hour,
        recordsOutPerSecond: hour,
        heapUsedBytes: 1000,
      })),
    });
    api.throughput.mockImplementation(
      async (_ref: unknown, options?: { range?: string }) =>
        options?.range === '6h'
          ? sixHours
          : throughputResponse({ longerHistory: true }),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    const picker = await screen.findByRole('combobox', { name: 'Trend range' });
    expect(
      screen.getByText(
        'Over all replicas, as the backend read them while the app was looked at',
      ),
    ).toBeInTheDocument();
    await userEvent.selectOptions(picker, '6 hours');
    expect(
      await screen.findByRole('img', {
        name: 'Records per second, last 6 hours',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Over all replicas, from the environment's Prometheus"),
    ).toBeInTheDocument();
    expect(api.throughput).toHaveBeenLastCalledWith(appRef(), { range: '6h' });
  });

  it('offers no range without a Prometheus, and says when the Prometheus failed', async () => {
    await renderKsml(<KsmlThroughputContent />, { api });
    await screen.findByRole('img', {
      name: 'Records per second, last 10 minutes',
    });
    expect(screen.queryByRole('combobox', { name: 'Trend range' })).toBeNull();
    api.throughput.mockResolvedValue(
      throughputResponse({
        longerHistory: true,
        historyWarning:
          'Prometheus at http://prom:9090 did not answer within 5s',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh throughput' }),
    );
    expect(
      await screen.findByText(
        /Prometheus at http:\/\/prom:9090 did not answer within 5s\. The last hour the backend kept is shown instead\./,
      ),
    ).toBeInTheDocument();
  });

  it('says the trend starts with the first reading when there is none', async () => {
    api.throughput.mockResolvedValue(throughputResponse({ history: [] }));
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(
      await screen.findByText(
        'No readings yet: the trend starts with the first.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /^Records per second/ }),
    ).toBeNull();
  });

  it('says the runners are being read while none was, and reads again', async () => {
    // Not read until the test says so: the message shows however slow the machine is.
    api.throughput.mockResolvedValue(
      throughputResponse({
        replicas: unknownReplicas('NotYetRead'),
        nodes: [],
        functions: [],
        history: [],
      }),
    );
    await renderKsml(<KsmlThroughputContent refreshIntervalMs={20} />, {
      api,
    });
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(
      'Reading the runners… the first figures show within 15 s',
    );
    expect(
      screen
        .getAllByTestId('ksml-replica-throughput')
        .map(line => line.textContent),
    ).toEqual([
      'replica 0: Unknown: being read',
      'replica 1: Unknown: being read',
    ]);
    expect(screen.queryByTestId('ksml-records-in')).toBeNull();
    // The view polls: the figures replace the message once the runners were read.
    const polled = api.throughput.mock.calls.length;
    api.throughput.mockResolvedValue(throughputResponse());
    expect(await screen.findByTestId('ksml-records-in')).toHaveTextContent(
      /^7\.3$/,
    );
    expect(screen.queryByText(/Reading the runners/)).toBeNull();
    expect(api.throughput.mock.calls.length).toBeGreaterThan(polled);
  });

  it('explains runners without their metrics endpoint', async () => {
    api.throughput.mockResolvedValue(
      throughputResponse({ replicas: unknownReplicas('MetricsDisabled') }),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByRole('status')).toHaveTextContent(
      /runs without the KSML runner's metrics endpoint \(prometheus\.enabled is false in its chart values\)/,
    );
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('explains a backend that may not use the pod proxy', async () => {
    api.throughput.mockResolvedValue(
      throughputResponse({ replicas: unknownReplicas('MetricsForbidden') }),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByRole('status')).toHaveTextContent(
      /may not use the pod proxy \(pods\/proxy\)/,
    );
  });

  it('sums the replicas read, and says the others were not', async () => {
    const [read] = throughputResponse().replicas;
    api.throughput.mockResolvedValue(
      throughputResponse({
        replicas: [
          read,
          {
            replicaName: '1',
            state: 'Unknown',
            reason: 'MetricsUnreachable',
          },
        ],
      }),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByTestId('ksml-records-in')).toHaveTextContent(
      /^4\.2$/,
    );
    expect(
      screen.getByText(
        'The figures of 1 of 2 replicas: the others were not read.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('replica 1: Unknown: the runner does not answer'),
    ).toBeInTheDocument();
  });

  it('says no replica runs for an app scaled to 0', async () => {
    api.throughput.mockResolvedValue(throughputResponse({ replicas: [] }));
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(
      await screen.findByText('No replica runs in dev: nothing is processed.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ksml-records-in')).toHaveTextContent(/^–$/);
  });

  it('shows "not deployed" on a 404 NotDeployed, as the other views', async () => {
    api.throughput.mockRejectedValue(
      await responseError(
        404,
        'dizzl-sandbox-dev-sensor-inspector-ksml is not deployed in namespace ksml-dev',
        'NotDeployed',
      ),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Deploy with the template' }),
    ).toHaveAttribute('href', '/create/templates/default/ksml-app');
    // The reason says it: the status is not asked.
    expect(api.status).not.toHaveBeenCalled();
  });

  it('asks the status on a 404 without a reason: "not deployed" when that is 404 too', async () => {
    api.throughput.mockRejectedValue(await responseError(404, 'Not found'));
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
  });

  it('says the throughput is unavailable on another 404 of a deployed app', async () => {
    api.throughput.mockRejectedValue(await responseError(404, 'Not found'));
    api.status.mockResolvedValue(statusResponse());
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(
      await screen.findByText('Throughput unavailable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/in dev\. It said: Not found$/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Refresh throughput' }),
    ).toBeInTheDocument();
  });

  it('shows permission denied on 403', async () => {
    api.throughput.mockRejectedValue(
      await responseError(403, 'Not allowed: ksml.app.read'),
    );
    await renderKsml(<KsmlThroughputContent />, { api });
    expect(
      await screen.findByText("You may not read this app's throughput."),
    ).toBeInTheDocument();
  });

  it('shows the missing annotations, without reading', async () => {
    await renderKsml(<KsmlThroughputContent />, { api, entity: plainEntity });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.throughput).not.toHaveBeenCalled();
  });

  it('switches environment', async () => {
    await renderInEnvironment(<KsmlThroughputContent />, {
      api,
      environments: 'dev,stag,prod',
      loaded: () => screen.findByTestId('ksml-records-in'),
      environment: 'stag',
    });
    await waitFor(() =>
      expect(api.throughput).toHaveBeenLastCalledWith(appRef('stag')),
    );
  });
});
