import { act, screen, waitFor } from '@testing-library/react';
import { KsmlHistoryContent } from './HistoryContent';
import {
  permissionApi,
  renderKsml,
  withFakeKsmlApi,
} from '../../__testUtils__';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlHistoryContent without the operate permission', () => {
  const api = withFakeKsmlApi(fake =>
    fake.revisions.mockResolvedValue([
      {
        revision: 2,
        status: 'deployed',
        chartVersion: '1.3.0',
        appVersion: '1.3.0',
        deployedAt: '2026-11-25T10:00:00Z',
        description: 'Upgrade complete',
        changes: {},
      },
      {
        revision: 1,
        status: 'superseded',
        chartVersion: '1.3.0',
        appVersion: '1.3.0',
        deployedAt: '2026-11-25T09:00:00Z',
        description: 'Install complete',
        changes: {},
      },
    ]),
  );

  it('shows the revisions and offers no rollback', async () => {
    const permissions = permissionApi(['ksml.app.read']);
    const authorize = jest.spyOn(permissions, 'authorize');
    await renderKsml(<KsmlHistoryContent />, {
      api,
      permissionApi: permissions,
    });
    expect(
      await screen.findByRole('table', { name: 'Revisions' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await act(() => Promise.resolve());
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
  });
});
