import type { KsmlHelmRelease } from '@ksml-backstage/plugin-ksml-common';
import { gunzipSync } from 'node:zlib';

/** Label selector of the Secrets in which Helm 3 stores a release's revisions. */
export function helmRecordSelector(release: string): string {
  return `owner=helm,name=${release}`;
}

/** What a Helm release record Secret looks like, as far as we read it. */
export interface HelmRecordSecret {
  metadata?: { name?: string; labels?: Record<string, string> };
  /** `release`: base64 (the API's) of base64 (Helm's) of gzipped JSON. */
  data?: Record<string, string>;
}

/**
 * The newest revision among a release's record Secrets, chosen by their `version` label
 * (Helm's `helm get` reads the same one), without decoding the others.
 */
export function newestRecord<T extends HelmRecordSecret>(
  secrets: T[],
): T | undefined {
  let newest: T | undefined;
  let newestVersion = -1;
  for (const secret of secrets) {
    const version = Number(secret.metadata?.labels?.version);
    if (Number.isInteger(version) && version > newestVersion) {
      newest = secret;
      newestVersion = version;
    }
  }
  return newest;
}

/**
 * Decodes a Helm release record Secret into the readme's `helm` shape, as `helm get metadata`
 * reports it: chart name and version, appVersion, namespace, revision, status and last deploy.
 * Reading Helm's storage directly saves spawning helm for every status read.
 */
export function decodeHelmRecord(secret: HelmRecordSecret): KsmlHelmRelease {
  return helmReleaseOf(decodeHelmRecordJson(secret));
}

/** A Helm release record Secret's whole release: values (`config`) and manifest included. */
export function decodeHelmRecordJson(
  secret: HelmRecordSecret,
): HelmReleaseJson {
  const stored = Buffer.from(secret.data?.release ?? '', 'base64').toString();
  return JSON.parse(
    gunzipSync(Buffer.from(stored, 'base64')).toString('utf8'),
  ) as HelmReleaseJson;
}

/** A Helm release as Helm stores it and prints it with `--output json`, as far as we read it. */
export interface HelmReleaseJson {
  name: string;
  namespace: string;
  version: number;
  info?: { status?: string; last_deployed?: string; description?: string };
  /** The values given to this revision (ours: the whole values, secrets as `${env:…}`). */
  config?: Record<string, unknown>;
  /** What Helm applied, after post-rendering. */
  manifest?: string;
  chart?: {
    metadata?: { name?: string; version?: string; appVersion?: string };
  };
}

/** A Helm release in the readme's `helm` shape, the fields `helm get metadata` prints. */
export function helmReleaseOf(record: HelmReleaseJson): KsmlHelmRelease {
  return {
    name: record.name,
    chart: record.chart?.metadata?.name ?? '',
    version: record.chart?.metadata?.version ?? '',
    appVersion: record.chart?.metadata?.appVersion ?? '',
    namespace: record.namespace,
    revision: record.version,
    status: record.info?.status ?? 'unknown',
    deployedAt: isoSeconds(record.info?.last_deployed ?? ''),
  };
}

/** Helm writes RFC 3339 with nanoseconds and an offset; the readme shows `2024-08-26T13:04:20Z`. */
export function isoSeconds(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
