import type * as k8s from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  cpuMillicores,
  memoryBytes,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { KsmlWorkloadObject } from '../status/mapStatus';
import { byPodName } from '../util/byPodName';
import { kubeStatusCode, translateKubeError } from './errors';
import { NamespaceApi } from './NamespaceApi';
import {
  KubeWorkloads,
  PodUsage,
  releaseSelector,
  RESTARTED_AT,
} from './roles';

/** {@link KubeWorkloads} over the API server: a release's workload, pods, events and claims. */
export class KubeWorkloadsApi implements KubeWorkloads {
  constructor(private readonly api: NamespaceApi) {}

  /** The release's StatefulSet or Job (StatefulSet first), or undefined when it has neither. */
  async readWorkload(release: string): Promise<KsmlWorkloadObject | undefined> {
    const { api } = this;
    return api.traced('readWorkload', { 'ksml.release': release }, async () => {
      const name = encodeURIComponent(release);
      const what = 'reading the workload';
      const [sts, job] = await Promise.all([
        api.orUndefined(
          () =>
            api.http.json<k8s.V1StatefulSet>(
              api.path('apps/v1', `statefulsets/${name}`),
            ),
          what,
        ),
        api.orUndefined(
          () => api.http.json<k8s.V1Job>(api.path('batch/v1', `jobs/${name}`)),
          what,
        ),
      ]);
      if (sts) return { kind: 'StatefulSet', object: sts };
      return job ? { kind: 'Job', object: job } : undefined;
    });
  }

  /** The release's pods, sorted by name (so StatefulSet ordinals come in order). */
  async listPods(release: string): Promise<k8s.V1Pod[]> {
    const { api } = this;
    return api.call(
      'listPods',
      { 'ksml.release': release },
      `listing the pods of ${release}`,
      async () => {
        const list = await api.http.json<k8s.V1PodList>(
          api.path('v1', 'pods'),
          {
            labelSelector: releaseSelector(release),
          },
        );
        return list.items.sort(byPodName);
      },
    );
  }

  async restartStatefulSet(release: string, at: Date): Promise<void> {
    const { api } = this;
    await api.call(
      'restartStatefulSet',
      { 'ksml.release': release },
      `restarting ${release}`,
      async () => {
        await api.http.mergePatch(
          api.path('apps/v1', `statefulsets/${encodeURIComponent(release)}`),
          {
            spec: {
              template: {
                metadata: { annotations: { [RESTARTED_AT]: at.toISOString() } },
              },
            },
          },
        );
      },
    );
  }

  async listEvents(objectNames: string[]): Promise<k8s.CoreV1Event[]> {
    const { api } = this;
    return api.call(
      'listEvents',
      { 'ksml.objects': objectNames.join(',') },
      'reading events',
      async () => {
        const lists = await Promise.all(
          objectNames.map(name =>
            api.http.json<{ items?: k8s.CoreV1Event[] }>(
              api.path('v1', 'events'),
              { fieldSelector: `involvedObject.name=${name}` },
            ),
          ),
        );
        return lists.flatMap(l => l.items ?? []);
      },
    );
  }

  async listClaims(release: string): Promise<string[]> {
    const { api } = this;
    return api.call(
      'listClaims',
      { 'ksml.release': release },
      `listing the storage of ${release}`,
      () => this.#claimNames(release),
    );
  }

  /**
   * Deletes the release's PersistentVolumeClaims (the StatefulSet's store claims, which Helm
   * leaves behind on uninstall); resolves with their names.
   */
  async deleteClaims(release: string): Promise<string[]> {
    const { api } = this;
    return api.call(
      'deleteClaims',
      { 'ksml.release': release },
      `deleting the storage of ${release}`,
      async () => {
        const names = await this.#claimNames(release);
        for (const name of names) {
          await api.http.delete(
            api.path(
              'v1',
              `persistentvolumeclaims/${encodeURIComponent(name)}`,
            ),
          );
        }
        return names;
      },
    );
  }

  /**
   * CPU and memory of the release's pods from metrics.k8s.io. A NotFoundError says why there
   * is nothing: the metrics API is not installed, or it has no figures for these pods yet.
   */
  async podUsage(release: string): Promise<PodUsage[]> {
    const { api } = this;
    return api.traced('podUsage', { 'ksml.release': release }, async () => {
      let list: {
        items?: Array<{
          metadata?: { name?: string };
          containers?: Array<{ usage?: Record<string, string> }>;
        }>;
      };
      try {
        list = await api.http.json(api.path('metrics.k8s.io/v1beta1', 'pods'), {
          labelSelector: releaseSelector(release),
        });
      } catch (error) {
        const code = kubeStatusCode(error);
        if (code === 404 || code === 503) {
          throw withReason(
            new NotFoundError(
              'Metrics are not available: the cluster has no working metrics.k8s.io API (install metrics-server)',
            ),
            'MetricsUnavailable',
          );
        }
        throw translateKubeError(error, 'reading pod metrics', api.cluster);
      }
      return (list.items ?? []).map(item => ({
        pod: item.metadata?.name ?? '',
        cpuMillicores: sum(item.containers, c =>
          cpuMillicores(c.usage?.cpu ?? '0'),
        ),
        memoryBytes: sum(item.containers, c =>
          memoryBytes(c.usage?.memory ?? '0'),
        ),
      }));
    });
  }

  /** The names of the release's claims. */
  async #claimNames(release: string): Promise<string[]> {
    const { api } = this;
    const claims = await api.http.json<{
      items?: k8s.V1PersistentVolumeClaim[];
    }>(api.path('v1', 'persistentvolumeclaims'), {
      labelSelector: releaseSelector(release),
    });
    return (claims.items ?? [])
      .map(c => c.metadata?.name ?? '')
      .filter(Boolean);
  }
}

function sum<T>(items: T[] | undefined, value: (item: T) => number): number {
  return (items ?? []).reduce((total, item) => total + value(item), 0);
}
