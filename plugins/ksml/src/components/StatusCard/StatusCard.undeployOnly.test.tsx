import { screen } from '@testing-library/react';
import { ksmlAppUndeployPermission } from '@ksml-backstage/plugin-ksml-common';
import { KsmlStatusCard } from './StatusCard';
import { fakeKsmlApi } from '../../__testUtils__/fakeKsmlApi';
import { statusResponse } from '../../__testUtils__/fixtures';
import { renderKsml } from '../../__testUtils__/renderKsml';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlStatusCard with the undeploy permission only', () => {
  it('offers undeploy but nothing that deploys', async () => {
    const api = fakeKsmlApi();
    api.status.mockResolvedValue(statusResponse());
    await renderKsml(<KsmlStatusCard />, {
      api,
      allowed: [ksmlAppUndeployPermission.name],
    });
    expect(
      await screen.findByRole('button', { name: 'Undeploy' }),
    ).toBeInTheDocument();
    for (const name of ['Redeploy', 'Stop', 'Start']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });
});
