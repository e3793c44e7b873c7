import {
  DeployRequest,
  defaultApplicationId,
  definitionFiles,
} from '@ksml-backstage/plugin-ksml-common';
import { mergeValues, Values } from './merge';
import {
  FILE_CONFIG_PROVIDER,
  isSecretKafkaProperty,
  secretReference,
} from './secrets';

/** Options for {@link buildValues}. */
export interface BuildValuesOptions {
  /**
   * The operator's custom values (the readme's CUSTOM_VALUES_FILE): chart settings such as
   * `podSecurityContext`, `serviceMonitor` or platform-wide Kafka properties. The request wins
   * where it must: identity, definitions, schemas, replicas, mode and its Kafka properties.
   */
  customValues?: Values;
}

/** The chart values for a deploy, and which Kafka properties were moved into the Secret. */
export interface BuiltValues {
  values: Values;
  /** Names (never values) of the Kafka properties that went into the Kafka Secret. */
  secretProperties: string[];
}

/**
 * Builds the KSML chart's values from a validated deploy request: a pure function, so what
 * is deployed can be rendered, diffed and tested without a cluster (DESIGN.md §5).
 */
export function buildValues(
  request: DeployRequest,
  options: BuildValuesOptions = {},
): BuiltValues {
  const custom = options.customValues ?? {};
  const customKafka = ((custom.ksmlRunnerConfig as Values | undefined)?.kafka ??
    {}) as Record<string, unknown>;
  const kafka: Record<string, string> = {
    'application.id': defaultApplicationId(request),
    ...Object.fromEntries(
      Object.entries(customKafka).map(([k, v]) => [k, String(v)]),
    ),
    ...request.kafkaProperties,
  };

  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(kafka)) {
    if (isSecretKafkaProperty(key)) {
      secret[key] = value;
      plain[key] = secretReference(key);
    } else {
      plain[key] = value;
    }
  }
  const secretProperties = Object.keys(secret).sort();
  if (secretProperties.length > 0) Object.assign(plain, FILE_CONFIG_PROVIDER);

  const files = definitionFiles(request);
  const texts = request.definitions ?? {
    [request.application]: request.definition!,
  };
  const fromRequest: Values = {
    deploymentMode: request.deploymentMode,
    replicaCount: request.replicas,
    ksmlRunnerConfig: { definitions: files, kafka: plain },
    ksmlDefinitions: Object.fromEntries(
      Object.entries(files).map(([name, file]) => [file, texts[name]]),
    ),
    schemaDefinitions: Object.fromEntries(
      request.schemas.map(s => [s.schemaFileName, s.schemaBody]),
    ),
    kafkaSecret: { properties: secret },
    ...(request.resources ? { resources: request.resources } : {}),
    ...(request.storage
      ? {
          store: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: request.storage.size } },
              ...(request.storage.storageClassName
                ? { storageClassName: request.storage.storageClassName }
                : {}),
            },
          },
        }
      : {}),
  };

  // The readme: with a PersistentVolume the runner needs fsGroup 0 to create /ksml-store/data.
  const storeDefaults: Values = request.storage
    ? { podSecurityContext: { fsGroup: 0 } }
    : {};
  const values = mergeValues(storeDefaults, custom, fromRequest);
  // Definitions, schemas and the Kafka map are the request's alone, not merged with custom ones.
  for (const key of ['ksmlDefinitions', 'schemaDefinitions'] as const)
    values[key] = fromRequest[key];
  (values.ksmlRunnerConfig as Values).definitions = files;
  (values.ksmlRunnerConfig as Values).kafka = plain;
  return { values, secretProperties };
}
