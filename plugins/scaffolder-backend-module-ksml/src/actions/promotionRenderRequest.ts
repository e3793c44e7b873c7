import { InputError } from '@backstage/errors';
import {
  DEPLOYMENT_MODES,
  DeployRequestInput,
  KsmlDefinitionResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { targetKafkaProperties } from './targetKafkaProperties';

/** What a GitOps promotion's inputs say about the app and its target. */
export interface PromotionRenderInput {
  tenant: string;
  instance: string;
  application: string;
  from: string;
  to: string;
  replicas?: number;
  resources?: DeployRequestInput['resources'];
  storage?: DeployRequestInput['storage'];
  kafkaProperties?: Record<string, string | number | boolean>;
  bootstrapServers?: string;
  allowMissingTopics?: boolean;
}

/**
 * The render request for `to` that promotes what runs in `from` to GitOps files: the source's
 * definitions, schemas, deployment mode and (unless `replicas` is given) replicas, read from its
 * release, with the target's own Kafka properties, which must be given. Unlike the backend's
 * promotion there is no recorded deploy in the target to take them from (Flux or Argo CD
 * deploy it), and Kafka properties are never copied between environments (ADR 23): without
 * them this is an InputError naming `kafkaProperties`. Resources and storage are the inputs'
 * only: a release's record does not say what they were asked as.
 */
export function promotionRenderRequest(
  input: PromotionRenderInput,
  source: KsmlDefinitionResponse,
): DeployRequestInput {
  if (input.from === input.to) {
    throw new InputError('to: must be another environment than from');
  }
  const kafkaProperties = targetKafkaProperties(
    input.kafkaProperties,
    input.bootstrapServers,
  );
  if (!kafkaProperties) {
    throw new InputError(
      `kafkaProperties: give ${input.to}'s Kafka properties (at least bootstrap.servers, or bootstrapServers): the files for ${input.to} are rendered, not deployed, so there is no earlier deploy there to take them from`,
    );
  }
  // The backend reads the mode from the chart's values; one this backend does not know is left
  // to the chart's default rather than refused here.
  const deploymentMode = DEPLOYMENT_MODES.find(
    mode => mode === source.deploymentMode,
  );
  const replicas = input.replicas ?? source.replicas;
  return {
    tenant: input.tenant,
    instance: input.instance,
    environment: input.to,
    application: input.application,
    definitions: source.definitions,
    schemas: source.schemas,
    kafkaProperties,
    ...(replicas !== undefined ? { replicas } : {}),
    ...(deploymentMode ? { deploymentMode } : {}),
    ...(input.resources ? { resources: input.resources } : {}),
    ...(input.storage ? { storage: input.storage } : {}),
    ...(input.allowMissingTopics !== undefined
      ? { allowMissingTopics: input.allowMissingTopics }
      : {}),
  };
}
