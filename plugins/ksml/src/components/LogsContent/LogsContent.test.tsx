import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlLogsContent } from './LogsContent';
import { fakeKsmlApi, type FakeKsmlApi } from '../../__testUtils__/fakeKsmlApi';
import {
  ksmlEntity,
  logsResponse,
  plainEntity,
  statusResponse,
} from '../../__testUtils__/fixtures';
import { fakeLayout } from '../../__testUtils__/layout';
import { renderKsml } from '../../__testUtils__/renderKsml';
import { responseError } from '../../__testUtils__/responseError';
import { selectOption } from '../../__testUtils__/select';

const ref = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'sensor-inspector',
};

describe('KsmlLogsContent', () => {
  let api: FakeKsmlApi;
  let restoreLayout: () => void;

  beforeAll(() => {
    restoreLayout = fakeLayout();
  });

  afterAll(() => restoreLayout());

  beforeEach(() => {
    api = fakeKsmlApi();
    api.logs.mockImplementation(async ({ tailLines }) =>
      logsResponse(tailLines),
    );
  });

  it('shows progress while loading', async () => {
    api.logs.mockReturnValue(new Promise(() => {}));
    await renderKsml(<KsmlLogsContent />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it("shows the first replica's log, and another replica's when chosen", async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    expect(await screen.findByText('zero: started')).toBeInTheDocument();
    expect(screen.queryByText('one: started')).toBeNull();
    expect(api.logs).toHaveBeenCalledWith({ ...ref, tailLines: 100 });
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
      expect(api.logs).toHaveBeenLastCalledWith({ ...ref, tailLines: 5000 }),
    );
    expect(
      await screen.findByText('Last 5000 lines of replica 0'),
    ).toBeInTheDocument();
  });

  it("downloads the chosen replica's log as <release>-<replica>.log", async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:logs');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
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

  it('reloads on an interval with auto-refresh on', async () => {
    await renderKsml(<KsmlLogsContent refreshIntervalMs={20} />, { api });
    await screen.findByText('zero: started');
    await new Promise(resolve => setTimeout(resolve, 100));
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
    await renderKsml(<KsmlLogsContent />, {
      api,
      entity: ksmlEntity('dev,prod'),
    });
    await screen.findByText('zero: started');
    await selectOption('Environment', 'prod');
    await waitFor(() =>
      expect(api.logs).toHaveBeenLastCalledWith({
        ...ref,
        environment: 'prod',
        tailLines: 100,
      }),
    );
  });

  it('shows "not deployed" when there is no release', async () => {
    api.logs.mockRejectedValue(await responseError(404, 'No pods found'));
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlLogsContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Deploy with the template' }),
    ).toHaveAttribute('href', '/create/templates/default/ksml-app');
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

  it('shows permission denied on 403', async () => {
    api.logs.mockRejectedValue(
      await responseError(403, 'Not allowed: ksml.app.logs.read'),
    );
    await renderKsml(<KsmlLogsContent />, { api });
    expect(
      await screen.findByText("You may not read this app's logs."),
    ).toBeInTheDocument();
  });

  it('shows the error on 500', async () => {
    api.logs.mockRejectedValue(await responseError(500, 'kaboom'));
    await renderKsml(<KsmlLogsContent />, { api });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });

  it('shows the missing annotations', async () => {
    await renderKsml(<KsmlLogsContent />, { api, entity: plainEntity });
    expect(screen.getByText('ksml/application')).toBeInTheDocument();
    expect(api.logs).not.toHaveBeenCalled();
  });
});
