import type { Entity } from '@backstage/catalog-model';
import type {
  DeployRequestInput,
  KsmlAppRef,
  KsmlDeploymentRecord,
  KsmlLagResponse,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlStatusResponse,
  KsmlTopologyResponse,
  KsmlWorkload,
} from '@ksml-backstage/plugin-ksml-common';

/** The readme's sample app, annotated for KSML, in the given environments. */
export function ksmlEntity(environments?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'sensor-inspector',
      annotations: {
        'ksml/tenant': 'dizzl',
        'ksml/instance': 'sandbox',
        'ksml/application': 'sensor-inspector',
        ...(environments ? { 'ksml/environments': environments } : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
  };
}

/** The ref of {@link ksmlEntity}'s app in an environment. */
export function appRef(environment = 'dev'): KsmlAppRef {
  return {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment,
    application: 'sensor-inspector',
  };
}

/** An entity without KSML annotations. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain' },
};

/** A status answer of a running 2-replica StatefulSet in dev, overridable per field. */
export function statusResponse(
  workload: Partial<KsmlWorkload> = {},
  environment = 'dev',
): KsmlStatusResponse {
  const name = `dizzl-sandbox-${environment}-sensor-inspector-ksml`;
  return {
    helm: {
      name,
      chart: 'ksml',
      version: '0.0.0-snapshot',
      appVersion: 'snapshot',
      namespace: `ksml-${environment}`,
      revision: 3,
      status: 'deployed',
      deployedAt: '2024-08-26T13:04:20Z',
    },
    kubernetes: {
      name,
      status: 'Running',
      replicas: 2,
      readyReplicas: 2,
      restarts: 0,
      deploymentMode: 'StatefulSet',
      ...workload,
    },
  };
}

/** The readme's deploy request in dev. */
export function deployRequest(
  overrides: Partial<DeployRequestInput> = {},
): DeployRequestInput {
  return {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
    replicas: 2,
    definition: 'streams: {}',
    kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
    schemas: [],
    ...overrides,
  };
}

/** A recorded successful deploy of {@link deployRequest}. */
export function deployRecord(
  request: Partial<DeployRequestInput> = {},
): KsmlDeploymentRecord {
  return {
    id: 1,
    release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
    environment: 'dev',
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'sensor-inspector',
    namespace: 'ksml-dev',
    operation: 'deploy',
    outcome: 'succeeded',
    revision: 3,
    request: deployRequest(request) as Record<string, unknown>,
    createdAt: '2024-08-26T13:04:20Z',
  };
}

/** Logs of two replicas. */
export function logsResponse(tailLines = 100): KsmlLogsResponse {
  return {
    tailLines,
    logs: [
      {
        replicaName: '0',
        lines: 'zero: started\nzero: consumed key=sensor1\n',
      },
      { replicaName: '1', lines: 'one: started\none: consumed key=sensor2\n' },
    ],
  };
}

/** Usage of two replicas and their total. */
export function metricsResponse(cpu = 250, memory = 512): KsmlMetricsResponse {
  return {
    cpu: { usedMillicores: String(cpu) },
    memory: { usedMb: String(memory) },
    replicas: [
      {
        replicaName: '0',
        cpu: { usedMillicores: String(cpu - 100) },
        memory: { usedMb: String(memory - 200) },
      },
      {
        replicaName: '1',
        cpu: { usedMillicores: '100' },
        memory: { usedMb: '200' },
      },
    ],
  };
}

/**
 * The lag of the app's group on sensor_data: partition 0 committed (lag 600), partition 1
 * never committed (lag 634, from its earliest offset), 1,234 in total; sensor_enrichment is
 * missing on the broker. Three measurements of history, this one last.
 */
export function lagResponse(
  overrides: Partial<KsmlLagResponse> = {},
): KsmlLagResponse {
  return {
    groupId: 'dizzl-sandbox-dev-sensor-inspector',
    measuredAt: '2024-08-26T13:04:20Z',
    total: 1234,
    topics: [
      {
        topic: 'sensor_data',
        lag: 1234,
        partitions: [
          {
            partition: 0,
            earliestOffset: 0,
            endOffset: 1500,
            committedOffset: 900,
            lag: 600,
          },
          { partition: 1, earliestOffset: 10, endOffset: 644, lag: 634 },
        ],
      },
    ],
    missingTopics: ['sensor_enrichment'],
    history: [
      { at: '2024-08-26T13:03:20Z', total: 2000 },
      { at: '2024-08-26T13:03:50Z', total: 1500 },
      { at: '2024-08-26T13:04:20Z', total: 1234 },
    ],
    ...overrides,
  };
}

/**
 * A topology with a node of every kind: a producer writes sensor_data, which a stream reads;
 * pipeline `main` filters it and counts per key into a store and sensor_counts, pipeline `log`
 * prints it.
 */
export function topologyResponse(): KsmlTopologyResponse {
  return {
    applicationId: 'dizzl-sandbox-dev-sensor-inspector',
    topology: {
      nodes: [
        {
          id: 'producer:sensor_producer',
          kind: 'producer',
          label: 'sensor_producer',
          detail: 'generator: generate_sensordata_message, every 3s',
        },
        {
          id: 'topic:sensor_data',
          kind: 'topic',
          label: 'sensor_data',
          topic: 'sensor_data',
        },
        {
          id: 'source:sensor_source',
          kind: 'source',
          label: 'sensor_source',
          sourceType: 'stream',
          keyType: 'string',
          valueType: 'avro:SensorData',
        },
        {
          id: 'operation:main:0',
          kind: 'operation',
          label: 'filter',
          detail: 'if: filter_by_color',
          pipeline: 'main',
        },
        {
          id: 'operation:main:1',
          kind: 'operation',
          label: 'aggregate',
          pipeline: 'main',
        },
        { id: 'store:sensor_counts', kind: 'store', label: 'sensor_counts' },
        {
          id: 'topic:sensor_counts',
          kind: 'topic',
          label: 'sensor_counts',
          topic: 'sensor_counts',
        },
        {
          id: 'sink:log:0',
          kind: 'sink',
          label: 'forEach',
          detail: 'print_message',
          pipeline: 'log',
        },
      ],
      edges: [
        { from: 'producer:sensor_producer', to: 'topic:sensor_data' },
        { from: 'topic:sensor_data', to: 'source:sensor_source' },
        { from: 'source:sensor_source', to: 'operation:main:0' },
        { from: 'operation:main:0', to: 'operation:main:1' },
        {
          from: 'operation:main:1',
          to: 'store:sensor_counts',
          label: 'store',
        },
        { from: 'operation:main:1', to: 'topic:sensor_counts' },
        { from: 'source:sensor_source', to: 'sink:log:0' },
      ],
      inputTopics: ['sensor_data'],
      outputTopics: ['sensor_counts', 'sensor_data'],
    },
  };
}
