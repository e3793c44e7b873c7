import { NotFoundError } from '@backstage/errors';
import {
  definitionsInValues,
  KsmlDefinitionResponse,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { installedSchemas } from '../chart/installedRelease';
import { HelmReleaseJson, isoSeconds } from './releaseRecords';

/**
 * The record of the revision asked for among a release's records: that revision, or without
 * one the revision Helm has `deployed` (an app whose last upgrade failed still runs it).
 * Undefined when there is no such record.
 */
export function findRevision(
  records: HelmReleaseJson[],
  revision?: number,
): HelmReleaseJson | undefined {
  return revision === undefined
    ? records.find(r => r.info?.status === 'deployed')
    : records.find(r => r.version === revision);
}

/** The 404 of a revision Helm does not keep, naming those it does (oldest first). */
export function revisionNotFound(
  release: string,
  revision: number,
  records: HelmReleaseJson[],
): NotFoundError {
  const kept = records.map(r => r.version).sort((a, b) => a - b);
  return withReason(
    new NotFoundError(
      `revision: ${release} has no revision ${revision}; Helm keeps ${
        kept.length > 0 ? kept.join(', ') : 'none'
      }`,
    ),
    'RevisionNotFound',
  );
}

/**
 * What one Helm revision of an app runs, from its record alone: the definitions by KSML
 * namespace and the schema files its values installed, its replicas and mode, the app's
 * `application.id` (`fallbackApplicationId` when the values set none, as the chart then
 * uses), and Helm's status and time of the revision. Pure: the records are read elsewhere.
 */
export function revisionDefinition(
  record: HelmReleaseJson,
  fallbackApplicationId: string,
): KsmlDefinitionResponse {
  const values = record.config ?? {};
  const { applicationId, definitions } = definitionsInValues(values);
  return {
    revision: record.version,
    status: record.info?.status ?? 'unknown',
    deployedAt: isoSeconds(record.info?.last_deployed ?? ''),
    applicationId: applicationId ?? fallbackApplicationId,
    definitions,
    schemas: installedSchemas(values),
    ...(typeof values.replicaCount === 'number'
      ? { replicas: values.replicaCount }
      : {}),
    ...(typeof values.deploymentMode === 'string'
      ? { deploymentMode: values.deploymentMode }
      : {}),
  };
}
