import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { HelmResult, HelmTimeoutError } from './errors';

/** How long a helm process has after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 5_000;

/**
 * The environment helm runs with: a private helm home (so logins and caches never touch the
 * user's), PATH, and what an in-cluster helm or a proxy needs; nothing else of this process.
 */
export function helmEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(home, 'repository'),
    // In a pod without a kubeconfig, helm falls back to the service account.
    ...pick(process.env, [
      'KUBERNETES_SERVICE_HOST',
      'KUBERNETES_SERVICE_PORT',
      'HTTPS_PROXY',
      'NO_PROXY',
    ]),
  };
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter(k => env[k] !== undefined).map(k => [k, env[k]!]),
  );
}

/**
 * Runs helm in a process group of its own, so that a helm past its time is ended with
 * everything it started (a post-renderer): SIGTERM to the group, SIGKILL 5 s later, and the
 * HelmTimeoutError only once the process is gone.
 */
export function spawnHelm(
  binary: string,
  args: string[],
  options: { input?: string; timeoutMs: number; env: Record<string, string> },
): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      grace = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', error => {
      clearTimeout(timer);
      clearTimeout(grace);
      reject(new Error(`Could not run helm (${binary}): ${error.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(grace);
      // Whatever the group still holds goes with helm.
      killGroup('SIGKILL');
      if (timedOut) {
        reject(
          new HelmTimeoutError(
            `helm ${args[0]} did not finish within ${
              options.timeoutMs / 1000
            } s and was stopped`,
          ),
        );
      } else {
        resolve({ code: code ?? -1, stdout, stderr });
      }
    });
    child.stdin.end(options.input ?? '');
  });
}
