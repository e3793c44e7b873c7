import type { V1Pod } from '@kubernetes/client-node';
import type { KsmlLogLine } from '@ksml-backstage/plugin-ksml-common';
import type { KubeLogs, KubeWorkloads } from '../kube/roles';

/** Options of {@link followLogs}. */
export interface FollowLogsOptions {
  /** Lines of each replica's log to start from. */
  tailLines: number;
  /** Ends the following: every stream is closed. */
  signal: AbortSignal;
  /** Called with each line as it is written, tagged with its replica. */
  onLine(line: KsmlLogLine): void;
  /** The name a replica is shown with (the StatefulSet ordinal), from its pod's name. */
  replicaOf(pod: string): string;
  /** How often the release's pods are listed to attach to new ones; default 2 s. */
  podsIntervalMs?: number;
}

/**
 * Follows the `ksml` container log of every replica of a release at once until `signal`
 * aborts. A replica that is replaced (a new pod, a new UID) is attached to as soon as it runs;
 * a stream that ends while its pod lives on (a restarted container) is
 * attached to again from then on. Resolves when aborted; rejects when the release's pods
 * cannot be listed at all.
 */
export async function followLogs(
  kube: KubeLogs & Pick<KubeWorkloads, 'listPods'>,
  release: string,
  options: FollowLogsOptions,
): Promise<void> {
  const { signal } = options;
  const interval = options.podsIntervalMs ?? 2_000;
  /** Streams open now, by pod UID. */
  const open = new Set<string>();
  /** Pods followed before: attached to again, they start from new lines only. */
  const seen = new Set<string>();

  const attach = (pod: V1Pod) => {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? '';
    const name = pod.metadata?.name ?? '';
    const replica = options.replicaOf(name);
    // A pod followed before (its container restarted) from new lines only.
    const tailLines = seen.has(uid) ? 0 : options.tailLines;
    open.add(uid);
    seen.add(uid);
    void (async () => {
      try {
        const stream = await kube.streamLog(name, { tailLines, signal });
        let rest = '';
        for await (const chunk of stream) {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) options.onLine({ replica, line });
        }
        if (rest) options.onLine({ replica, line: rest });
      } catch {
        // The pod went away, or the stream broke: the next listing attaches again.
      } finally {
        open.delete(uid);
      }
    })();
  };

  while (!signal.aborted) {
    const pods = await kube.listPods(release);
    for (const pod of pods) {
      const uid = pod.metadata?.uid ?? pod.metadata?.name ?? '';
      const running = pod.status?.phase === 'Running';
      if (running && !pod.metadata?.deletionTimestamp && !open.has(uid))
        attach(pod);
    }
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, interval);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
