import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { TestbedKube, waitFor } from '@ksml-backstage/testbed';
import { mapConcurrently } from '@ksml-backstage/plugin-ksml-node';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

const APPS = 50;
const CONCURRENT = 200;
/** Heap the backend may keep after a burst, beyond what it held before (after a full GC). */
const HEAP_GROWTH_BOUND = 32 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// Load through the real backend on the test bed: 50 apps deployed, then 200 status and logs
// requests at once, twice over. None may fail, and the memory they leave behind is bounded.
describe(`${CONCURRENT} concurrent status and logs requests over ${APPS} apps`, () => {
  let kube: TestbedKube;
  let namespace: string;
  let server: TestbedBackend['server'];
  let stopBackend: () => Promise<void>;
  const apps = Array.from({ length: APPS }, (_, i) => `load-${i}`);
  const query = (application: string) =>
    new URLSearchParams({
      tenant: readmeDeployRequest.tenant,
      instance: readmeDeployRequest.instance,
      environment: 'dev',
      application,
    }).toString();

  beforeAll(async () => {
    const backend = await startTestbedBackend({
      namespacePrefix: 'load',
    });
    ({ kube, namespace, server } = backend);
    stopBackend = backend.stop;
    await mapConcurrently(apps, 8, async application => {
      const res = await request(server)
        .post('/api/ksml/deploy')
        .send({ ...readmeDeployRequest, application });
      if (res.status !== 200)
        throw new Error(`deploy ${application}: ${res.status} ${res.text}`);
    });
    // Every app Running (its pod has started and logs), so each answer is a full one.
    await waitFor(
      async () => {
        const pods = await kube.core.listNamespacedPod({
          namespace,
          labelSelector: 'app.kubernetes.io/name=ksml',
        });
        return (
          pods.items.filter(p => p.status?.phase === 'Running').length ===
            APPS || undefined
        );
      },
      { description: `${APPS} pods running`, timeoutMs: 120_000 },
    );
  }, 300_000);

  afterAll(async () => {
    await stopBackend?.();
  }, 60_000);

  /** Half status, half logs (all replicas, 100 lines), spread over the apps, all at once. */
  const burst = () =>
    Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const app = apps[i % APPS];
        const route = i % 2 ? ('status' as const) : ('logs' as const);
        const res = await request(server).get(
          `/api/ksml/${route}?${query(app)}${
            route === 'logs' ? '&tailLines=100' : ''
          }`,
        );
        return { route, app, status: res.status, body: res.body };
      }),
    );

  it('answers every request, and keeps no more memory than a bounded amount', async () => {
    await burst(); // warm: connections, caches, code paths
    const before = heapAfterGc();
    const results = [...(await burst()), ...(await burst())];
    const growth = heapAfterGc() - before;
    // For the record in the test's output: docs/reliability.md quotes it.
    process.stdout.write(
      `${results.length} requests, heap growth ${Math.round(
        growth / 1024,
      )} KiB\n`,
    );

    const bodies = {
      status: expect.objectContaining({
        kubernetes: expect.objectContaining({ status: 'Running' }),
      }),
      logs: {
        tailLines: 100,
        logs: [
          {
            replicaName: '0',
            lines: expect.stringContaining('Starting KSML Runner'),
          },
        ],
      },
    };
    expect(results).toEqual(
      results.map(({ route, app }) => ({
        route,
        app,
        status: 200,
        body: bodies[route],
      })),
    );
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
  }, 120_000);
});
