import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  deployRequestSchema,
  formatFieldPath,
  KsmlAppRef,
  parseInput,
  isRecordedDeploy,
  redactedPropertyNames,
  releaseName,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { DeploymentRecord } from '../database/DeploymentStore';

/** What a redeploy changes of the recorded desired state: what runs, all else kept. */
export interface RedeployEdit {
  /** KSML namespace -> YAML, instead of the recorded `definition` or `definitions`. */
  definitions?: Record<string, string>;
  /** Schema files instead of the recorded ones (kept when absent). */
  schemas?: { schemaFileName: string; schemaBody: string }[];
}

/**
 * The app's last recorded desired state as a deploy request, from its history (newest first):
 * its last deploy request (or promotion) with the replicas of any scale since, the secret Kafka
 * properties (redacted in the record) from `secretKafkaProperties`, and the definitions and
 * schemas of `edit` where given. A 404 without a recorded deploy; a 400 naming each secret that
 * is still redacted, or the field of an edit the deploy request schema refuses
 * (`definitions.<name>`).
 */
export function recordedDesiredState(
  ref: KsmlAppRef,
  history: DeploymentRecord[],
  secretKafkaProperties?: Record<string, string>,
  edit: RedeployEdit = {},
): DeployRequest {
  const last = history.find(isRecordedDeploy);
  // A scale since that deploy is part of the desired state.
  const scaled = history.find(
    record =>
      record.operation === 'scale' &&
      record.outcome === 'succeeded' &&
      last !== undefined &&
      record.id > last.id,
  )?.request as { replicas?: number } | undefined;
  if (!last?.request) {
    throw withReason(
      new NotFoundError(
        `No recorded deploy of ${releaseName(ref)} in ${
          ref.environment
        } to redeploy`,
      ),
      'NothingToRedeploy',
    );
  }
  const stored = last.request as { kafkaProperties?: Record<string, string> };
  const kafkaProperties = {
    ...stored.kafkaProperties,
    ...secretKafkaProperties,
  };
  const missing = redactedPropertyNames(kafkaProperties).map(key =>
    formatFieldPath(['secretKafkaProperties', key]),
  );
  if (missing.length > 0) {
    throw new InputError(
      `${missing.join(
        ', ',
      )}: the recorded request has this secret redacted; send it again`,
    );
  }
  // The recorded request holds `definition` or `definitions`: an edit replaces either.
  // A promotion's record also names its source (`from`), a field no deploy request has.
  const { from: _from, ...request } = last.request;
  const { definition: _definition, ...recorded } = request;
  const edited = {
    ...(edit.definitions
      ? { ...recorded, definitions: edit.definitions }
      : request),
    ...(edit.schemas ? { schemas: edit.schemas } : {}),
  };
  return parseInput(
    deployRequestSchema,
    {
      ...edited,
      kafkaProperties,
      ...(scaled?.replicas !== undefined ? { replicas: scaled.replicas } : {}),
    },
    edit.definitions || edit.schemas
      ? 'redeploy request'
      : 'recorded deploy request',
  );
}
