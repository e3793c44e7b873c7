import { act, screen, waitFor } from '@testing-library/react';
import { KsmlStatusCard } from './StatusCard';
import {
  permissionApi,
  renderKsml,
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
});
