import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AppEntities } from './AppEntities';

describe('AppEntities', () => {
  const annotated = (name: string, application: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'ksml/tenant': 'dizzl',
        'ksml/instance': 'sandbox',
        'ksml/application': application,
      },
    },
    spec: {},
  });

  it('finds the entities whose ksml/* annotations name the app, and reuses the answer', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities.mockResolvedValue({
      items: [annotated('inspector', 'sensor-inspector')],
    });
    const entities = new AppEntities({ catalog, auth: mockServices.auth() });
    const app = {
      tenant: 'dizzl',
      instance: 'sandbox',
      application: 'sensor-inspector',
    };
    expect(await entities.refsOf(app)).toEqual(['component:default/inspector']);
    expect(await entities.refsOf(app)).toEqual(['component:default/inspector']);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          'metadata.annotations.ksml/tenant': 'dizzl',
          'metadata.annotations.ksml/instance': 'sandbox',
          'metadata.annotations.ksml/application': 'sensor-inspector',
        },
      }),
      expect.anything(),
    );
  });

  it('asks again after a failed lookup', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities
      .mockRejectedValueOnce(new Error('catalog away'))
      .mockResolvedValue({ items: [] });
    const entities = new AppEntities({ catalog, auth: mockServices.auth() });
    const app = { tenant: 'a', instance: 'b', application: 'c' };
    await expect(entities.refsOf(app)).rejects.toThrow('catalog away');
    expect(await entities.refsOf(app)).toEqual([]);
  });

  it('does not remember that no entity describes the app: a new entity counts at once', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities
      .mockResolvedValueOnce({ items: [] })
      .mockResolvedValue({ items: [annotated('fresh', 'fresh-app')] });
    const entities = new AppEntities({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 60_000,
    });
    const app = {
      tenant: 'dizzl',
      instance: 'sandbox',
      application: 'fresh-app',
    };
    // Before the template registered the entity (its deploy), then right after.
    expect(await entities.refsOf(app)).toEqual([]);
    expect(await entities.refsOf(app)).toEqual(['component:default/fresh']);
    expect(await entities.refsOf(app)).toEqual(['component:default/fresh']);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});
