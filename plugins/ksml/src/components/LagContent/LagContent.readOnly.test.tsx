import { act, screen, waitFor } from '@testing-library/react';
import { KsmlLagContent } from './LagContent';
import {
  lagResponse,
  permissionApi,
  renderKsml,
  withFakeKsmlApi,
} from '../../__testUtils__';

// A file of its own: usePermission caches decisions per permission for the whole module.
describe('KsmlLagContent without the operate permission', () => {
  const api = withFakeKsmlApi(fake =>
    fake.lag.mockResolvedValue(lagResponse()),
  );

  it('shows the lag and offers no offset reset', async () => {
    const permissions = permissionApi(['ksml.app.read']);
    const authorize = jest.spyOn(permissions, 'authorize');
    await renderKsml(<KsmlLagContent />, { api, permissionApi: permissions });
    expect(await screen.findByTestId('ksml-total-lag')).toBeInTheDocument();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await act(() => Promise.resolve());
    expect(
      screen.queryByRole('button', { name: 'Reset offsets…' }),
    ).not.toBeInTheDocument();
  });
});
