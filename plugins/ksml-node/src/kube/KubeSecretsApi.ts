import type * as k8s from '@kubernetes/client-node';
import { NamespaceApi } from './NamespaceApi';
import { KubeSecrets } from './roles';

/** {@link KubeSecrets} over the API server: the namespace's Secrets. */
export class KubeSecretsApi implements KubeSecrets {
  constructor(private readonly api: NamespaceApi) {}

  async readSecret(name: string): Promise<k8s.V1Secret | undefined> {
    const { api } = this;
    const what = `reading the Secret ${name}`;
    return api.traced('readSecret', { 'k8s.secret.name': name }, () =>
      api.orUndefined(
        () => api.http.json<k8s.V1Secret>(this.#secretPath(name)),
        what,
      ),
    );
  }

  async writeSecret(secret: {
    name: string;
    labels: Record<string, string>;
    data: Record<string, string>;
    resourceVersion?: string;
  }): Promise<k8s.V1Secret> {
    const { api } = this;
    const body: k8s.V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: secret.name,
        namespace: api.namespace,
        labels: secret.labels,
        ...(secret.resourceVersion
          ? { resourceVersion: secret.resourceVersion }
          : {}),
      },
      // base64 here rather than stringData: what is stored is exactly what was sent.
      data: Object.fromEntries(
        Object.entries(secret.data).map(([k, v]) => [
          k,
          Buffer.from(v, 'utf8').toString('base64'),
        ]),
      ),
    };
    return api.call(
      'writeSecret',
      { 'k8s.secret.name': secret.name },
      `writing the Secret ${secret.name}`,
      () =>
        secret.resourceVersion
          ? api.http.replace<k8s.V1Secret>(this.#secretPath(secret.name), body)
          : api.http.create<k8s.V1Secret>(api.path('v1', 'secrets'), body),
    );
  }

  async deleteSecret(name: string): Promise<boolean> {
    return this.api.call(
      'deleteSecret',
      { 'k8s.secret.name': name },
      `deleting the Secret ${name}`,
      () => this.api.http.delete(this.#secretPath(name)),
    );
  }

  #secretPath(name: string): string {
    return this.api.path('v1', `secrets/${encodeURIComponent(name)}`);
  }
}
