import { z } from 'zod';
import { DEPLOYMENT_MODES } from '../schema/deployRequest';
import { OFFSET_RESET_TARGETS } from '../schema/resetOffsetsRequest';
import { STREAMS_STATES, STREAMS_UNKNOWN_REASONS } from '../types';

// What each route of the contract answers, as zod schemas: the OpenAPI document's response
// schemas come from them, the routers' handlers are typed by them (a handler that answers
// another shape does not compile), tests check real answers against them, and responses.test.ts
// holds them equal to the documented interfaces of types.ts. Strict objects: a field the
// contract does not know is a difference too.

const helmRelease = z.strictObject({
  name: z.string(),
  chart: z.string(),
  version: z.string(),
  appVersion: z.string(),
  namespace: z.string(),
  revision: z.number(),
  status: z.string(),
  deployedAt: z.string(),
});

const replicaStreams = z.strictObject({
  replicaName: z.string(),
  state: z.enum([...STREAMS_STATES, 'Unknown']),
  reason: z.enum(STREAMS_UNKNOWN_REASONS).optional(),
  message: z.string().optional(),
  since: z.string().optional(),
  sinceEstimated: z.boolean().optional(),
  observedAt: z.string().optional(),
  threads: z.strictObject({ alive: z.number(), failed: z.number() }).optional(),
  restore: z
    .strictObject({
      activeTasks: z.number(),
      remainingRecords: z.number(),
      recordsPerSecond: z.number().optional(),
      progress: z.number().optional(),
    })
    .optional(),
  lastRebalanceSecondsAgo: z.number().optional(),
});

const workload = z.strictObject({
  name: z.string(),
  status: z.enum(['Running', 'Starting', 'Failing', 'Completed', 'Stopped']),
  replicas: z.number(),
  readyReplicas: z.number(),
  deploymentMode: z.enum(DEPLOYMENT_MODES).optional(),
  restarts: z.number().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  hint: z.string().optional(),
  logTail: z.string().optional(),
  streams: z.array(replicaStreams).optional(),
});

const appCondition = z.strictObject({
  type: z.enum(['Ready', 'Reconciling', 'Failed']),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
  observedGeneration: z.number().optional(),
});

const statusResponse = z.strictObject({
  helm: helmRelease,
  kubernetes: workload,
  operator: z
    .strictObject({
      resource: z.string(),
      generation: z.number().optional(),
      observedGeneration: z.number().optional(),
      conditions: z.array(appCondition),
    })
    .optional(),
});

const logsResponse = z.strictObject({
  tailLines: z.number(),
  logs: z.array(
    z.strictObject({
      replicaName: z.string(),
      lines: z.string(),
      error: z.string().optional(),
    }),
  ),
});

const logLine = z.strictObject({ replica: z.string(), line: z.string() });

const usage = {
  cpu: z.strictObject({ usedMillicores: z.string() }),
  memory: z.strictObject({ usedMb: z.string() }),
};

const metricsResponse = z.strictObject({
  ...usage,
  replicas: z
    .array(z.strictObject({ ...usage, replicaName: z.string() }))
    .optional(),
});

const recordFormat = z.enum([
  'json',
  'text',
  'number',
  'boolean',
  'hex',
  'null',
]);
const recordsResponse = z.strictObject({
  topic: z.string(),
  keyType: z.string().optional(),
  valueType: z.string().optional(),
  records: z.array(
    z.strictObject({
      partition: z.number(),
      offset: z.number(),
      timestamp: z.string(),
      key: z.unknown(),
      keyFormat: recordFormat,
      value: z.unknown(),
      valueFormat: recordFormat,
      note: z.string().optional(),
      headers: z.array(
        z.strictObject({ key: z.string(), value: z.string().nullable() }),
      ),
      bytes: z.number(),
    }),
  ),
  scanned: z.strictObject({ records: z.number(), bytes: z.number() }),
  truncated: z.enum(['records', 'bytes']).optional(),
  partitions: z.array(
    z.strictObject({
      partition: z.number(),
      earliestOffset: z.number(),
      endOffset: z.number(),
    }),
  ),
});

const throughputResponse = z.strictObject({
  intervalSeconds: z.number(),
  replicas: z.array(
    z.strictObject({
      replicaName: z.string(),
      state: z.enum([...STREAMS_STATES, 'Unknown']),
      reason: z.enum(STREAMS_UNKNOWN_REASONS).optional(),
      observedAt: z.string().optional(),
      recordsInPerSecond: z.number().optional(),
      recordsOutPerSecond: z.number().optional(),
      heapUsedBytes: z.number().optional(),
      heapMaxBytes: z.number().optional(),
    }),
  ),
  nodes: z.array(
    z.strictObject({
      node: z.string(),
      recordsPerSecond: z.number(),
      e2eLatencyAvgMs: z.number().optional(),
      e2eLatencyMaxMs: z.number().optional(),
    }),
  ),
  functions: z.array(
    z.strictObject({
      name: z.string(),
      calls: z.number(),
      meanMs: z.number(),
      p99Ms: z.number().optional(),
      maxMs: z.number().optional(),
    }),
  ),
  historySource: z.enum(['runners', 'prometheus']),
  historySeconds: z.number(),
  longerHistory: z.boolean(),
  historyWarning: z.string().optional(),
  history: z.array(
    z.strictObject({
      at: z.string(),
      recordsInPerSecond: z.number(),
      recordsOutPerSecond: z.number(),
      heapUsedBytes: z.number(),
    }),
  ),
});

const testResponse = z.strictObject({
  passed: z.boolean(),
  counts: z.strictObject({
    passed: z.number(),
    failed: z.number(),
    errors: z.number(),
  }),
  results: z.array(
    z.strictObject({
      suite: z.string(),
      test: z.string(),
      status: z.enum(['PASS', 'FAIL', 'ERROR']),
      message: z.string().optional(),
    }),
  ),
  ranOn: z.enum(['local', 'cluster']),
  durationMs: z.number(),
});

const deployResponse = z.strictObject({
  helm: helmRelease,
  secretProperties: z.array(z.string()),
  warnings: z.array(z.string()),
  tests: testResponse.optional(),
});

const undeployResponse = z.strictObject({
  release: z.string(),
  namespace: z.string(),
  deletedClaims: z.array(z.string()),
});

const stringMap = z.record(z.string(), z.string());

const ksmlAppObject = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.strictObject({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    generation: z.number().optional(),
    resourceVersion: z.string().optional(),
    deletionTimestamp: z.string().optional(),
    finalizers: z.array(z.string()).optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  spec: z.strictObject({
    tenant: z.string(),
    instance: z.string(),
    environment: z.string(),
    application: z.string().optional(),
    replicas: z.number().optional(),
    deploymentMode: z.string().optional(),
    definition: z.string().optional(),
    definitions: stringMap.optional(),
    kafkaProperties: stringMap.optional(),
    kafkaSecretRef: z.strictObject({ name: z.string() }).optional(),
    schemas: z
      .array(
        z.strictObject({ schemaFileName: z.string(), schemaBody: z.string() }),
      )
      .optional(),
    resources: z.unknown().optional(),
    storage: z.unknown().optional(),
    allowMissingTopics: z.boolean().optional(),
  }),
  status: z
    .strictObject({
      observedGeneration: z.number().optional(),
      release: z.string().optional(),
      helmRevision: z.number().optional(),
      state: z.string().optional(),
      secretVersion: z.string().optional(),
      conditions: z.array(appCondition).optional(),
    })
    .optional(),
});

const renderResponse = z.strictObject({
  release: z.string(),
  namespace: z.string(),
  chart: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum(['oci', 'repository']),
      url: z.string(),
      name: z.string(),
      version: z.string(),
    }),
    z.strictObject({ kind: z.literal('path') }),
  ]),
  values: z.record(z.string(), z.unknown()),
  secretName: z.string().optional(),
  secretProperties: z.array(z.string()),
  postRenderPatches: z.array(
    z.strictObject({
      target: z.strictObject({
        group: z.string().optional(),
        version: z.string().optional(),
        kind: z.string(),
        name: z.string().optional(),
      }),
      patch: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
  ksmlApp: z
    .strictObject({
      manifest: ksmlAppObject,
      secret: z
        .strictObject({ name: z.string(), keys: z.array(z.string()) })
        .optional(),
    })
    .optional(),
});

const deploymentRecord = z.strictObject({
  id: z.number(),
  release: z.string(),
  environment: z.string(),
  tenant: z.string(),
  instance: z.string(),
  application: z.string(),
  namespace: z.string(),
  operation: z.enum([
    'deploy',
    'undeploy',
    'rollback',
    'scale',
    'restart',
    'promote',
    'reset-offsets',
  ]),
  outcome: z.enum(['pending', 'succeeded', 'failed']),
  revision: z.number().optional(),
  request: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  actor: z.string().optional(),
  createdAt: z.string(),
});

const fromTo = <T extends z.ZodType>(value: T) =>
  z.strictObject({ from: value.optional(), to: value.optional() });

const revision = z.strictObject({
  revision: z.number(),
  status: z.string(),
  chartVersion: z.string(),
  appVersion: z.string(),
  deployedAt: z.string(),
  description: z.string(),
  replicas: z.number().optional(),
  deploymentMode: z.string().optional(),
  definitionDigest: z.string().optional(),
  changes: z.strictObject({
    replicas: fromTo(z.number()).optional(),
    chartVersion: z
      .strictObject({ from: z.string(), to: z.string() })
      .optional(),
    definition: z.boolean().optional(),
    kafkaProperties: z.array(z.string()).optional(),
    deploymentMode: fromTo(z.string()).optional(),
  }),
  operation: z.string().optional(),
  actor: z.string().optional(),
});

const event = z.strictObject({
  time: z.string(),
  type: z.enum(['Normal', 'Warning', 'Operation']),
  reason: z.string(),
  message: z.string(),
  object: z.string().optional(),
  count: z.number().optional(),
  source: z.string().optional(),
});

const gitopsFilesResponse = z.strictObject({
  folder: z.string(),
  files: z.array(
    z.strictObject({
      path: z.string(),
      size: z.number(),
      content: z.string().optional(),
    }),
  ),
});

const topologyResponse = z.strictObject({
  applicationId: z.string(),
  topology: z.strictObject({
    nodes: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.enum([
          'topic',
          'source',
          'operation',
          'sink',
          'producer',
          'store',
        ]),
        label: z.string(),
        detail: z.string().optional(),
        topic: z.string().optional(),
        sourceType: z.enum(['stream', 'table', 'globalTable']).optional(),
        keyType: z.string().optional(),
        valueType: z.string().optional(),
        pipeline: z.string().optional(),
        definition: z.string().optional(),
      }),
    ),
    edges: z.array(
      z.strictObject({
        from: z.string(),
        to: z.string(),
        label: z.string().optional(),
      }),
    ),
    inputTopics: z.array(z.string()),
    outputTopics: z.array(z.string()),
  }),
});

const offsetResetResponse = z.strictObject({
  groupId: z.string(),
  groupType: z.enum(['classic', 'consumer', 'streams', 'unknown']),
  groupState: z.string().optional(),
  to: z.enum(OFFSET_RESET_TARGETS),
  time: z.string().optional(),
  dryRun: z.boolean(),
  applied: z.boolean(),
  lagBefore: z.number(),
  lagAfter: z.number(),
  partitions: z.array(
    z.strictObject({
      topic: z.string(),
      partition: z.number(),
      earliestOffset: z.number(),
      endOffset: z.number(),
      currentOffset: z.number().optional(),
      newOffset: z.number(),
      lagBefore: z.number(),
      lagAfter: z.number(),
    }),
  ),
});

const lagResponse = z.strictObject({
  groupId: z.string(),
  measuredAt: z.string(),
  total: z.number(),
  topics: z.array(
    z.strictObject({
      topic: z.string(),
      lag: z.number(),
      partitions: z.array(
        z.strictObject({
          partition: z.number(),
          endOffset: z.number(),
          earliestOffset: z.number(),
          committedOffset: z.number().optional(),
          lag: z.number(),
        }),
      ),
    }),
  ),
  missingTopics: z.array(z.string()),
  history: z.array(z.strictObject({ at: z.string(), total: z.number() })),
});

const managedApp = z.strictObject({
  ref: z.strictObject({
    tenant: z.string(),
    instance: z.string(),
    environment: z.string(),
    application: z.string(),
  }),
  release: z.string(),
  namespace: z.string(),
  lastDeploy: deploymentRecord,
  status: statusResponse.optional(),
  error: z.string().optional(),
});

const definitionResponse = z.strictObject({
  revision: z.number(),
  status: z.string(),
  deployedAt: z.string(),
  applicationId: z.string(),
  definitions: stringMap,
  schemas: z.array(
    z.strictObject({ schemaFileName: z.string(), schemaBody: z.string() }),
  ),
  replicas: z.number().optional(),
  deploymentMode: z.string().optional(),
});

const promoteResponse = z.strictObject({
  from: z.strictObject({ environment: z.string(), revision: z.number() }),
  to: z.strictObject({
    environment: z.string(),
    revision: z.number().optional(),
  }),
  dryRun: z.boolean(),
  changedDefinitions: z.array(z.string()),
  replicas: z.number(),
  warnings: z.array(z.string()),
  deployed: deployResponse.optional(),
});

const preflightEnvironment = z.strictObject({
  environment: z.string(),
  release: z.string(),
  deployed: z.boolean(),
  kafka: z.string().optional(),
  missingInputTopics: z.array(z.string()),
  warnings: z.array(z.string()),
  error: z.string().optional(),
});

const itemsOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item) });

/**
 * Every answer of the contract by the name of its type in `types.ts` (a list is answered as
 * `{items}`, for room to add fields beside it later). A route of `ksmlRoutes` names one.
 */
export const ksmlResponses = {
  KsmlDeployResponse: deployResponse,
  KsmlRenderResponse: renderResponse,
  KsmlTestResponse: testResponse,
  KsmlUndeployResponse: undeployResponse,
  KsmlStatusResponse: statusResponse,
  KsmlLogsResponse: logsResponse,
  KsmlLogLine: logLine,
  KsmlMetricsResponse: metricsResponse,
  KsmlThroughputResponse: throughputResponse,
  KsmlRecordsResponse: recordsResponse,
  KsmlHistoryResponse: itemsOf(deploymentRecord),
  KsmlRevisionsResponse: itemsOf(revision),
  KsmlOperationResponse: z.strictObject({ helm: helmRelease }),
  KsmlEventsResponse: itemsOf(event),
  KsmlGitopsFilesResponse: gitopsFilesResponse,
  KsmlTopologyResponse: topologyResponse,
  KsmlLagResponse: lagResponse,
  KsmlOffsetResetResponse: offsetResetResponse,
  KsmlAppsResponse: itemsOf(managedApp),
  KsmlDefinitionResponse: definitionResponse,
  KsmlPromoteResponse: promoteResponse,
  KsmlPreflightResponse: itemsOf(preflightEnvironment),
} as const;

/** The name of a response of the contract. */
export type KsmlResponseName = keyof typeof ksmlResponses;

/** The shape of a named response (what a handler returns and a client receives). */
export type KsmlResponse<N extends KsmlResponseName> = z.output<
  (typeof ksmlResponses)[N]
>;
