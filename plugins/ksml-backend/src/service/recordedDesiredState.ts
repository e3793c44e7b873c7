import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  deployRequestSchema,
  formatFieldPath,
  KsmlAppRef,
  parseInput,
  REDACTED_SECRET,
  releaseName,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { DeploymentRecord } from '../database/DeploymentStore';

/**
 * The app's last recorded desired state as a deploy request, from its history (newest first):
 * its last deploy request with the replicas of any scale since, and the secret Kafka properties
 * (redacted in the record) from `secretKafkaProperties`. A 404 without a recorded deploy; a 400
 * naming each secret that is still redacted.
 */
export function recordedDesiredState(
  ref: KsmlAppRef,
  history: DeploymentRecord[],
  secretKafkaProperties?: Record<string, string>,
): DeployRequest {
  const last = history.find(
    record => record.operation === 'deploy' && record.request,
  );
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
  const missing = Object.entries(kafkaProperties)
    .filter(([, value]) => value === REDACTED_SECRET)
    .map(([key]) => formatFieldPath(['secretKafkaProperties', key]));
  if (missing.length > 0) {
    throw new InputError(
      `${missing.join(
        ', ',
      )}: the recorded request has this secret redacted; send it again`,
    );
  }
  return parseInput(
    deployRequestSchema,
    {
      ...last.request,
      kafkaProperties,
      ...(scaled?.replicas !== undefined ? { replicas: scaled.replicas } : {}),
    },
    'recorded deploy request',
  );
}
