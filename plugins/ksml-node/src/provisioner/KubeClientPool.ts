import type { ClusterTarget } from '../cluster/ClusterTarget';
import type { KsmlKubeClient } from '../kube/roles';

/**
 * One Kubernetes client per cluster target (cluster and namespace), made on first use and kept:
 * each holds its connections and its watch-backed caches. A client that could not be made is
 * forgotten, so the next use tries again.
 */
export class KubeClientPool {
  readonly #connect: (target: ClusterTarget) => Promise<KsmlKubeClient>;
  readonly #clients = new Map<string, Promise<KsmlKubeClient>>();

  constructor(connect: (target: ClusterTarget) => Promise<KsmlKubeClient>) {
    this.#connect = connect;
  }

  /** The target's client, made now if it is the first use. */
  get(target: ClusterTarget): Promise<KsmlKubeClient> {
    const key = JSON.stringify(target);
    let client = this.#clients.get(key);
    if (!client) {
      client = this.#connect(target);
      this.#clients.set(key, client);
      client.catch(() => this.#clients.delete(key));
    }
    return client;
  }

  /** Closes every client (its watches and connections) and forgets them. */
  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(
      clients.map(client =>
        client.then(c => c.close?.()).catch(() => undefined),
      ),
    );
  }
}
