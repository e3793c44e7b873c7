import { InputError } from '@backstage/errors';
import {
  DeployRequest,
  deployRequestSchema,
  formatFieldPath,
  KsmlDefinitionResponse,
  parseInput,
  PromoteRequest,
  isRecordedDeploy,
  redactedPropertyNames,
} from '@ksml-backstage/plugin-ksml-common';
import { DeploymentRecord } from '../database/DeploymentStore';

/** The parts of a recorded deploy (or promote) request a promotion reuses. */
interface RecordedRequest {
  replicas?: number;
  deploymentMode?: string;
  kafkaProperties?: Record<string, string>;
  resources?: DeployRequest['resources'];
  storage?: DeployRequest['storage'];
}

/** What {@link promotionDeployRequest} builds the target's deploy request from. */
export interface PromotionInputs {
  /** The promotion as asked. */
  request: PromoteRequest;
  /** What runs in `request.from`, read from its release. */
  source: KsmlDefinitionResponse;
  /** The app's history in `request.from`, newest first. */
  sourceHistory: DeploymentRecord[];
  /** The app's history in `request.to`, newest first. */
  targetHistory: DeploymentRecord[];
}

/**
 * The newest recorded request that set the app's desired state, from a history that comes
 * newest first: a deploy (a failed one too: its settings were what was asked last) or a
 * promotion that went through, as a redeploy reads them (recordedDesiredState).
 */
export function lastRecordedRequest(
  history: DeploymentRecord[],
): RecordedRequest | undefined {
  return history.find(isRecordedDeploy)?.request as RecordedRequest | undefined;
}

/**
 * The target's Kafka properties: those given, else those of the app's last recorded deploy there
 * (Kafka properties are never copied between environments), with the secrets resent merged in.
 * History keeps secrets redacted, so one still redacted is a 400 naming it.
 */
function targetKafkaProperties(
  request: PromoteRequest,
  target: RecordedRequest | undefined,
): Record<string, string> {
  const base = request.kafkaProperties ?? target?.kafkaProperties;
  if (!base) {
    throw new InputError(
      `${formatFieldPath(['kafkaProperties'])}: ${
        request.application
      } was never deployed to ${request.to}: give ${
        request.to
      }'s Kafka properties`,
    );
  }
  const merged = { ...base, ...request.secretKafkaProperties };
  const redacted = redactedPropertyNames(merged).map(key =>
    formatFieldPath(['secretKafkaProperties', key]),
  );
  if (redacted.length > 0) {
    throw new InputError(
      `${redacted.join(', ')}: ${
        request.to
      }'s recorded deploy has this secret redacted; send it again`,
    );
  }
  return merged;
}

/**
 * The deploy request that promotes an app: what runs in `from` (its definitions, schemas,
 * deployment mode and, unless asked otherwise, replicas) with the target's own settings.
 *
 * - Kafka properties: the request's, else the app's last recorded deploy in `to`, secrets
 *   merged from `secretKafkaProperties`; a 400 naming `kafkaProperties` when neither exists.
 * - Resources: the request's, else the target's last recorded, else the source's.
 * - Storage: the target's last recorded when the app ran there (a StatefulSet's volume claims
 *   cannot change on upgrade), else the source's.
 *
 * The result is checked like any deploy request (a 400 naming the field).
 */
export function promotionDeployRequest(inputs: PromotionInputs): DeployRequest {
  const { request, source } = inputs;
  const target = lastRecordedRequest(inputs.targetHistory);
  const sourceRecord = lastRecordedRequest(inputs.sourceHistory);
  const kafkaProperties = targetKafkaProperties(request, target);
  const resources =
    request.resources ?? target?.resources ?? sourceRecord?.resources;
  const storage = target ? target.storage : sourceRecord?.storage;
  const deploymentMode = source.deploymentMode ?? sourceRecord?.deploymentMode;
  return parseInput(
    deployRequestSchema,
    {
      tenant: request.tenant,
      instance: request.instance,
      environment: request.to,
      application: request.application,
      replicas: request.replicas ?? source.replicas ?? sourceRecord?.replicas,
      definitions: source.definitions,
      schemas: source.schemas,
      kafkaProperties,
      ...(deploymentMode ? { deploymentMode } : {}),
      ...(resources ? { resources } : {}),
      ...(storage ? { storage } : {}),
      ...(request.allowMissingTopics !== undefined
        ? { allowMissingTopics: request.allowMissingTopics }
        : {}),
    },
    'promoted deploy request',
  );
}
