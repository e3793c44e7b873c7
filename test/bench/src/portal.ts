import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  parseEnvFile,
  repoRoot,
  testbedEnvPath,
} from '@ksml-backstage/testbed';
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
  /** The backend process's resident set size in bytes (/proc). */
  rss(): number;
  stop(): Promise<void>;
}

/**
 * Starts the dev portal's backend (packages/backend, as `npm start` runs it: SQLite in memory,
 * every plugin) with one more environment, `environment`, on the test bed's cluster, and a
 * static access token for the benchmark's requests. Its log goes to `.ksml-portal/bench-backend.log`.
 */
export async function startPortal(options: {
  environment: string;
  namespace: string;
}): Promise<Portal> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const dir = join(repoRoot, '.ksml-portal');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'bench-config.yaml');
  writeFileSync(
    configFile,
    stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'ksml-bench' } },
          ],
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
  const testbed = parseEnvFile(readFileSync(testbedEnvPath(), 'utf8'));
  const log = openSync(join(dir, 'bench-backend.log'), 'w');
  const child: ChildProcess = spawn(
    'bash',
    [
      join(repoRoot, 'scripts/with-node.sh'),
      'node',
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
        // app-config.yaml's stag environment names a provisioner the benchmark does not start.
        KSML_PROVISIONER_USERNAME: 'unused',
        KSML_PROVISIONER_PASSWORD: 'unused',
      },
      stdio: ['ignore', log, log],
    },
  );
  const baseUrl = `http://localhost:${port}`;
  const call: Portal['call'] = async (method, path, body) => {
    const response = await fetch(`${baseUrl}/api/ksml${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed };
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `The backend exited with ${child.exitCode}; see .ksml-portal/bench-backend.log`,
      );
    const ready = await call('GET', '/apps').catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline)
      throw new Error('The backend did not answer within 240 s');
    await new Promise(r => setTimeout(r, 1000));
  }
  return {
    baseUrl,
    call,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb * 1024;
    },
    stop: () =>
      new Promise<void>(resolve => {
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
