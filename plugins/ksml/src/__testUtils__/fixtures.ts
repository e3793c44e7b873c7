import type { Entity } from '@backstage/catalog-model';
import type {
  DeployRequestInput,
  KsmlAppRef,
  KsmlDeploymentRecord,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlStatusResponse,
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
