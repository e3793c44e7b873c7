import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';

/**
 * The replica count to start a stopped app with again: that of the newest deploy or scale that
 * ran any replicas (stopping is itself a scale to 0), or 1 when none did. History comes newest
 * first.
 */
export function previousReplicas(history: KsmlDeploymentRecord[]): number {
  for (const record of history) {
    const replicas = (record.request as { replicas?: unknown } | undefined)
      ?.replicas;
    if (
      (record.operation === 'deploy' || record.operation === 'scale') &&
      record.outcome !== 'failed' &&
      typeof replicas === 'number' &&
      replicas > 0
    ) {
      return replicas;
    }
  }
  return 1;
}
