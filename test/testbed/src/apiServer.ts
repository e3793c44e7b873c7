import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { TestbedEnv } from './env';
import { connectKubeAt } from './kube';
import { freePort } from './net';
import { waitFor } from './poll';

/** A kube-apiserver of one's own on the test bed's etcd, to stop and start at will. */
export interface OwnApiServer {
  /** A kubeconfig (the test bed's credentials) pointing at this API server only. */
  kubeconfig: string;
  /** `https://127.0.0.1:PORT` */
  server: string;
  /** Kills the API server (SIGKILL: connections drop as in a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves when it is ready. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as a hung server. */
  freeze(): void;
  /** Lets a frozen API server go on (SIGCONT). */
  thaw(): void;
  /** Stops it and removes its files. */
  dispose(): Promise<void>;
}

/**
 * Starts a second kube-apiserver on the test bed's etcd, the way a highly available control
 * plane runs several: same flags as the test bed's own (read from kwokctl's config), its own
 * port. Tests that stop the API server stop this one, so suites running meanwhile on the shared
 * test bed are not disturbed.
 */
export async function startOwnApiServer(
  env: TestbedEnv,
): Promise<OwnApiServer> {
  const clusters = join(env.dir, 'kwok', 'clusters');
  const [cluster] = readdirSync(clusters);
  // kwokctl's config: several documents, one of them (kind KwokctlConfiguration) lists the
  // components it runs with their flags.
  const documents = parseAllDocuments(
    readFileSync(join(clusters, cluster, 'kwok.yaml'), 'utf8'),
  ).map(
    d =>
      d.toJS() as {
        components?: Array<{ name: string; binary: string; args: string[] }>;
      },
  );
  const component = documents
    .flatMap(d => d?.components ?? [])
    .find(c => c.name === 'kube-apiserver');
  if (!component) throw new Error('kwokctl config has no kube-apiserver');
  const port = await freePort();
  const args = component.args
    .filter(a => !/^--(secure-port|bind-address)=/.test(a))
    .concat([`--secure-port=${port}`, '--bind-address=127.0.0.1']);
  const dir = await mkdtemp(join(tmpdir(), 'ksml-apiserver-'));
  const server = `https://127.0.0.1:${port}`;
  const kubeconfig = parse(readFileSync(env.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: { server: string } }>;
  };
  for (const c of kubeconfig.clusters) c.cluster.server = server;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, stringify(kubeconfig), { mode: 0o600 });

  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(component.binary, args, {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const kube = await connectKubeAt(kubeconfigPath, env.kubeContext);
    await waitFor(
      () =>
        kube.core
          .listNamespace({ limit: 1 })
          .then(() => true)
          .catch(() => undefined),
      { description: 'the second kube-apiserver to answer', timeoutMs: 60_000 },
    );
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>(resolve => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    kubeconfig: kubeconfigPath,
    server,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
