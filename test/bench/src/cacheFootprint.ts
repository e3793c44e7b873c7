import { KubeClient } from '@ksml-backstage/plugin-ksml-node';
import { TestbedEnv } from '@ksml-backstage/testbed';

/**
 * The watch-backed cache's own memory, measured in this process apart from the rest of the
 * backend: V8 heap in use after a full GC, before and after a cache of the namespace has listed
 * everything and decoded every release's newest Helm record. Needs `node --expose-gc`.
 */
export async function cacheFootprint(
  env: TestbedEnv,
  namespace: string,
  releases: string[],
): Promise<{ bytes: number; counts: Record<string, number> }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const client = await KubeClient.create({
    namespace,
    kubeconfigPath: env.kubeconfig,
    context: env.kubeContext,
  });
  try {
    const before = heap();
    const cache = client.cache();
    if (!(await cache.whenFresh(60_000)))
      throw new Error('the cache did not become fresh within 60 s');
    for (const release of releases) await cache.read(release);
    const after = heap();
    return { bytes: after - before, counts: cache.counts() };
  } finally {
    await client.close();
  }
}
