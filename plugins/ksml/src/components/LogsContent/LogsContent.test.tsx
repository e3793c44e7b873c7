import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlLogsContent } from './LogsContent';
import {
  appRef,
  logsResponse,
  readStateTests,
  renderInEnvironment,
  renderKsml,
  responseError,
  selectOption,
  statusResponse,
  withFakeKsmlApi,
  withFakeLayout,
} from '../../__testUtils__';

/** Downloads without a browser: the blob URL made and the link clicked, recorded. */
function stubDownload() {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:logs');
  Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});
  return { createObjectURL, click };
}

describe('KsmlLogsContent', () => {
  withFakeLayout();
  afterEach(() => jest.useRealTimers());
  const api = withFakeKsmlApi(fake =>
    fake.logs.mockImplementation(async ({ tailLines }) =>
      logsResponse(tailLines),
    ),
  );

  it("shows the first replica's log, and another replica's when chosen", async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    expect(await screen.findByText('zero: started')).toBeInTheDocument();
    expect(screen.queryByText('one: started')).toBeNull();
    expect(api.logs).toHaveBeenCalledWith({ ...appRef(), tailLines: 100 });
    expect(api.status).not.toHaveBeenCalled();

    await selectOption('Replica', '1');
    expect(await screen.findByText('one: started')).toBeInTheDocument();
    expect(screen.queryByText('zero: started')).toBeNull();
    expect(screen.getByText('Last 100 lines of replica 1')).toBeInTheDocument();
  });

  it('fetches the chosen number of lines', async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await selectOption('Lines', 'Last 5000');
    await waitFor(() =>
      expect(api.logs).toHaveBeenLastCalledWith({
        ...appRef(),
        tailLines: 5000,
      }),
    );
    expect(
      await screen.findByText('Last 5000 lines of replica 0'),
    ).toBeInTheDocument();
  });

  it("downloads the chosen replica's log as <release>-<replica>.log", async () => {
    const { createObjectURL, click } = stubDownload();
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await selectOption('Replica', '1');

    await userEvent.click(
      screen.getByRole('button', { name: 'Download logs' }),
    );
    expect(click).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'dizzl-sandbox-dev-sensor-inspector-ksml-1.log',
    );
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      'one: started\none: consumed key=sensor2\n',
    );
    click.mockRestore();
  });

  it('wraps long lines on request, and still downloads the whole log', async () => {
    const { createObjectURL, click } = stubDownload();
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    expect(screen.queryByTestId('wrapped-log')).toBeNull();

    await userEvent.click(screen.getByLabelText('Wrap lines'));
    const pane = await screen.findByTestId('wrapped-log');
    expect(pane).toHaveStyle({ whiteSpace: 'pre-wrap' });
    expect(pane.textContent).toBe('zero: startedzero: consumed key=sensor1');
    await userEvent.click(
      screen.getByRole('button', { name: 'Download logs' }),
    );
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      'zero: started\nzero: consumed key=sensor1\n',
    );
    click.mockRestore();
  });

  it("reads the previous run's log of each replica when asked", async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await userEvent.click(screen.getByLabelText('Previous run'));
    await waitFor(() =>
      expect(api.logs).toHaveBeenLastCalledWith({
        ...appRef(),
        tailLines: 100,
        previous: true,
      }),
    );
  });

  it("says when a replica has no previous run, instead of Kubernetes' error", async () => {
    api.logs.mockImplementation(async ({ previous }) =>
      previous
        ? {
            tailLines: 100,
            logs: [
              {
                replicaName: '0',
                lines: '',
                error:
                  'reading the log of dizzl-sandbox-dev-sensor-inspector-ksml-0: previous terminated container "ksml" in pod "dizzl-sandbox-dev-sensor-inspector-ksml-0" not found',
              },
              { replicaName: '1', lines: 'one: crashed\n' },
            ],
          }
        : logsResponse(),
    );
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await userEvent.click(screen.getByLabelText('Previous run'));
    expect(
      await screen.findByText(
        /This replica has not restarted: there is no previous run/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/previous terminated container/)).toBeNull();
    expect(screen.queryByText(/Could not read the logs/)).toBeNull();
    // A replica that did restart shows its previous run.
    await selectOption('Replica', '1');
    expect(await screen.findByText('one: crashed')).toBeInTheDocument();
  });

  describe('filtered by level and logger', () => {
    const runner = (level: string, logger: string, text: string) =>
      `2024-07-16T13:06:39,394Z [main] ${level}  ${logger} - ${text}`;
    beforeEach(() =>
      api.logs.mockResolvedValue({
        tailLines: 100,
        logs: [
          {
            replicaName: '0',
            lines: `${[
              runner('INFO', 'ksml.function.log_message', 'consumed one'),
              runner('WARN', 'org.apache.kafka.clients', 'broker away'),
              runner('ERROR', 'ksml.runner', 'stopped'),
            ].join('\n')}\n`,
          },
        ],
      }),
    );

    it("keeps a replica's lines from the level chosen up, of the loggers named", async () => {
      await renderKsml(<KsmlLogsContent />, { api });
      await screen.findByText(/consumed one/);
      await selectOption('Level', 'WARN and up');
      await waitFor(() =>
        expect(screen.queryByText(/consumed one/)).toBeNull(),
      );
      expect(screen.getByText(/broker away/)).toBeInTheDocument();
      await userEvent.type(screen.getByLabelText('Logger'), 'ksml');
      await waitFor(() => expect(screen.queryByText(/broker away/)).toBeNull());
      expect(screen.getByText(/stopped/)).toBeInTheDocument();
    });

    it('says no lines match, rather than showing an empty line 1', async () => {
      await renderKsml(<KsmlLogsContent />, { api });
      await screen.findByText(/consumed one/);
      await userEvent.type(screen.getByLabelText('Logger'), 'nobody');
      expect(
        await screen.findByText(
          'No lines match the filter (logger containing "nobody").',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByRole('row')).toBeNull();
      await selectOption('Level', 'ERROR and up');
      expect(
        await screen.findByText(
          'No lines match the filter (level ERROR and up, logger containing "nobody").',
        ),
      ).toBeInTheDocument();
    });

    it('downloads the lines shown', async () => {
      const { createObjectURL, click } = stubDownload();
      await renderKsml(<KsmlLogsContent />, { api });
      await screen.findByText(/consumed one/);
      await selectOption('Level', 'ERROR and up');
      await waitFor(() => expect(screen.queryByText(/broker away/)).toBeNull());
      await userEvent.click(
        screen.getByRole('button', { name: 'Download logs' }),
      );
      expect(await createObjectURL.mock.calls[0][0].text()).toBe(
        runner('ERROR', 'ksml.runner', 'stopped'),
      );
      click.mockRestore();
    });
  });

  it('reloads on an interval with auto-refresh on', async () => {
    // Fake time (advancing by itself too): "however long it waits" is exact, not a sleep that a
    // slow machine may end before a single interval has passed.
    jest.useFakeTimers({ advanceTimers: true });
    await renderKsml(<KsmlLogsContent refreshIntervalMs={20} />, { api });
    await screen.findByText('zero: started');
    act(() => jest.advanceTimersByTime(1_000)); // 50 intervals, auto-refresh off
    expect(api.logs).toHaveBeenCalledTimes(1);

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Auto-refresh' }),
    );
    await waitFor(() => expect(api.logs.mock.calls.length).toBeGreaterThan(2));
  });

  it("shows a replica's read error and the others' logs", async () => {
    api.logs.mockResolvedValue({
      tailLines: 100,
      logs: [
        { replicaName: '0', lines: '', error: 'container is waiting to start' },
        { replicaName: '1', lines: 'one: fine\n' },
      ],
    });
    await renderKsml(<KsmlLogsContent />, { api });
    expect(
      await screen.findByText(/Could not read the logs of replica 0/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('container is waiting to start'),
    ).toBeInTheDocument();
    await selectOption('Replica', '1');
    expect(await screen.findByText('one: fine')).toBeInTheDocument();
  });

  it('switches environment', async () => {
    await renderInEnvironment(<KsmlLogsContent />, {
      api,
      environments: 'dev,prod',
      loaded: () => screen.findByText('zero: started'),
      environment: 'prod',
    });
    await waitFor(() =>
      expect(api.logs).toHaveBeenLastCalledWith({
        ...appRef('prod'),
        tailLines: 100,
      }),
    );
  });

  it('explains a release without pods', async () => {
    api.logs.mockRejectedValue(
      await responseError(404, 'No pods found for x in namespace y'),
    );
    api.status.mockResolvedValue(
      statusResponse({ status: 'Stopped', replicas: 0, readyReplicas: 0 }),
    );
    await renderKsml(<KsmlLogsContent />, { api });
    expect(await screen.findByText('No logs to show')).toBeInTheDocument();
    expect(
      screen.getByText(/No pods found for x in namespace y/),
    ).toBeInTheDocument();
  });

  it.each(
    readStateTests({
      explains404: true,
      api,
      view: <KsmlLogsContent />,
      read: 'logs',
      readWith: { ...appRef(), tailLines: 100 },
      permission: 'ksml.app.logs.read',
      subject: 'logs',
      missingAnnotation: 'ksml/application',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());
});
