import { act, screen, waitFor } from '@testing-library/react';
import { KsmlStatusCard } from './StatusCard';
import { fakeKsmlApi } from '../../__testUtils__/fakeKsmlApi';
import { statusResponse } from '../../__testUtils__/fixtures';
import { permissionApi } from '../../__testUtils__/permissions';
import { renderKsml } from '../../__testUtils__/renderKsml';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlStatusCard without deploy and undeploy permissions', () => {
  it('shows the status and no action', async () => {
    const api = fakeKsmlApi();
    api.status.mockResolvedValue(statusResponse());
    const permissions = permissionApi([]);
    const authorize = jest.spyOn(permissions, 'authorize');
    await renderKsml(<KsmlStatusCard />, { api, permissionApi: permissions });
    expect(await screen.findByText('2/2 ready')).toBeInTheDocument();
    // Once both decisions (deploy, undeploy) have come back and rendered, nothing may show.
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(2));
    await act(() => Promise.resolve());
    for (const name of ['Redeploy', 'Stop', 'Start', 'Undeploy']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });
});
