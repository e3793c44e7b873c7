import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { TestbedEnv, waitFor } from '@ksml-backstage/testbed';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// Live logs through the real backend on the test bed: the pods of the app `live-log` print the
// test bed's live log (kwok follows the file), so lines the test appends while the stream is
// open are what the replicas "write".
describe('live logs (GET /logs/follow)', () => {
  let env: TestbedEnv;
  let server: TestbedBackend['server'];
  let stopBackend: () => Promise<void>;
  const app = { ...readmeDeployRequest, application: 'live-log', replicas: 2 };
  const q = new URLSearchParams({
    tenant: app.tenant,
    instance: app.instance,
    environment: 'dev',
    application: app.application,
  }).toString();

  beforeAll(async () => {
    const backend = await startTestbedBackend({
      namespacePrefix: 'live-logs',
      ksml: {
        liveLogs: { maxPerUser: 1 },
      },
    });
    ({ env, server } = backend);
    stopBackend = backend.stop;
    const deployed = await request(server).post('/api/ksml/deploy').send(app);
    if (deployed.status !== 200)
      throw new Error(`deploy: ${deployed.status} ${deployed.text}`);
    await waitFor(
      async () => {
        const res = await request(server).get(`/api/ksml/status?${q}`);
        return res.body.kubernetes?.status === 'Running' || undefined;
      },
      { description: 'live-log Running', timeoutMs: 90_000 },
    );
  }, 150_000);

  afterAll(async () => {
    await stopBackend?.();
  }, 60_000);

  /** Opens the stream with fetch, as the browser does, collecting its events. */
  const follow = async () => {
    const { port } = server.address() as AddressInfo;
    const closed = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${port}/api/ksml/logs/follow?${q}&tailLines=1`,
      { signal: closed.signal },
    );
    const lines: Array<{ replica: string; line: string }> = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as any as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          const events = buffer.split('\n\n');
          buffer = events.pop() ?? '';
          for (const event of events) {
            const data = event.split('\n').find(l => l.startsWith('data: '));
            if (data) lines.push(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        // aborted by the test
      }
    })();
    return {
      response,
      lines,
      close: async () => {
        closed.abort();
        await reading;
      },
    };
  };

  it('delivers the lines written while it is open, from both replicas, and closes cleanly', async () => {
    const stream = await follow();
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain(
      'text/event-stream',
    );
    // The tail first: each replica's last line.
    await waitFor(
      async () =>
        new Set(stream.lines.map(l => l.replica)).size === 2 || undefined,
      { description: 'the tail of both replicas', timeoutMs: 15_000 },
    );

    const marker = `live ${Date.now()}`;
    appendFileSync(
      env.liveLog,
      `${new Date().toISOString()} stdout F ${new Date().toISOString()} [main] INFO  ksml - ${marker}\n`,
    );
    const seen = await waitFor(
      async () => {
        const replicas = stream.lines
          .filter(l => l.line.includes(marker))
          .map(l => l.replica)
          .sort();
        return replicas.length >= 2 ? replicas : undefined;
      },
      {
        description: 'the appended line from both replicas',
        timeoutMs: 20_000,
      },
    );
    expect(seen).toEqual(['0', '1']);

    // A second stream of the same user passes the bound: 429 naming it.
    const second = await request(server).get(`/api/ksml/logs/follow?${q}`);
    expect(second.status).toBe(429);
    expect(second.body.error.reason).toBe('TooManyStreams');
    expect(second.body.error.message).toContain('You follow 1 logs already');

    await stream.close();
    // The slot is freed once the client has gone: a new stream is let in.
    const again = await waitFor(
      async () => {
        const next = await follow();
        if (next.response.status === 200) return next;
        await next.close();
        return undefined;
      },
      { description: 'a new stream after closing', timeoutMs: 10_000 },
    );
    await again.close();
  }, 90_000);

  it('answers 404 for an app with no pods, before any stream begins', async () => {
    const res = await request(server).get(
      `/api/ksml/logs/follow?${q.replace('live-log', 'no-such-app')}`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('NoPods');
    expect(res.body.error.message).toContain('No pods found');
  });
});
