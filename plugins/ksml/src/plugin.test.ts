import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from './api';
import {
  EntityKsmlContent,
  EntityKsmlLogsContent,
  EntityKsmlMetricsContent,
  EntityKsmlStatusCard,
  ksmlPlugin,
} from './plugin';
import { statusResponse } from './__testUtils__/fixtures';

describe('ksmlPlugin', () => {
  it('is the ksml plugin', () => {
    expect(ksmlPlugin.getId()).toBe('ksml');
  });

  it('provides its extensions', () => {
    for (const extension of [
      EntityKsmlContent,
      EntityKsmlStatusCard,
      EntityKsmlLogsContent,
      EntityKsmlMetricsContent,
    ]) {
      expect(typeof extension).toBe('function');
    }
  });

  it('registers a KsmlClient that calls the ksml backend with the FetchApi', async () => {
    const factory = [...ksmlPlugin.getApis()].find(
      f => f.api.id === ksmlApiRef.id,
    )!;
    const getBaseUrl = jest.fn(
      async (id: string) => `http://backend/api/${id}`,
    );
    const fetch = jest.fn(
      async () =>
        new Response(JSON.stringify(statusResponse()), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const api = factory.factory({
      discoveryApi: { getBaseUrl },
      fetchApi: { fetch },
    }) as KsmlApi;
    await expect(
      api.status({
        tenant: 't',
        instance: 'i',
        environment: 'dev',
        application: 'a',
      }),
    ).resolves.toEqual(statusResponse());
    expect(getBaseUrl).toHaveBeenCalledWith('ksml');
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/ksml/status?tenant=t&instance=i&environment=dev&application=a',
      expect.objectContaining({ method: 'GET' }),
    );
  });
});
