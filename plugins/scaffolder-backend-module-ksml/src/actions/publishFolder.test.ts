import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createKsmlPublishFolderAction } from './publishFolder';

describe('ksml:publish:folder', () => {
  const workspace = createMockDirectory();
  const root = createMockDirectory();
  const publish = (input: Record<string, unknown>) =>
    createKsmlPublishFolderAction({ root: root.path }).handler(
      createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
      }) as any,
    );
  // An app published before: its entity, its definition and the files of dev.
  const earlier = {
    'catalog-info.yaml': 'kind: Component\n',
    definitions: { 'app.yaml': 'streams: {}\n' },
    deploy: {
      dev: { 'values.yaml': 'replicaCount: 1\n' },
      stag: { 'values.yaml': 'old: true\n', 'stale.yaml': 'x\n' },
    },
  };

  beforeEach(() => {
    root.setContent({ app: earlier });
    workspace.setContent({
      deploy: { stag: { 'values.yaml': 'replicaCount: 2\n' } },
    });
  });

  it("replaces only the target folder of an earlier publish (a promotion's deploy/<environment>), keeping the rest", async () => {
    await publish({
      name: 'app',
      sourcePath: 'deploy/stag',
      targetPath: 'deploy/stag',
      replace: true,
    });
    expect(root.content()).toEqual({
      app: {
        ...earlier,
        deploy: {
          dev: earlier.deploy.dev,
          stag: { 'values.yaml': 'replicaCount: 2\n' },
        },
      },
    });
  });

  it('refuses to overwrite that folder without replace, naming targetPath', async () => {
    await expect(
      publish({
        name: 'app',
        sourcePath: 'deploy/stag',
        targetPath: 'deploy/stag',
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^targetPath: .*deploy\/stag was published before; choose another folder or set replace: true$/,
      ),
    });
    expect(root.content()).toEqual({ app: earlier });
  });

  it('may not leave the published folder', async () => {
    await expect(
      publish({ name: 'app', sourcePath: 'deploy', targetPath: '../other' }),
    ).rejects.toThrow();
    expect(root.content()).toEqual({ app: earlier });
  });
});
