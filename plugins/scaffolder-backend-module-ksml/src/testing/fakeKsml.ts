import { ResponseError } from '@backstage/errors';
import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import type {
  KsmlApi,
  KsmlRenderResponse,
  KsmlStatusResponse,
  KsmlWorkload,
} from '@ksml-backstage/plugin-ksml-common';

/** A status answer for the fake, as the backend shapes it. */
export function statusOf(workload: Partial<KsmlWorkload>): KsmlStatusResponse {
  return {
    helm: {
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      chart: 'ksml',
      version: '0.1.0',
      appVersion: '1.1.0',
      namespace: 'ksml-dev',
      revision: 1,
      status: 'deployed',
      deployedAt: '2026-11-21T12:00:00Z',
    },
    kubernetes: {
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      status: 'Starting',
      replicas: 1,
      readyReplicas: 0,
      ...workload,
    },
  };
}

/** A refusal as the KSML backend sends it (Backstage's error body). */
export function backendRefusal(
  status: number,
  name: string,
  message: string,
  reason?: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, ...(reason ? { reason } : {}) },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}

/** A rendered app as `POST /render` returns it. */
export const renderedApp: KsmlRenderResponse = {
  release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
  namespace: 'ksml-dev',
  chart: {
    kind: 'oci',
    url: 'oci://registry.example.com/charts',
    name: 'ksml',
    version: '0.1.0',
  },
  values: {
    replicaCount: 1,
    ksmlRunnerConfig: {
      kafka: {
        'bootstrap.servers': 'broker:9093',
        'sasl.jaas.config': '${env:KSML_SECRET_SASL_JAAS_CONFIG}',
      },
    },
  },
  secretName: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
  secretProperties: ['sasl.jaas.config'],
  postRenderPatches: [
    {
      target: {
        group: 'apps',
        version: 'v1',
        kind: 'StatefulSet',
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      },
      patch: [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: dizzl-sandbox-dev-sensor-inspector-ksml',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: ksml',
        '          env:',
        '            - name: KSML_SECRET_SASL_JAAS_CONFIG',
        '              valueFrom:',
        '                secretKeyRef:',
        '                  name: dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
        '                  key: sasl.jaas.config',
        '',
      ].join('\n'),
    },
  ],
  warnings: [],
  ksmlApp: {
    manifest: {
      apiVersion: 'ksml-backstage.io/v1alpha1',
      kind: 'KsmlApp',
      metadata: {
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        namespace: 'ksml-dev',
      },
      spec: {
        tenant: 'dizzl',
        instance: 'sandbox',
        environment: 'dev',
        application: 'sensor-inspector',
        replicas: 1,
        definition: 'streams: {}',
        kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
        kafkaSecretRef: {
          name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka-properties',
        },
      },
    },
    secret: {
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka-properties',
      keys: ['sasl.jaas.config'],
    },
  },
};

/**
 * A KSML backend test double: deploy answers revision 1; status answers the given sequence
 * (the last one repeats). Every call records the token it was given.
 */
export function fakeKsml(
  statuses: Array<Partial<KsmlWorkload>> = [
    { status: 'Running', readyReplicas: 1 },
  ],
): jest.Mocked<KsmlApi> {
  let call = 0;
  return {
    deploy: jest.fn(async request => ({
      helm: {
        ...statusOf({}).helm,
        name: `${request.tenant}-${request.instance}-${request.environment}-${request.application}-ksml`,
      },
      secretProperties: [],
      warnings: [],
    })),
    render: jest.fn<Promise<KsmlRenderResponse>, Parameters<KsmlApi['render']>>(
      async () => renderedApp,
    ),
    redeploy: jest.fn(),
    undeploy: jest.fn(async ref => ({
      release: `${ref.tenant}-${ref.instance}-${ref.environment}-${ref.application}-ksml`,
      namespace: 'ksml-dev',
      deletedClaims: ref.deleteStorage ? ['store-0'] : [],
    })),
    status: jest.fn<Promise<KsmlStatusResponse>, Parameters<KsmlApi['status']>>(
      async () => statusOf(statuses[Math.min(call++, statuses.length - 1)]),
    ),
    logs: jest.fn(),
    metrics: jest.fn(),
    history: jest.fn(),
    apps: jest.fn(),
    revisions: jest.fn(),
    rollback: jest.fn(async ref => ({
      helm: { ...statusOf({}).helm, name: releaseName(ref), revision: 5 },
    })),
    scale: jest.fn(async ref => ({
      helm: { ...statusOf({}).helm, name: releaseName(ref), revision: 5 },
    })),
    restart: jest.fn(),
    events: jest.fn(),
    gitopsFiles: jest.fn(),
    lag: jest.fn(),
    topology: jest.fn(),
    followLogs: jest.fn(),
    definition: jest.fn(),
    // A promotion of revision 4 over revision 2 of the target, deployed as its revision 3.
    promote: jest.fn(async request => ({
      from: { environment: request.from, revision: 4 },
      to: { environment: request.to, revision: 2 },
      dryRun: request.dryRun ?? false,
      changedDefinitions: [request.application],
      replicas: request.replicas ?? 1,
      warnings: [],
      ...(request.dryRun
        ? {}
        : {
            deployed: {
              helm: {
                ...statusOf({}).helm,
                name: releaseName({ ...request, environment: request.to }),
                namespace: `ksml-${request.to}`,
                revision: 3,
              },
              secretProperties: [],
              warnings: [],
            },
          }),
    })),
    preflight: jest.fn(),
    changes: jest.fn(),
  };
}
