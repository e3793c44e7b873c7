import { createMockDirectory } from '@backstage/backend-test-utils';
import { readPublishedGitops } from './publishedGitops';

describe('readPublishedGitops', () => {
  const published = createMockDirectory();
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'my-app',
  };
  const catalogInfo = (tenant: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-app
  annotations:
    ksml/tenant: ${tenant}
    ksml/instance: sandbox
    ksml/application: my-app
`;

  it("lists the environment's rendered files with their content, by path", async () => {
    published.setContent({
      'my-app/catalog-info.yaml': catalogInfo('dizzl'),
      'my-app/deploy/dev/values.yaml': 'replicaCount: 1\n',
      'my-app/deploy/dev/flux/helmrelease.yaml': 'kind: HelmRelease\n',
      'my-app/deploy/stag/values.yaml': 'replicaCount: 2\n',
    });
    const result = await readPublishedGitops(published.path, ref);
    expect(result.files).toEqual([
      {
        path: 'deploy/dev/flux/helmrelease.yaml',
        size: 18,
        content: 'kind: HelmRelease\n',
      },
      {
        path: 'deploy/dev/values.yaml',
        size: 16,
        content: 'replicaCount: 1\n',
      },
    ]);
  });

  it("is a 404 for another tenant's app of the same name, or one without files", async () => {
    published.setContent({
      'my-app/catalog-info.yaml': catalogInfo('other'),
      'my-app/deploy/dev/values.yaml': 'replicaCount: 1\n',
    });
    await expect(readPublishedGitops(published.path, ref)).rejects.toThrow(
      "No GitOps files of my-app for dev in the portal's publish folder",
    );
    published.setContent({ 'my-app/catalog-info.yaml': catalogInfo('dizzl') });
    await expect(
      readPublishedGitops(published.path, ref),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('never reads outside the publish folder', async () => {
    published.setContent({ 'x/catalog-info.yaml': catalogInfo('dizzl') });
    await expect(
      readPublishedGitops(published.path, { ...ref, environment: '../../..' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(
      readPublishedGitops(published.path, { ...ref, application: '..' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
