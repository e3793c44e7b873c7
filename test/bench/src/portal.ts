import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  parseEnvFile,
  repoRoot,
  testbedEnvPath,
} from '@ksml-backstage/testbed';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';

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
 * Starts the dev portal's backend (packages/backend, as `npm start` runs it: SQLite in memory,
 * every plugin) with one more environment, `environment`, on the test bed's cluster; requests
 * are made as the portal's guest user. Its log goes to `.ksml-portal/bench-backend.log`.
 */
export async function startPortal(options: {
  environment: string;
  namespace: string;
}): Promise<Portal> {
  const port = await freePort();
  const dir = join(repoRoot, '.ksml-portal');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'bench-config.yaml');
  const testbed = parseEnvFile(readFileSync(testbedEnvPath(), 'utf8'));
  writeFileSync(
    configFile,
    stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        // PostgreSQL (the test bed's), as a production portal runs: the dev portal's SQLite
        // driver is synchronous, so every query of every plugin stalls the event loop. A
        // prefix of this run's own gives every plugin fresh databases.
        database: {
          client: 'pg',
          connection: testbed.KSML_POSTGRES_URL,
          prefix: `bench_${port}_`,
        },
      },
      ksml: {
        environments: {
          [options.environment]: { namespace: options.namespace },
        },
      },
    }),
    { mode: 0o600 },
  );
  const log = openSync(join(dir, 'bench-backend.log'), 'w');
  const memoryFile = join(dir, 'bench-memory.json');
  const child: ChildProcess = spawn(
    'bash',
    [
      join(repoRoot, 'scripts/with-node.sh'),
      'node',
      '--expose-gc',
      '--require',
      join(repoRoot, 'test/bench/src/memoryProbe.cjs'),
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        ...testbed,
        NODE_ENV: 'development',
        KSML_BENCH_MEMORY_FILE: memoryFile,
        // app-config.yaml's stag environment names a provisioner the benchmark does not start.
        KSML_PROVISIONER_USERNAME: 'unused',
        KSML_PROVISIONER_PASSWORD: 'unused',
      },
      stdio: ['ignore', log, log],
    },
  );
  const baseUrl = `http://localhost:${port}`;
  // Requests carry a signed-in user's token, as the KSML tab's do (the dev portal's guest), so
  // they pay for what a user's request pays: token verification and the permission check.
  let token: string | undefined;
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const signIn = async () => {
    const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!response.ok) throw new Error(`guest sign-in: ${response.status}`);
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    token = body.backstageIdentity.token;
  };
  const call: Portal['call'] = async (method, path, body) => {
    for (let attempt = 1; ; attempt++) {
      // undici's request, not fetch: a lighter client, so the 50-client figures measure the
      // backend more than the load generator.
      const response = await request(`${baseUrl}/api/ksml${path}`, {
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
        await signIn(); // the guest token expires after an hour
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
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `The backend exited with ${child.exitCode}; see .ksml-portal/bench-backend.log`,
      );
    const ready = await signIn()
      .then(() => call('GET', '/apps'))
      .catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline)
      throw new Error('The backend did not answer within 240 s');
    await new Promise(r => setTimeout(r, 1000));
  }
  return {
    baseUrl,
    call,
    memory: async () => {
      const asked = Date.now();
      child.kill('SIGUSR2');
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
    stop: () =>
      new Promise<void>(resolve => {
        void agent.close();
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}
