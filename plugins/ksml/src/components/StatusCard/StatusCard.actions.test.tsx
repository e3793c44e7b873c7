import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlStatusCard } from './StatusCard';
import {
  appRef,
  deployRecord,
  lagResponse,
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

  /** Clicks the dialog's own button (the card has one of the same name). */
  const confirmIn = async (name: string) => {
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name }));
  };
  const operated = { helm: statusResponse().helm };

  it('stops by scaling to 0, after confirmation', async () => {
    api.scale.mockResolvedValue(operated);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Stop'));
    expect(
      screen.getByText('Stop dizzl-sandbox-dev-sensor-inspector-ksml?'),
    ).toBeInTheDocument();
    expect(api.scale).not.toHaveBeenCalled();
    await confirmIn('Stop');
    await waitFor(() =>
      expect(api.scale).toHaveBeenCalledWith({ ...appRef(), replicas: 0 }),
    );
    expect(api.deploy).not.toHaveBeenCalled();
    expect(
      await screen.findByText(
        'Stopped dizzl-sandbox-dev-sensor-inspector-ksml (scaled to 0 replicas)',
      ),
    ).toBeInTheDocument();
  });

  it('starts with the replicas it ran with before', async () => {
    api.status.mockResolvedValue(
      statusResponse({ status: 'Stopped', replicas: 0, readyReplicas: 0 }),
    );
    api.history.mockResolvedValue([
      { ...deployRecord(), operation: 'scale', request: { replicas: 0 } },
      deployRecord({ replicas: 3 }),
    ]);
    api.scale.mockResolvedValue(operated);
    await renderKsml(<KsmlStatusCard />, { api });
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    await userEvent.click(await button('Start'));
    await waitFor(() =>
      expect(api.scale).toHaveBeenCalledWith({ ...appRef(), replicas: 3 }),
    );
    expect(
      await screen.findByText(
        'Started dizzl-sandbox-dev-sensor-inspector-ksml with 3 replicas',
      ),
    ).toBeInTheDocument();
  });

  it('scales to the number asked, refusing what the backend would', async () => {
    api.scale.mockResolvedValue(operated);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Scale'));
    const field = screen.getByLabelText('Replicas');
    expect(field).toHaveValue(2);
    await userEvent.clear(field);
    await userEvent.type(field, '51');
    expect(screen.getByText('A whole number from 0 to 50')).toBeInTheDocument();
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByRole('button', { name: 'Scale' }),
    ).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, '4');
    await confirmIn('Scale');
    await waitFor(() =>
      expect(api.scale).toHaveBeenCalledWith({ ...appRef(), replicas: 4 }),
    );
    expect(
      await screen.findByText(
        'Scaled dizzl-sandbox-dev-sensor-inspector-ksml to 4 replicas (revision 3)',
      ),
    ).toBeInTheDocument();
  });

  it('warns when more replicas are asked than the input topics have partitions', async () => {
    api.lag.mockResolvedValue(lagResponse()); // sensor_data: 2 partitions
    await renderKsml(<KsmlStatusCard />, { api });
    await waitFor(() => expect(api.lag).toHaveBeenCalled());
    await userEvent.click(await button('Scale'));
    const field = screen.getByLabelText('Replicas');
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByRole('alert')).toBeNull(); // 2 of 2
    await userEvent.clear(field);
    await userEvent.type(field, '5');
    expect(
      await within(dialog).findByText(
        '5 replicas but the input topics have 2 partitions: 3 replicas will sit idle',
      ),
    ).toBeInTheDocument();
    // A warning, not a refusal: idle replicas stand by for a failing one.
    expect(within(dialog).getByRole('button', { name: 'Scale' })).toBeEnabled();
    await userEvent.clear(field);
    await userEvent.type(field, '1');
    expect(within(dialog).queryByText(/will sit idle/)).toBeNull();
  });

  it('scales without a warning while the partitions are unknown', async () => {
    // The fake's lag never answers unless told to.
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Scale'));
    const field = screen.getByLabelText('Replicas');
    await userEvent.clear(field);
    await userEvent.type(field, '50');
    expect(screen.queryByText(/will sit idle/)).toBeNull();
  });

  it("restarts after confirmation, and shows the backend's error when it fails", async () => {
    api.restart.mockRejectedValue(
      await responseError(409, 'Another operation on ns/x is in progress'),
    );
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(await button('Restart'));
    await confirmIn('Restart');
    expect(api.restart).toHaveBeenCalledWith(appRef());
    expect(
      await screen.findByText(/Restart failed: .*Another operation/),
    ).toBeInTheDocument();
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
