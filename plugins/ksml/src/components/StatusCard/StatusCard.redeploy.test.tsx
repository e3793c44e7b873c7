import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { REDACTED_SECRET } from '@ksml-backstage/plugin-ksml-common';
import { KsmlStatusCard } from './StatusCard';
import {
  appRef,
  deployRecord,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

const deployed = {
  helm: statusResponse().helm,
  secretProperties: [],
  warnings: [],
};

/** The history of an app deployed, then undeployed. */
const undeployedHistory = (kafkaProperties?: Record<string, string>) => [
  { ...deployRecord(), id: 2, operation: 'undeploy' as const },
  deployRecord(kafkaProperties ? { kafkaProperties } : {}),
];

// Every test here is allowed everything (see StatusCard.readOnly.test.tsx for the others).
describe('KsmlStatusCard Redeploy of an undeployed app', () => {
  const api = withFakeKsmlApi();
  beforeEach(async () => {
    const notFound = await responseError(404, 'No release');
    // Not deployed until redeployed.
    api.status.mockImplementation(async () => {
      if (api.redeploy.mock.calls.length === 0) throw notFound;
      return statusResponse({ status: 'Starting', readyReplicas: 0 });
    });
  });

  it('offers Redeploy of the recorded deploy, and shows the app back', async () => {
    api.history.mockResolvedValue(undeployedHistory());
    api.redeploy.mockResolvedValue(deployed);
    await renderKsml(<KsmlStatusCard />, { api });
    expect(
      await screen.findByText(
        /Redeploy installs its last recorded deploy again/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Redeploy' }),
    );
    expect(api.redeploy).toHaveBeenCalledWith(appRef());
    expect(
      await screen.findByText(
        'Redeployed dizzl-sandbox-dev-sensor-inspector-ksml as revision 3',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('ksml-state')).toHaveTextContent('Starting'),
    );
    expect(api.history).toHaveBeenCalledWith(appRef());
  });

  it('asks for the secret Kafka properties the history holds redacted', async () => {
    api.history.mockResolvedValue(
      undeployedHistory({
        'bootstrap.servers': 'broker:9093',
        'sasl.jaas.config': REDACTED_SECRET,
      }),
    );
    api.redeploy.mockResolvedValue(deployed);
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Redeploy' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/enter their values again/),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', { name: 'Redeploy' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/sasl\.jaas\.config/),
      'secret-value',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.redeploy).toHaveBeenCalledWith({
        ...appRef(),
        secretKafkaProperties: { 'sasl.jaas.config': 'secret-value' },
      }),
    );
  });

  it("shows the backend's error when the Redeploy fails, still offering it", async () => {
    api.history.mockResolvedValue(undeployedHistory());
    api.redeploy.mockRejectedValue(
      await responseError(400, 'input topic sensor_data does not exist'),
    );
    await renderKsml(<KsmlStatusCard />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Redeploy' }),
    );
    expect(
      await screen.findByText(/Redeploy failed: .*sensor_data does not exist/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Redeploy' })).toBeEnabled();
  });

  it('offers only the template when the history has no recorded deploy', async () => {
    api.history.mockResolvedValue([]);
    await renderKsml(<KsmlStatusCard />, { api });
    expect(
      await screen.findByText(
        'This app has no release in dev. Deploy it with the KSML app template.',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.history).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
  });

  it('offers only the template when the history cannot be read', async () => {
    api.history.mockRejectedValue(await responseError(500, 'database down'));
    await renderKsml(<KsmlStatusCard />, { api });
    await waitFor(() => expect(api.history).toHaveBeenCalled());
    expect(
      await screen.findByRole('button', { name: 'Deploy with the template' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
  });
});
