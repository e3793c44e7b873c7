import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadTestbedEnv,
  repoRoot,
  startDevPortal,
} from '@ksml-backstage/testbed';
import { Agent, request } from 'undici';

/** The dev portal's backend, run for the benchmark, and how to call it. */
export interface Portal {
  baseUrl: string;
  /** GET or POST on `/api/ksml`; resolves with the status and parsed body. */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /**
   * The backend's memory after a full garbage collection: resident set size and V8 heap in
   * use, in bytes (see memoryProbe.cjs).
   */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/**
 * Starts the dev portal's backend (packages/backend, as `npm start` runs it, every plugin) on
 * the test bed's PostgreSQL, with one more environment, `environment`, on the test bed's
 * cluster; requests are made as the portal's guest user. Its log goes to
 * `.ksml-portal/bench-backend.log`.
 */
export async function startPortal(options: {
  environment: string;
  namespace: string;
}): Promise<Portal> {
  const memoryFile = join(repoRoot, '.ksml-portal', 'bench-memory.json');
  const portal = await startDevPortal({
    name: 'bench',
    config: port => ({
      // The backend serves the app's bundle too (packages/app/dist), for the fleet page's
      // measure in a browser.
      app: { baseUrl: `http://localhost:${port}` },
      backend: {
        baseUrl: `http://localhost:${port}`,
        cors: { origin: `http://localhost:${port}` },
        listen: { port },
        // PostgreSQL (the test bed's), as a production portal runs: the dev portal's SQLite
        // driver is synchronous, so every query of every plugin stalls the event loop. A
        // prefix of this run's own gives every plugin fresh databases.
        database: {
          client: 'pg',
          connection: loadTestbedEnv().postgres.url,
          prefix: `bench_${port}_`,
        },
      },
      ksml: {
        environments: {
          [options.environment]: { namespace: options.namespace },
        },
        // The benchmark's apps have no catalog entities: without an owner to check, the dev
        // portal's ownership rule would refuse their logs.
        permissions: { unownedApps: 'all' },
      },
    }),
    nodeFlags: [
      '--expose-gc',
      // Extra V8 flags for a look inside, e.g. KSML_BENCH_NODE_FLAGS=--trace-gc.
      ...(process.env.KSML_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      '--require',
      join(repoRoot, 'test/bench/src/memoryProbe.cjs'),
    ],
    env: {
      KSML_BENCH_MEMORY_FILE: memoryFile,
      // app-config.yaml's stag environment names a provisioner the benchmark does not start.
      KSML_PROVISIONER_USERNAME: 'unused',
      KSML_PROVISIONER_PASSWORD: 'unused',
    },
  });
  // Requests carry a signed-in user's token, as the KSML tab's do (the dev portal's guest), so
  // they pay for what a user's request pays: token verification and the permission check.
  let token = await portal.signIn();
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const call: Portal['call'] = async (method, path, body) => {
    for (let attempt = 1; ; attempt++) {
      // undici's request, not fetch: a lighter client, so the 50-client figures measure the
      // backend more than the load generator.
      const response = await request(`${portal.baseUrl}/api/ksml${path}`, {
        method,
        dispatcher: agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.body.text();
      if (response.statusCode === 401 && attempt === 1) {
        token = await portal.signIn(); // the guest token expires after an hour
        continue;
      }
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: response.statusCode, body: parsed };
    }
  };
  return {
    baseUrl: portal.baseUrl,
    call,
    memory: async () => {
      const asked = Date.now();
      portal.child.kill('SIGUSR2');
      for (let i = 0; i < 100; i++) {
        await new Promise(r => setTimeout(r, 100));
        try {
          const usage = JSON.parse(readFileSync(memoryFile, 'utf8'));
          if (usage.at >= asked) return usage;
        } catch {
          /* not written yet */
        }
      }
      throw new Error(
        'The backend did not report its memory (memoryProbe.cjs)',
      );
    },
    stop: async () => {
      await agent.close();
      await portal.stop();
    },
  };
}
