/**
 * @jest-environment node
 */
// The browser client of the plugin against the real KSML backend plugin: the plugin's own API
// factory builds the client from a discovery and a fetch that, like Backstage's FetchApi, add
// the user's token; the backend runs in a test backend against the real test bed.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real test bed, for this test
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real backend, for this test
import ksmlBackendPlugin from '@ksml-backstage/plugin-ksml-backend';
import { AddressInfo } from 'node:net';
import { ksmlApiRef } from './api';
import { ksmlPlugin } from './plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

describe('the KSML API client against the real backend plugin', () => {
  let kube: TestbedKube;
  let namespace: string;
  let ksml: KsmlApi;
  let stop: () => Promise<void>;
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'client-test',
  };

  beforeAll(async () => {
    const env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'frontend-client');
    const backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlBackendPlugin,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary },
              cluster: testbedClusterConfig(env),
              namespace,
            },
          },
        }),
      ],
    });
    stop = () => backend.stop();
    const { port } = backend.server.address() as AddressInfo;

    const factory = [...ksmlPlugin.getApis()].find(
      api => api.api.id === ksmlApiRef.id,
    )!;
    ksml = factory.factory({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://localhost:${port}/api/${pluginId}`,
      },
      fetchApi: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              Authorization: `Bearer ${mockCredentials.user.token()}`,
            },
          }),
      },
    }) as KsmlApi;
  }, 60_000);

  afterAll(async () => {
    await stop?.();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the backend to refuse');
      },
      (error: ResponseError) => ({
        status: error.statusCode,
        name: error.body.error.name,
        message: error.body.error.message,
      }),
    );

  it('deploys, reads status, logs, history and apps, then undeploys', async () => {
    const deployed = await ksml.deploy({
      ...readmeDeployRequest,
      application: ref.application,
      replicas: 2,
    });
    expect(deployed.helm).toMatchObject({
      name: 'dizzl-sandbox-dev-client-test-ksml',
      namespace,
      revision: 1,
    });

    const running = await waitFor(
      async () => {
        const status = await ksml.status(ref);
        return status.kubernetes.status === 'Running' ? status : undefined;
      },
      { description: 'client-test Running', timeoutMs: 90_000 },
    );
    expect(running.kubernetes).toMatchObject({ replicas: 2, readyReplicas: 2 });

    const logs = await ksml.logs({ ...ref, tailLines: 2 });
    expect(logs.tailLines).toBe(2);
    expect(logs.logs.map(l => l.replicaName)).toEqual(['0', '1']);
    expect(logs.logs[0].lines.trim().split('\n')).toHaveLength(2);

    const history = await ksml.history(ref);
    expect(history[0]).toMatchObject({
      operation: 'deploy',
      outcome: 'succeeded',
      revision: 1,
      actor: 'user:default/mock',
    });
    const apps = await ksml.apps();
    expect(apps.map(app => app.release)).toContain(
      'dizzl-sandbox-dev-client-test-ksml',
    );

    const undeployed = await ksml.undeploy(ref);
    expect(undeployed.release).toBe('dizzl-sandbox-dev-client-test-ksml');
    expect(await refusal(ksml.status(ref))).toMatchObject({
      status: 404,
      name: 'NotFoundError',
    });
  }, 180_000);

  it('surfaces the backend refusals as ResponseErrors naming the field', async () => {
    expect(
      await refusal(ksml.deploy({ ...readmeDeployRequest, replicas: 500 })),
    ).toMatchObject({
      status: 400,
      name: 'InputError',
      message: expect.stringContaining('replicas: must be at most 50'),
    });
    expect(await refusal(ksml.logs({ ...ref, tailLines: 0 }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('tailLines: must be 1 or more'),
    });
    expect(
      await refusal(ksml.metrics({ ...ref, application: 'never-deployed' })),
    ).toMatchObject({ status: 404 });
  });
});
