import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseEnvFile, repoRoot, testbedEnvPath } from './env';
import { freePort } from './net';

/** The dev portal's backend, started by a test or the benchmark, and how to call it. */
export interface DevPortal {
  /** `http://localhost:<port>`: the backend, and the app when it serves the app's bundle. */
  baseUrl: string;
  /** Its log: `.ksml-portal/<name>-backend.log`. */
  logFile: string;
  /** A Backstage token from a sign-in provider that needs no login (default `guest`). */
  signIn(provider?: string): Promise<string>;
  /** The backend process, e.g. to signal it. */
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Options of {@link startDevPortal}. */
export interface DevPortalOptions {
  /** Names the log and config files under `.ksml-portal/`. */
  name: string;
  /**
   * Configuration for the port the backend gets: written to `.ksml-portal/<name>-config.yaml`
   * and given after `configFiles` (so it wins where keys meet).
   */
  config: (port: number) => Record<string, unknown>;
  /** Config files before it, relative to packages/backend (default: the dev portal's own). */
  configFiles?: string[];
  /** Node flags before the backend's entry point (e.g. `--expose-gc`). */
  nodeFlags?: string[];
  /** More environment variables for the backend. */
  env?: Record<string, string>;
  /** How long the backend may take to answer its readiness check (default 240 s). */
  readyTimeoutMs?: number;
}

/** Ports tried before giving up, when another process takes the one picked first. */
const PORT_ATTEMPTS = 3;

/** The backend could not listen: its port was taken between picking it and listening. */
class PortTakenError extends Error {}

/**
 * Starts the dev portal's backend (packages/backend as `npm start` runs it: every plugin, the
 * test bed's values from .testbed/env in its environment) on a free port with the given
 * configuration, and waits until it is ready and signs a guest in. A free port is only free
 * when picked: when another process takes it before the backend listens, it starts again on
 * another one.
 */
export async function startDevPortal(
  options: DevPortalOptions,
): Promise<DevPortal> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(options, await freePort());
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= PORT_ATTEMPTS)
        throw error;
    }
  }
}

async function startOnPort(
  options: DevPortalOptions,
  port: number,
): Promise<DevPortal> {
  const dir = join(repoRoot, '.ksml-portal');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, `${options.name}-config.yaml`);
  writeFileSync(configFile, stringify(options.config(port)), { mode: 0o600 });
  const logFile = join(dir, `${options.name}-backend.log`);
  const log = openSync(logFile, 'w');
  const testbed = parseEnvFile(readFileSync(testbedEnvPath(), 'utf8'));
  const configArgs = [
    ...(options.configFiles ?? ['../../app-config.yaml']),
    configFile,
  ].flatMap(file => ['--config', file]);
  const child = spawn(
    'bash',
    [
      join(repoRoot, 'scripts/with-node.sh'),
      'node',
      ...(options.nodeFlags ?? []),
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...configArgs,
    ],
    {
      cwd: join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        ...testbed,
        NODE_ENV: 'development',
        ...options.env,
      },
      stdio: ['ignore', log, log],
    },
  );
  const baseUrl = `http://localhost:${port}`;
  const signIn = async (provider = 'guest') => {
    const response = await fetch(`${baseUrl}/api/auth/${provider}/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!response.ok)
      throw new Error(`${provider} sign-in: ${response.status}`);
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    return body.backstageIdentity.token;
  };
  const stop = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  const timeoutMs = options.readyTimeoutMs ?? 240_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `The backend exited with ${child.exitCode}; see ${logFile}`,
      );
    }
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok && signIn().then(() => true))
      .catch(() => false);
    if (ready) break;
    // Backstage logs a failed listen and keeps running: it would never be ready.
    if (readFileSync(logFile, 'utf8').includes(`EADDRINUSE`)) {
      await stop();
      throw new PortTakenError(`port ${port} was taken; see ${logFile}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The backend was not ready within ${
          timeoutMs / 1000
        } s; see ${logFile}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return { baseUrl, logFile, signIn, child, stop };
}
