/**
 * Identity of a KSML app: `{tenant, instance, environment, application}`, each a lowercase
 * DNS label. Pure functions, usable in the browser and in Node.
 */

/** The four parts that identify one deployed KSML app. */
export interface KsmlAppRef {
  tenant: string;
  instance: string;
  environment: string;
  application: string;
}

/** The fields of {@link KsmlAppRef}, in release-name order. */
export const APP_REF_FIELDS = [
  'tenant',
  'instance',
  'environment',
  'application',
] as const;

/** Lowercase RFC 1123 label characters: a-z, 0-9 and '-', starting and ending alphanumeric. */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Longest release name we generate. The chart names the StatefulSet after the release, and
 * Kubernetes adds a 10-character controller-revision hash to it in a label limited to 63
 * characters: 63 - 11 = 52 (Helm itself allows 53).
 */
export const MAX_RELEASE_NAME_LENGTH = 52;

const RELEASE_SUFFIX = '-ksml';

/**
 * Helm release name of an app: `${tenant}-${instance}-${environment}-${application}-ksml`
 * (the readme's `dizzl-sandbox-dev-sensor-inspector-ksml`). When that is longer than
 * {@link MAX_RELEASE_NAME_LENGTH}, the prefix is cut and a hash of the full name is added, so
 * the name stays unique, deterministic and still contains "ksml" (the chart then uses it as
 * the full name of every resource).
 */
export function releaseName(ref: KsmlAppRef): string {
  const base = APP_REF_FIELDS.map(field => ref[field]).join('-');
  const full = `${base}${RELEASE_SUFFIX}`;
  if (full.length <= MAX_RELEASE_NAME_LENGTH) {
    return full;
  }
  const hash = fnv1a32(full);
  const room =
    MAX_RELEASE_NAME_LENGTH - RELEASE_SUFFIX.length - hash.length - 1;
  const prefix = base.slice(0, room).replace(/-+$/, '');
  return `${prefix}-${hash}${RELEASE_SUFFIX}`;
}

/** Kafka `application.id` used when the request does not set one. */
export function defaultApplicationId(ref: KsmlAppRef): string {
  return APP_REF_FIELDS.map(field => ref[field]).join('.');
}

/** 32-bit FNV-1a as 8 hex digits: a small, stable, dependency-free name hash. */
function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A replica as messages and views name it: "replica 0" for a StatefulSet ordinal, else its own
 * name (a Job's pod).
 */
export function replicaLabel(replicaName: string): string {
  return /^\d+$/.test(replicaName) ? `replica ${replicaName}` : replicaName;
}
