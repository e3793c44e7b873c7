import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  appRef,
  deployRecord,
  ksmlEntity,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';
import { NotDeployed } from './NotDeployed';

// Every test here is allowed everything: usePermission caches decisions per module, so the
// refused Redeploy is tested with the status card (StatusCard.readOnly.test.tsx).
describe('NotDeployed', () => {
  const api = withFakeKsmlApi();

  it('offers Redeploy of the recorded deploy and reloads the view once it ended', async () => {
    api.history.mockResolvedValue([
      { ...deployRecord(), id: 2, operation: 'undeploy' },
      deployRecord(),
    ]);
    api.redeploy.mockResolvedValue({
      helm: statusResponse().helm,
      secretProperties: [],
      warnings: [],
    });
    const reload = jest.fn();
    await renderKsml(<NotDeployed environment="dev" onRedeployed={reload} />, {
      api,
    });
    expect(screen.getByText('Not deployed in dev')).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Redeploy' }),
    );
    expect(api.history).toHaveBeenCalledWith(appRef());
    expect(api.redeploy).toHaveBeenCalledWith(appRef());
    expect(
      await screen.findByText(
        'Redeployed dizzl-sandbox-dev-sensor-inspector-ksml as revision 3',
      ),
    ).toBeInTheDocument();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(
      screen.getByText(/Redeploy installs its last recorded deploy again/),
    ).toBeInTheDocument();
    // The template stays offered, for a deploy anew.
    expect(
      screen.getByRole('button', { name: 'Deploy with the template' }),
    ).toBeInTheDocument();
  });

  it('offers only the template without a recorded deploy', async () => {
    api.history.mockResolvedValue([]);
    await renderKsml(<NotDeployed environment="prod" />, {
      api,
      entity: ksmlEntity('dev,prod'),
    });
    await waitFor(() =>
      expect(api.history).toHaveBeenCalledWith(appRef('prod')),
    );
    expect(
      screen.getByText(
        'This app has no release in prod. Deploy it with the KSML app template.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
  });

  it('offers no Redeploy of a GitOps app, which Flux or Argo CD install', async () => {
    api.history.mockResolvedValue([deployRecord()]);
    const entity = ksmlEntity();
    entity.metadata.annotations!['ksml/deployed-by'] = 'gitops';
    await renderKsml(<NotDeployed environment="dev" />, { api, entity });
    expect(screen.getByText(/deployed by GitOps/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
    expect(api.history).not.toHaveBeenCalled();
  });

  it('only words it when the view offers the Redeploy itself', async () => {
    api.history.mockRejectedValue(await responseError(500, 'unused'));
    await renderKsml(<NotDeployed environment="dev" compact redeployable />, {
      api,
    });
    expect(
      screen.getByText(/Redeploy installs its last recorded deploy again/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
    expect(api.history).not.toHaveBeenCalled();
  });
});
