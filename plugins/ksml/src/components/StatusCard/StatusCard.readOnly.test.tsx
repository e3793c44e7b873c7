import { act, screen, waitFor } from '@testing-library/react';
import { KsmlStatusCard } from './StatusCard';
import {
  deployRecord,
  permissionApi,
  renderKsml,
  responseError,
  running,
  withFakeKsmlApi,
} from '../../__testUtils__';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlStatusCard without deploy, operate and undeploy permissions', () => {
  const api = withFakeKsmlApi(running);

  it('shows the status and no action', async () => {
    const permissions = permissionApi([]);
    const authorize = jest.spyOn(permissions, 'authorize');
    await renderKsml(<KsmlStatusCard />, { api, permissionApi: permissions });
    expect(await screen.findByText('2/2 ready')).toBeInTheDocument();
    // Once the decisions (deploy, operate, undeploy) have come back and rendered, nothing may show.
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(3));
    await act(() => Promise.resolve());
    for (const name of [
      'Redeploy',
      'Stop',
      'Start',
      'Scale',
      'Restart',
      'Undeploy',
    ]) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });

  it('offers no Redeploy of an undeployed app, and does not read its history', async () => {
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    api.history.mockResolvedValue([deployRecord()]);
    await renderKsml(<KsmlStatusCard />, {
      api,
      permissionApi: permissionApi([]),
    });
    expect(
      await screen.findByText(
        'This app has no release in dev. Deploy it with the KSML app template.',
      ),
    ).toBeInTheDocument();
    await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
    expect(api.history).not.toHaveBeenCalled();
  });
});
