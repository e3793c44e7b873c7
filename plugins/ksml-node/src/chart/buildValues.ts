import { InputError } from '@backstage/errors';
import {
  DeployRequest,
  defaultApplicationId,
  definitionFiles,
  formatFieldPath,
  releaseName,
  statefulParts,
} from '@ksml-backstage/plugin-ksml-common';
import {
  CHART_KAFKA_SETTINGS,
  chartFullname,
  EMPTY_DIR_STORE_LIMIT,
  RESERVED_CONFIGMAP_KEYS,
  workloadKind,
} from './chartInterface';
import { mergeValues, Values } from './mergeValues';
import {
  KafkaSecretPlan,
  planKafkaSecret,
  SECRET_KEY_PATTERN,
  secretPropertyMatcher,
} from './secrets';

/** Options for {@link buildValues}. */
export interface BuildValuesOptions {
  /**
   * The operator's custom values (the readme's CUSTOM_VALUES_FILE): chart settings such as
   * `podSecurityContext`, `serviceMonitor` or platform-wide Kafka properties. The request wins
   * where it must: identity, definitions, schemas, replicas, mode and its Kafka properties.
   */
  customValues?: Values;
  /**
   * Kafka properties the operator marks secret beyond the built-in ones (`sasl.jaas.config`,
   * `*.password`, ...): exact names or `*` patterns.
   */
  secretProperties?: readonly string[];
}

/** What a deploy of a request installs: chart values, the Secret beside them and warnings. */
export interface BuiltValues {
  release: string;
  /** The chart values: no secret value, only `${env:…}` references to the Secret's. */
  values: Values;
  /** The app's Kafka Secret (no entries when it has no secret properties). */
  secret: KafkaSecretPlan;
  /** Names (never values) of the Kafka properties kept in the Secret. */
  secretProperties: string[];
  /** The workload the chart renders for these values. */
  workload: { kind: 'StatefulSet' | 'Job'; name: string };
  /** What may not work as meant, e.g. state kept in the 10 MiB emptyDir store. */
  warnings: string[];
}

/**
 * Builds the KSML chart's values from a validated deploy request: a pure function, so what is
 * deployed can be rendered, diffed and tested without a cluster (DESIGN.md §5). Only values the
 * public chart has are set. Throws an `InputError` naming each field the chart cannot take
 * (reserved file names, Kafka settings the chart writes itself, storage for a Job, ...).
 */
export function buildValues(
  request: DeployRequest,
  options: BuildValuesOptions = {},
): BuiltValues {
  const release = releaseName(request);
  const custom = options.customValues ?? {};
  const customKafka = ((custom.ksmlRunnerConfig as Values | undefined)?.kafka ??
    {}) as Record<string, unknown>;
  const merged: Record<string, string> = {
    'application.id': defaultApplicationId(request),
    ...Object.fromEntries(
      Object.entries(customKafka).map(([k, v]) => [k, String(v)]),
    ),
    ...request.kafkaProperties,
  };
  const isSecret = secretPropertyMatcher(options.secretProperties);
  const problems = chartProblems(request, customKafka, isSecret);
  if (problems.length > 0) {
    throw new InputError(
      `The KSML chart cannot take this request: ${problems.join('; ')}`,
    );
  }
  const { kafka, plan } = planKafkaSecret(release, merged, isSecret);

  const files = definitionFiles(request);
  const texts = request.definitions ?? {
    [request.application]: request.definition!,
  };
  const fromRequest: Values = {
    deploymentMode: request.deploymentMode,
    replicaCount: request.replicas,
    ksmlRunnerConfig: { definitions: files, kafka },
    ksmlDefinitions: Object.fromEntries(
      Object.entries(files).map(([name, file]) => [file, texts[name]]),
    ),
    schemaDefinitions: Object.fromEntries(
      request.schemas.map(s => [s.schemaFileName, s.schemaBody]),
    ),
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

  const defaults: Values = {
    // The runner's Prometheus endpoint (the chart's `metrics` port, 9999): the backend reads
    // each replica's Kafka Streams state from it through the pod proxy. Custom values may turn
    // it off; no ServiceMonitor is asked for.
    prometheus: { enabled: true },
    // The readme: with a PersistentVolume the runner needs fsGroup 0 to create /ksml-store/data.
    ...(request.storage ? { podSecurityContext: { fsGroup: 0 } } : {}),
  };
  const values = mergeValues(defaults, custom, fromRequest);
  // Definitions, schemas and the Kafka map are the request's alone, not merged with custom ones.
  for (const key of ['ksmlDefinitions', 'schemaDefinitions'] as const)
    values[key] = fromRequest[key];
  (values.ksmlRunnerConfig as Values).definitions = files;
  (values.ksmlRunnerConfig as Values).kafka = kafka;

  const kind = workloadKind(String(values.deploymentMode ?? 'StatefulSet'));
  return {
    release,
    values,
    secret: plan,
    secretProperties: plan.entries.map(e => e.property),
    workload: { kind, name: chartFullname(release, values) },
    warnings: storeWarnings(kind, values, texts),
  };
}

/**
 * Why `group.protocol: streams` is refused: Kafka Streams refuses the Streams rebalance protocol
 * (KIP-1071) with static membership, and the chart always sets `group.instance.id`, so the
 * runner would stop at start-up with a FatalError (seen on KSML 1.3.0's runner, Kafka Streams
 * 4.3, against a Kafka 4.3 broker).
 */
const STREAMS_PROTOCOL =
  'streams (the Streams rebalance protocol, KIP-1071) cannot run on the KSML chart: it always sets group.instance.id (static membership), which Kafka Streams refuses with group.protocol=streams, and the runner stops at start-up; leave group.protocol unset (classic)';

/** Whether a Kafka setting asks for the Streams rebalance protocol. */
function refusesStreamsProtocol(key: string, value: unknown): boolean {
  return (
    key === 'group.protocol' && String(value).trim().toLowerCase() === 'streams'
  );
}

/** Why the chart cannot take a request, one `field: reason` per problem. */
function chartProblems(
  request: DeployRequest,
  customKafka: Record<string, unknown>,
  isSecret: (key: string) => boolean,
): string[] {
  const problems: string[] = [];
  const reserved = new Set<string>(RESERVED_CONFIGMAP_KEYS);
  const reservedReason = (file: string) =>
    `"${file}" is a file the KSML chart writes itself into the runner ConfigMap (reserved: ${RESERVED_CONFIGMAP_KEYS.join(
      ', ',
    )})`;
  for (const [name, file] of Object.entries(definitionFiles(request))) {
    if (reserved.has(file)) {
      const field = request.definitions
        ? formatFieldPath(['definitions', name])
        : 'application';
      problems.push(
        `${field}: names the definition file ${reservedReason(file)}`,
      );
    }
  }
  request.schemas.forEach((schema, index) => {
    if (reserved.has(schema.schemaFileName)) {
      problems.push(
        `${formatFieldPath([
          'schemas',
          index,
          'schemaFileName',
        ])}: ${reservedReason(schema.schemaFileName)}`,
      );
    }
  });
  const chartSetting = (key: string) =>
    `is set by the KSML chart itself (${key}: ${CHART_KAFKA_SETTINGS[key]}); setting it again makes a duplicate key in ksml-runner.yaml`;
  for (const [key, value] of Object.entries(request.kafkaProperties)) {
    if (refusesStreamsProtocol(key, value)) {
      problems.push(
        `${formatFieldPath(['kafkaProperties', key])}: ${STREAMS_PROTOCOL}`,
      );
    } else if (key in CHART_KAFKA_SETTINGS) {
      problems.push(
        `${formatFieldPath(['kafkaProperties', key])}: ${chartSetting(key)}`,
      );
    } else if (isSecret(key) && !SECRET_KEY_PATTERN.test(key)) {
      problems.push(
        `${formatFieldPath([
          'kafkaProperties',
          key,
        ])}: a secret property's name becomes a Secret key, so it may hold only letters, digits, '.', '_' and '-'`,
      );
    }
  }
  for (const [key, value] of Object.entries(customKafka)) {
    if (refusesStreamsProtocol(key, value)) {
      problems.push(
        `custom values ${formatFieldPath([
          'ksmlRunnerConfig',
          'kafka',
          key,
        ])}: ${STREAMS_PROTOCOL}`,
      );
    } else if (key in CHART_KAFKA_SETTINGS) {
      problems.push(
        `custom values ${formatFieldPath([
          'ksmlRunnerConfig',
          'kafka',
          key,
        ])}: ${chartSetting(key)}`,
      );
    }
  }
  if (request.storage && request.deploymentMode === 'Job') {
    problems.push(
      `storage: the KSML chart gives a Job only its ${EMPTY_DIR_STORE_LIMIT} emptyDir store; storage needs deploymentMode StatefulSet`,
    );
  }
  return problems;
}

/** A warning when definitions keep state but the store is the chart's 10 MiB emptyDir. */
function storeWarnings(
  kind: 'StatefulSet' | 'Job',
  values: Values,
  definitions: Record<string, string>,
): string[] {
  const spec = (values.store as Values | undefined)?.spec;
  const hasClaim =
    kind === 'StatefulSet' &&
    typeof spec === 'object' &&
    spec !== null &&
    Object.keys(spec).length > 0;
  if (hasClaim) return [];
  const single = Object.keys(definitions).length === 1;
  const parts = Object.entries(definitions).flatMap(([name, text]) =>
    statefulParts(text).map(part => (single ? part : `${name}: ${part}`)),
  );
  if (parts.length === 0) return [];
  const shown = parts.slice(0, 5).join(', ');
  const more = parts.length > 5 ? ` and ${parts.length - 5} more` : '';
  return [
    `The definition keeps state (${shown}${more}) but the app has no storage: the KSML chart then keeps its state stores in a ${EMPTY_DIR_STORE_LIMIT} emptyDir, and Kubernetes evicts the pod once they outgrow it. ${
      kind === 'Job'
        ? 'A Job always gets that emptyDir; run it as a StatefulSet with storage if its state can grow.'
        : 'Deploy with storage (e.g. {"size": "1Gi"}) to keep state on a PersistentVolume.'
    }`,
  ];
}
