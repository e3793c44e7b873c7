import { act, screen, waitFor } from '@testing-library/react';
import { KsmlDefinitionContent } from './DefinitionContent';
import {
  permissionApi,
  renderKsml,
  withFakeKsmlApi,
} from '../../__testUtils__';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlDefinitionContent without the deploy permission', () => {
  const api = withFakeKsmlApi(fake =>
    fake.definition.mockResolvedValue({
      revision: 1,
      status: 'deployed',
      deployedAt: '2026-11-25T10:00:00Z',
      applicationId: 'dizzl-sandbox-dev-sensor-inspector',
      definitions: { 'sensor-inspector': 'streams: {}\n' },
      schemas: [],
    }),
  );

  it('shows the definition and offers no edit', async () => {
    const permissions = permissionApi(['ksml.app.read']);
    const authorize = jest.spyOn(permissions, 'authorize');
    await renderKsml(<KsmlDefinitionContent />, {
      api,
      permissionApi: permissions,
    });
    expect(await screen.findByText('streams: {}')).toBeInTheDocument();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await act(() => Promise.resolve());
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Download sensor-inspector.yaml' }),
    ).toBeInTheDocument();
  });
});
