import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { HelmRecordState, recordStates } from '../helm/interruptedRelease';
import {
  decodeHelmRecord,
  decodeHelmRecordJson,
  HelmReleaseJson,
  helmRecordSelector,
  HelmRecordSecret,
  newestRecord,
} from '../helm/releaseRecords';
import { METADATA_ONLY } from './KubeHttp';
import { NamespaceApi } from './NamespaceApi';
import { KubeHelmRecords } from './roles';

/** {@link KubeHelmRecords} over the API server: Helm's record Secrets, read without helm. */
export class KubeHelmRecordsApi implements KubeHelmRecords {
  constructor(private readonly api: NamespaceApi) {}

  async readHelmRevisions(release: string): Promise<HelmReleaseJson[]> {
    const { api } = this;
    return api.call(
      'readHelmRevisions',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => {
        const list = await api.http.json<{ items?: HelmRecordSecret[] }>(
          api.path('v1', 'secrets'),
          { labelSelector: helmRecordSelector(release) },
        );
        return (list.items ?? [])
          .map(decodeHelmRecordJson)
          .sort((a, b) => b.version - a.version);
      },
    );
  }

  async readHelmRelease(release: string): Promise<KsmlHelmRelease | undefined> {
    const { api } = this;
    return api.call(
      'readHelmRelease',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => {
        // Labels first (every revision), then the one newest record's payload.
        const newest = newestRecord(await this.#recordLabels(release));
        const name = newest?.metadata?.name;
        if (!name) return undefined;
        return decodeHelmRecord(
          await api.http.json<HelmRecordSecret>(
            api.path('v1', `secrets/${encodeURIComponent(name)}`),
          ),
        );
      },
    );
  }

  async helmRecords(release: string): Promise<HelmRecordState[]> {
    return this.api.call(
      'helmRecords',
      { 'ksml.release': release },
      `reading Helm's records of ${release}`,
      async () => recordStates(await this.#recordLabels(release)),
    );
  }

  /** Every revision's record Secret of a release, metadata only. */
  async #recordLabels(release: string): Promise<HelmRecordSecret[]> {
    const list = await this.api.http.json<{ items?: HelmRecordSecret[] }>(
      this.api.path('v1', 'secrets'),
      { labelSelector: helmRecordSelector(release) },
      METADATA_ONLY.list,
    );
    // An empty metadata-only list comes with `items: null`.
    return list.items ?? [];
  }
}
