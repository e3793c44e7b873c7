import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlStatusCard } from './StatusCard';
import {
  appRef,
  deployRecord,
  deployRequest,
  renderKsml,
  responseError,
  running,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

const deployed = {
  helm: statusResponse().helm,
  secretProperties: [],
  warnings: [],
};

function button(name: string) {
  return screen.findByRole('button', { name });
}

// Every test here is allowed everything. usePermission caches decisions per permission for
// the whole module (SWR), so other decisions are tested in files of their own.
describe('KsmlStatusCard actions', () => {
  const api = withFakeKsmlApi(running);

  it('redeploys and reloads the status', async () => {
    api.redeploy.mockResolvedValue(deployed);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Redeploy'));
    expect(api.redeploy).toHaveBeenCalledWith(appRef());
    expect(
      await screen.findByText(
        'Redeployed dizzl-sandbox-dev-sensor-inspector-ksml as revision 3',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.status).toHaveBeenCalledTimes(2));

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByText(/^Redeployed/)).toBeNull();
  });

  it("shows the backend's warnings beside the outcome", async () => {
    const warning =
      'The definition keeps state (tables.t) but the app has no storage: the KSML chart then keeps its state stores in a 10 MiB emptyDir';
    api.redeploy.mockResolvedValue({ ...deployed, warnings: [warning] });
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Redeploy'));
    expect(await screen.findByText(warning)).toBeInTheDocument();
    expect(screen.getByText(/^Redeployed/)).toBeInTheDocument();
  });

  it("shows the backend's error when a redeploy fails", async () => {
    api.redeploy.mockRejectedValue(
      await responseError(
        400,
        'secretKafkaProperties.sasl.jaas.config: the recorded request has this secret redacted; send it again',
      ),
    );
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Redeploy'));
    expect(
      await screen.findByText(/Redeploy failed: .*sasl\.jaas\.config/),
    ).toBeInTheDocument();
  });

  it('stops by deploying the last request with 0 replicas', async () => {
    api.history.mockResolvedValue([deployRecord({ replicas: 2 })]);
    api.deploy.mockResolvedValue(deployed);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Stop'));
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith(deployRequest({ replicas: 0 })),
    );
    expect(api.history).toHaveBeenCalledWith(appRef());
  });

  it('starts with the replicas it ran with before', async () => {
    api.status.mockResolvedValue(
      statusResponse({ status: 'Stopped', replicas: 0, readyReplicas: 0 }),
    );
    api.history.mockResolvedValue([
      deployRecord({ replicas: 0 }),
      deployRecord({ replicas: 3 }),
    ]);
    api.deploy.mockResolvedValue(deployed);
    await renderKsml(<KsmlStatusCard />, { api });
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    await userEvent.click(await button('Start'));
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith(deployRequest({ replicas: 3 })),
    );
    expect(
      await screen.findByText(
        'Started dizzl-sandbox-dev-sensor-inspector-ksml with 3 replicas',
      ),
    ).toBeInTheDocument();
  });

  it('refuses to stop when the recorded request has redacted secrets', async () => {
    api.history.mockResolvedValue([
      deployRecord({
        kafkaProperties: {
          'bootstrap.servers': 'broker:9093',
          'sasl.jaas.config': '***',
        },
      }),
    ]);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Stop'));
    expect(
      await screen.findByText(/Stop failed: .*sasl\.jaas\.config/),
    ).toBeInTheDocument();
    expect(api.deploy).not.toHaveBeenCalled();
  });

  it('undeploys only after confirmation', async () => {
    api.undeploy.mockResolvedValue({
      release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      namespace: 'ksml-dev',
      deletedClaims: [],
    });
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Undeploy'));
    expect(
      screen.getByText('Undeploy dizzl-sandbox-dev-sensor-inspector-ksml?'),
    ).toBeInTheDocument();
    expect(api.undeploy).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(
        screen.queryByText('Undeploy dizzl-sandbox-dev-sensor-inspector-ksml?'),
      ).toBeNull(),
    );
    expect(api.undeploy).not.toHaveBeenCalled();

    await userEvent.click(await button('Undeploy'));
    await userEvent.click(
      screen.getByLabelText(/Also delete its state stores/),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      Array.from(dialog.querySelectorAll('button')).find(
        b => b.textContent === 'Undeploy',
      )!,
    );
    await waitFor(() =>
      expect(api.undeploy).toHaveBeenCalledWith({
        ...appRef(),
        deleteStorage: true,
      }),
    );
    expect(
      await screen.findByText(
        'Undeployed dizzl-sandbox-dev-sensor-inspector-ksml from ksml-dev',
      ),
    ).toBeInTheDocument();
  });
});
