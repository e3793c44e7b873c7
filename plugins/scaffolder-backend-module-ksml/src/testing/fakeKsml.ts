import { ResponseError } from '@backstage/errors';
import {
  definitionFiles,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import type {
  DeployRequestInput,
  KsmlApi,
  KsmlAppRef,
  KsmlDefinitionResponse,
  KsmlOffsetResetResponse,
  KsmlRenderResponse,
  KsmlStatusResponse,
  KsmlWorkload,
  ResetOffsetsRequestInput,
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
 * A render of the request as the backend shapes it, for tests that look at what a request put
 * into the files: its release and namespace (`ksml-<environment>`), its definitions (one file
 * each, named by the runner config), schemas, replicas and Kafka properties in the values; no
 * secrets, no KsmlApp.
 */
export function renderedFor(request: DeployRequestInput): KsmlRenderResponse {
  const files = definitionFiles({
    application: request.application,
    definition: request.definition,
    definitions: request.definitions,
  });
  const texts = request.definitions ?? {
    [request.application]: request.definition!,
  };
  return {
    ...renderedApp,
    release: releaseName(request),
    namespace: `ksml-${request.environment}`,
    values: {
      replicaCount: request.replicas ?? 1,
      ...(request.deploymentMode
        ? { deploymentMode: request.deploymentMode }
        : {}),
      ksmlRunnerConfig: {
        definitions: files,
        kafka: Object.fromEntries(
          Object.entries(request.kafkaProperties).map(([k, v]) => [
            k,
            String(v),
          ]),
        ),
      },
      ksmlDefinitions: Object.fromEntries(
        Object.entries(files).map(([name, file]) => [file, texts[name]]),
      ),
      schemaDefinitions: Object.fromEntries(
        (request.schemas ?? []).map(s => [s.schemaFileName, s.schemaBody]),
      ),
    },
    secretName: undefined,
    secretProperties: [],
    postRenderPatches: [],
    ksmlApp: undefined,
  };
}

/** What runs in an environment as `GET /definition` answers: revision 4 of the app's definition. */
export function runningDefinition(ref: KsmlAppRef): KsmlDefinitionResponse {
  return {
    revision: 4,
    status: 'deployed',
    deployedAt: '2026-12-07T10:00:00Z',
    applicationId: `${ref.tenant}-${ref.instance}-${ref.application}`,
    definitions: {
      [ref.application]:
        'streams:\n  sensors: {topic: ksml_sensordata_avro, keyType: string, valueType: avro:SensorData}\n  copied: {topic: ksml_sensordata_copy, keyType: string, valueType: avro:SensorData}\npipelines:\n  copy:\n    from: sensors\n    to: copied\n',
    },
    schemas: [
      { schemaFileName: 'SensorData.avsc', schemaBody: '{"type":"record"}' },
    ],
    replicas: 2,
    deploymentMode: 'StatefulSet',
  };
}

/**
 * An offset reset as `POST /reset-offsets` answers it, over the two partitions of
 * ksml_sensordata_avro (offsets 0 to 120 and 10 to 80; the group committed 100 on the first, never
 * on the second): earliest and latest go to either end, a time to offsets 60 and 40, offsets to
 * those given (partitions not named stay out). Applied unless a dry run.
 */
export function offsetResetFor(
  request: ResetOffsetsRequestInput,
): KsmlOffsetResetResponse {
  const kept = [
    { partition: 0, earliestOffset: 0, endOffset: 120, currentOffset: 100 },
    { partition: 1, earliestOffset: 10, endOffset: 80 },
  ].map(p => ({ topic: 'ksml_sensordata_avro', ...p }));
  const newOffset = (p: (typeof kept)[number]) => {
    if (request.to === 'earliest') return p.earliestOffset;
    if (request.to === 'latest') return p.endOffset;
    if (request.to === 'time') return p.partition === 0 ? 60 : 40;
    return request.offsets!.find(
      o => o.topic === p.topic && o.partition === p.partition,
    )?.offset;
  };
  const partitions = kept.flatMap(p => {
    const to = newOffset(p);
    if (to === undefined) return [];
    return [
      {
        ...p,
        newOffset: to,
        lagBefore: p.endOffset - (p.currentOffset ?? p.earliestOffset),
        lagAfter: p.endOffset - to,
      },
    ];
  });
  const dryRun = request.dryRun ?? false;
  return {
    groupId: `${request.tenant}-${request.instance}-${request.application}`,
    groupType: 'classic',
    groupState: 'Empty',
    to: request.to,
    ...(request.time !== undefined ? { time: request.time } : {}),
    dryRun,
    applied: !dryRun,
    lagBefore: partitions.reduce((sum, p) => sum + p.lagBefore, 0),
    lagAfter: partitions.reduce((sum, p) => sum + p.lagAfter, 0),
    partitions,
  };
}

/**
 * A KSML backend test double: deploy answers revision 1; status answers the given sequence
 * (the last one repeats); definition answers {@link runningDefinition}; resetOffsets answers
 * {@link offsetResetFor}; gitopsFiles answers 404 (nothing published). Every call records the token it was given.
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
    test: jest.fn(),
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
    throughput: jest.fn(),
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
    // This portal published nothing (no publish folder, or not for this app).
    gitopsFiles: jest.fn<
      ReturnType<KsmlApi['gitopsFiles']>,
      Parameters<KsmlApi['gitopsFiles']>
    >(async ref => {
      throw await backendRefusal(
        404,
        'NotFoundError',
        `No GitOps files of ${ref.application} for ${ref.environment} in the portal's publish folder: they are in the app's repository`,
        'NoPublishedFiles',
      );
    }),
    lag: jest.fn(),
    records: jest.fn(),
    resetOffsets: jest.fn<
      ReturnType<KsmlApi['resetOffsets']>,
      Parameters<KsmlApi['resetOffsets']>
    >(async request => offsetResetFor(request)),
    topology: jest.fn(),
    followLogs: jest.fn(),
    definition: jest.fn<
      ReturnType<KsmlApi['definition']>,
      Parameters<KsmlApi['definition']>
    >(async ref => runningDefinition(ref)),
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
