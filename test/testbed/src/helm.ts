import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestbedEnv } from './env';
import { ProcessResult, runProcess } from './process';

/** What a finished helm process left behind. */
export type HelmResult = ProcessResult;

/** Options for {@link runHelm}. */
export interface RunHelmOptions {
  /** Written to helm's stdin (e.g. a password for `--password-stdin`). */
  input?: string;
  /** A private helm home (registry config, cache), so tests do not share logins. */
  home: string;
  kubeconfig?: string;
}

/**
 * Runs the test bed's helm binary with an argument array (never a shell string).
 * Resolves with the exit code and output; it does not throw on a non-zero exit.
 */
export function runHelm(
  env: TestbedEnv,
  args: string[],
  options: RunHelmOptions,
): Promise<HelmResult> {
  return runProcess(env.helmBinary, args, {
    env: {
      PATH: process.env.PATH,
      HOME: options.home,
      KUBECONFIG: options.kubeconfig ?? env.kubeconfig,
      HELM_REGISTRY_CONFIG: join(options.home, 'registry.json'),
      HELM_CACHE_HOME: join(options.home, 'cache'),
      HELM_CONFIG_HOME: join(options.home, 'config'),
      HELM_DATA_HOME: join(options.home, 'data'),
    },
    input: options.input,
  });
}

/** Returns the result of a helm run that must have succeeded; throws with its stderr if not. */
export function mustSucceed(result: HelmResult, what: string): HelmResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} failed with exit code ${result.code}: ${result.stderr.trim()}`,
    );
  }
  return result;
}

/** A throwaway helm home folder; remove it with the returned `cleanup`. */
export async function tempHelmHome(): Promise<{
  home: string;
  cleanup: () => Promise<void>;
}> {
  const home = await mkdtemp(join(tmpdir(), 'ksml-helm-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** Runs helm with a throwaway home folder, removed afterwards. */
export async function runHelmOnce(
  env: TestbedEnv,
  args: string[],
): Promise<HelmResult> {
  const { home, cleanup } = await tempHelmHome();
  try {
    return await runHelm(env, args, { home });
  } finally {
    await cleanup();
  }
}

/** The names of every Helm release in a namespace, whatever its state (`helm list -a -q`). */
export async function helmReleasesIn(
  env: TestbedEnv,
  namespace: string,
): Promise<string[]> {
  const list = mustSucceed(
    await runHelmOnce(env, ['list', '-a', '-q', '-n', namespace]),
    `helm list in ${namespace}`,
  );
  return list.stdout.split('\n').filter(Boolean);
}

/** `helm registry login` with the password on stdin (never in argv). */
export function registryLogin(
  env: TestbedEnv,
  home: string,
  options: { password?: string; tls?: 'ca' | 'insecure' | 'system' } = {},
): Promise<HelmResult> {
  return runHelm(
    env,
    [
      'registry',
      'login',
      env.registry.host,
      '--username',
      env.registry.username,
      '--password-stdin',
      ...tlsArgs(env, options.tls ?? 'ca'),
    ],
    { home, input: options.password ?? env.registry.password },
  );
}

/** TLS options for helm: trust the test bed CA, skip verification, or the system trust only. */
export function tlsArgs(
  env: TestbedEnv,
  tls: 'ca' | 'insecure' | 'system',
): string[] {
  if (tls === 'ca') return ['--ca-file', env.registry.caFile];
  if (tls === 'insecure') return ['--insecure-skip-tls-verify'];
  return [];
}
