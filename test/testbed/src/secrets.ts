import { gunzipSync } from 'node:zlib';
import { TestbedKube } from './kube';

/** A Helm release record as Helm stores it (driver "secret"), decoded. */
export interface HelmReleaseRecord {
  name: string;
  version: number;
  /** The user-supplied values of that revision. */
  config: Record<string, unknown>;
  /** The manifest Helm applied (after post-rendering). */
  manifest: string;
  /** The whole decoded record, as JSON text (chart files included). */
  json: string;
}

/**
 * Every Helm release record in a namespace, read as Helm stores them: Secrets labelled
 * `owner=helm`, whose `release` key holds base64 of gzipped JSON.
 */
export async function helmReleaseRecords(
  kube: TestbedKube,
  namespace: string,
): Promise<HelmReleaseRecord[]> {
  const list = await kube.core.listNamespacedSecret({
    namespace,
    labelSelector: 'owner=helm',
  });
  return list.items.map(secret => {
    const stored = Buffer.from(secret.data?.release ?? '', 'base64').toString();
    const json = gunzipSync(Buffer.from(stored, 'base64')).toString('utf8');
    const record = JSON.parse(json);
    return {
      name: record.name,
      version: record.version,
      config: record.config ?? {},
      manifest: record.manifest ?? '',
      json,
    };
  });
}

/**
 * Everything of a namespace a secret must never be found in, as text: every ConfigMap's data
 * and every Helm release record (values, manifest, chart). Secrets themselves are left out:
 * that is where secrets belong.
 */
export async function secretFreeSurfaces(
  kube: TestbedKube,
  namespace: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const configMaps = await kube.core.listNamespacedConfigMap({ namespace });
  for (const cm of configMaps.items) {
    out[`ConfigMap ${cm.metadata?.name}`] = JSON.stringify(cm.data ?? {});
  }
  for (const record of await helmReleaseRecords(kube, namespace)) {
    out[`Helm release ${record.name} v${record.version}`] = record.json;
  }
  return out;
}

/** The surfaces (by name) whose text contains any of the given secret values. */
export function surfacesHolding(
  surfaces: Record<string, string>,
  secrets: string[],
): string[] {
  return Object.entries(surfaces)
    .filter(([, text]) => secrets.some(secret => text.includes(secret)))
    .map(([name]) => name);
}
