import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlGitopsContent } from './GitopsContent';
import { KsmlContent } from '../EntityKsmlContent/EntityKsmlContent';
import {
  appRef,
  ksmlEntity,
  renderKsml,
  responseError,
  withFakeKsmlApi,
  withFakeLayout,
} from '../../__testUtils__';

const gitopsEntity = () => {
  const entity = ksmlEntity();
  entity.metadata.annotations!['ksml/deployed-by'] = 'gitops';
  return entity;
};

describe('KsmlGitopsContent', () => {
  withFakeLayout();
  const api = withFakeKsmlApi(fake =>
    fake.gitopsFiles.mockResolvedValue({
      folder: '/portal/published/sensor-inspector',
      files: [
        {
          path: 'deploy/dev/flux/helmrelease.yaml',
          size: 18,
          content: 'kind: HelmRelease\n',
        },
        { path: 'deploy/dev/big.yaml', size: 2_000_000 },
      ],
    }),
  );

  it('shows each published file, and downloads it by its name', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:file');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderKsml(<KsmlGitopsContent />, { api, entity: gitopsEntity() });
    expect(await screen.findByText('kind: HelmRelease')).toBeInTheDocument();
    expect(api.gitopsFiles).toHaveBeenCalledWith(appRef());
    expect(
      screen.getByText('2000000 bytes: too large to show here.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Download deploy/dev/flux/helmrelease.yaml',
      }),
    );
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'helmrelease.yaml',
    );
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      'kind: HelmRelease\n',
    );
    click.mockRestore();
  });

  it('says where the files are when the portal has none', async () => {
    api.gitopsFiles.mockRejectedValue(
      await responseError(
        404,
        "No GitOps files of sensor-inspector for dev in the portal's publish folder: they are in the app's repository",
      ),
    );
    await renderKsml(<KsmlGitopsContent />, { api, entity: gitopsEntity() });
    expect(
      await screen.findByText('No GitOps files for dev here'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/they are in the app's repository/),
    ).toBeInTheDocument();
  });

  it('is a tab of the KSML content only for an app deployed by GitOps', async () => {
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlContent />, { api, entity: gitopsEntity() });
    expect(
      await screen.findByRole('tab', { name: 'GitOps' }),
    ).toBeInTheDocument();
  });

  it('has no GitOps tab for an app the portal deploys', async () => {
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlContent />, { api });
    expect(
      await screen.findByRole('tab', { name: 'History' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'GitOps' })).toBeNull();
  });
});
