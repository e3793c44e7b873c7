import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  declaredEntityRefs,
  registerPublished,
  targetCovers,
} from './catalogRegistration';

describe('targetCovers', () => {
  it('matches one path segment per * and any number per **', () => {
    const file = '/srv/portal/.ksml-portal/published/my-app/catalog-info.yaml';
    expect(
      targetCovers(
        '/srv/portal/.ksml-portal/published/*/catalog-info.yaml',
        file,
      ),
    ).toBe(true);
    expect(targetCovers('/srv/portal/**/catalog-info.yaml', file)).toBe(true);
    expect(targetCovers(file, file)).toBe(true);
    expect(
      targetCovers('/srv/portal/.ksml-portal/*/catalog-info.yaml', file),
    ).toBe(false);
    expect(
      targetCovers('/srv/portal/.ksml-portal/published/*/other.yaml', file),
    ).toBe(false);
    // Dots and other regular-expression characters are themselves.
    expect(
      targetCovers(
        '/srv/portal/xksml-portal/published/*/catalog-info.yaml',
        file,
      ),
    ).toBe(false);
  });
});

describe('declaredEntityRefs', () => {
  it("lists each document's entity ref, in the default namespace unless another is named", () => {
    expect(
      declaredEntityRefs(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-app
---
# only a comment
---
kind: API
metadata:
  name: events
  namespace: team-a
`),
    ).toEqual(['component:default/my-app', 'api:team-a/events']);
    expect(declaredEntityRefs('')).toEqual([]);
  });
});

describe('registerPublished', () => {
  const location: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'generated-published', namespace: 'default' },
    spec: { type: 'file', target: '/portal/published/*/catalog-info.yaml' },
  };
  const app: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'my-app', namespace: 'default' },
    spec: {},
  };
  const published = {
    catalogInfoPath: '/portal/published/my-app/catalog-info.yaml',
    entityRef: 'component:default/my-app',
  };

  /** Registration that gives up after 20 ms, for a catalog that never shows the entity. */
  const registerBriefly = (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    logger: ReturnType<typeof mockServices.logger.mock>,
  ) =>
    registerPublished(
      {
        catalog,
        auth: mockServices.auth(),
        logger,
        timeoutMs: 20,
        pollIntervalMs: 5,
      },
      published,
    );

  it('refreshes the covering location and waits until the entity is in the catalog', async () => {
    const catalog = catalogServiceMock.mock();
    // Right after start-up the configured location is not in the catalog yet.
    catalog.getEntities
      .mockResolvedValueOnce({ items: [] })
      .mockResolvedValue({ items: [location] });
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(app);
    const logger = mockServices.logger.mock();
    const registered = await registerPublished(
      { catalog, auth: mockServices.auth(), logger, pollIntervalMs: 1 },
      published,
    );
    expect(registered).toBe(true);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/generated-published',
      expect.anything(),
    );
    expect(catalog.refreshEntity).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(logger.info).toHaveBeenCalledWith(
      'component:default/my-app is in the catalog',
    );
  });

  it('says so, without failing, when no location reads the folder', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities.mockResolvedValue({
      items: [
        { ...location, spec: { type: 'file', target: '/elsewhere/*.yaml' } },
      ],
    });
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const logger = mockServices.logger.mock();
    expect(await registerBriefly(catalog, logger)).toBe(false);
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'No catalog location reads /portal/published/my-app/catalog-info.yaml',
      ),
    );
  });

  it('gives up after the timeout, saying when the entity will appear', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities.mockResolvedValue({ items: [location] });
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const logger = mockServices.logger.mock();
    expect(await registerBriefly(catalog, logger)).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("at the catalog's next processing"),
    );
  });
});
