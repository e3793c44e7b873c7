import { screen } from '@testing-library/react';
import { ksmlAppUndeployPermission } from '@ksml-backstage/plugin-ksml-common';
import { KsmlStatusCard } from './StatusCard';
import { renderKsml, running, withFakeKsmlApi } from '../../__testUtils__';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlStatusCard with the undeploy permission only', () => {
  const api = withFakeKsmlApi(running);

  it('offers undeploy but nothing that deploys', async () => {
    await renderKsml(<KsmlStatusCard />, {
      api,
      allowed: [ksmlAppUndeployPermission.name],
    });
    expect(
      await screen.findByRole('button', { name: 'Undeploy' }),
    ).toBeInTheDocument();
    for (const name of ['Redeploy', 'Stop', 'Start', 'Scale', 'Restart']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });
});
