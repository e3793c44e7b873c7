import type { KsmlResponse, KsmlResponseName } from '../contract/responses';

const release = 'dizzl-sandbox-dev-x-ksml';
const at = '2026-12-06T10:00:00.000Z';

const helm = {
  name: release,
  chart: 'ksml',
  version: '1.3.0',
  appVersion: '1.3.0',
  namespace: 'ksml',
  revision: 2,
  status: 'deployed',
  deployedAt: at,
};

const status: KsmlResponse<'KsmlStatusResponse'> = {
  helm,
  kubernetes: {
    name: release,
    status: 'Running',
    replicas: 1,
    readyReplicas: 1,
    deploymentMode: 'StatefulSet',
    restarts: 0,
  },
};

const record: KsmlResponse<'KsmlHistoryResponse'>['items'][number] = {
  id: 1,
  release,
  environment: 'dev',
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'x',
  namespace: 'ksml',
  operation: 'deploy',
  outcome: 'succeeded',
  revision: 2,
  actor: 'user:default/guest',
  createdAt: at,
};

/**
 * An answer of every response of the contract (`ksmlResponses`), for fakes that answer as a
 * service would: typed, so each one has the contract's shape (responses.test.ts parses them too).
 */
export const responseExamples: {
  [N in KsmlResponseName]: KsmlResponse<N>;
} = {
  KsmlDeployResponse: {
    helm,
    secretProperties: ['sasl.jaas.config'],
    warnings: [],
  },
  KsmlTestResponse: {
    passed: false,
    counts: { passed: 1, failed: 1, errors: 0 },
    results: [
      {
        suite: 'sensor-filter',
        test: 'a blue sensor passes, a red one does not',
        status: 'PASS',
      },
      {
        suite: 'sensor-filter',
        test: 'a reading without a color is dropped',
        status: 'FAIL',
        message: 'AssertionError: got 1 records',
      },
    ],
    ranOn: 'cluster',
    durationMs: 14200,
  },
  KsmlRenderResponse: {
    release,
    namespace: 'ksml',
    chart: {
      kind: 'oci',
      url: 'oci://registry/charts',
      name: 'ksml',
      version: '1.3.0',
    },
    values: { replicaCount: 1 },
    secretProperties: [],
    postRenderPatches: [],
    warnings: [],
  },
  KsmlUndeployResponse: { release, namespace: 'ksml', deletedClaims: [] },
  KsmlStatusResponse: status,
  KsmlLogsResponse: {
    tailLines: 100,
    logs: [{ replicaName: `${release}-0`, lines: 'started\n' }],
  },
  KsmlLogLine: { replica: `${release}-0`, line: 'started' },
  KsmlMetricsResponse: {
    cpu: { usedMillicores: '12' },
    memory: { usedMb: '300' },
    replicas: [
      {
        replicaName: `${release}-0`,
        cpu: { usedMillicores: '12' },
        memory: { usedMb: '300' },
      },
    ],
  },
  KsmlThroughputResponse: {
    intervalSeconds: 15,
    replicas: [
      {
        replicaName: '0',
        state: 'RUNNING',
        observedAt: '2024-08-26T13:05:00Z',
        recordsInPerSecond: 12.5,
        recordsOutPerSecond: 12.5,
        heapUsedBytes: 120_000_000,
        heapMaxBytes: 512_000_000,
      },
    ],
    nodes: [
      {
        node: 'sensor-inspector_pipelines_main_to',
        recordsPerSecond: 12.5,
        e2eLatencyAvgMs: 4.2,
        e2eLatencyMaxMs: 31,
      },
    ],
    functions: [
      {
        name: 'sensor-inspector.log_message',
        calls: 420,
        meanMs: 0.8,
        p99Ms: 3.1,
        maxMs: 12,
      },
    ],
    history: [
      {
        at: '2024-08-26T13:04:45Z',
        recordsInPerSecond: 11,
        recordsOutPerSecond: 11,
        heapUsedBytes: 118_000_000,
      },
    ],
    historySource: 'runners',
    historySeconds: 3600,
    longerHistory: false,
  },
  KsmlHistoryResponse: { items: [record] },
  KsmlRevisionsResponse: {
    items: [
      {
        revision: 2,
        status: 'deployed',
        chartVersion: '1.3.0',
        appVersion: '1.3.0',
        deployedAt: at,
        description: 'Upgrade complete',
        replicas: 1,
        changes: { replicas: { from: 2, to: 1 } },
      },
    ],
  },
  KsmlOperationResponse: { helm },
  KsmlEventsResponse: {
    items: [
      {
        time: at,
        type: 'Normal',
        reason: 'Started',
        message: 'Started container ksml',
      },
    ],
  },
  KsmlGitopsFilesResponse: {
    folder: 'published/dizzl-sandbox-dev-x',
    files: [{ path: 'values.yaml', size: 20, content: 'replicaCount: 1\n' }],
  },
  KsmlTopologyResponse: {
    applicationId: 'dizzl-sandbox-dev-x',
    topology: {
      nodes: [{ id: 'topic:in', kind: 'topic', label: 'in', topic: 'in' }],
      edges: [],
      inputTopics: ['in'],
      outputTopics: [],
    },
  },
  KsmlRecordsResponse: {
    topic: 'ksml_sensordata_avro',
    keyType: 'string',
    valueType: 'json',
    records: [
      {
        partition: 0,
        offset: 41,
        timestamp: '2024-08-26T13:04:45Z',
        key: 'sensor3',
        keyFormat: 'text',
        value: { name: 'sensor3', value: '72', type: 'HUMIDITY' },
        valueFormat: 'json',
        headers: [{ key: 'source', value: 'gateway-1' }],
        bytes: 56,
      },
    ],
    scanned: { records: 1, bytes: 56 },
    partitions: [{ partition: 0, earliestOffset: 0, endOffset: 42 }],
  },
  KsmlLagResponse: {
    groupId: 'dizzl-sandbox-dev-x',
    measuredAt: at,
    total: 0,
    topics: [
      {
        topic: 'in',
        lag: 0,
        partitions: [
          {
            partition: 0,
            endOffset: 5,
            earliestOffset: 0,
            committedOffset: 5,
            lag: 0,
          },
        ],
      },
    ],
    missingTopics: [],
    history: [{ at, total: 0 }],
  },
  KsmlOffsetResetResponse: {
    groupId: 'dizzl-sandbox-dev-x',
    groupType: 'classic',
    groupState: 'Empty',
    to: 'earliest',
    dryRun: true,
    applied: false,
    lagBefore: 0,
    lagAfter: 5,
    partitions: [
      {
        topic: 'in',
        partition: 0,
        earliestOffset: 0,
        endOffset: 5,
        currentOffset: 5,
        newOffset: 0,
        lagBefore: 0,
        lagAfter: 5,
      },
    ],
  },
  KsmlDefinitionResponse: {
    revision: 2,
    status: 'deployed',
    deployedAt: at,
    applicationId: 'dizzl-sandbox-dev-x',
    definitions: { x: 'streams:\n  in:\n    topic: in\n' },
    schemas: [],
    replicas: 1,
    deploymentMode: 'StatefulSet',
  },
  KsmlPromoteResponse: {
    from: { environment: 'dev', revision: 2 },
    to: { environment: 'stag' },
    dryRun: true,
    changedDefinitions: ['x'],
    replicas: 1,
    warnings: [],
  },
  KsmlPreflightResponse: {
    items: [
      {
        environment: 'dev',
        release,
        deployed: false,
        kafka: 'broker:9093',
        missingInputTopics: [],
        warnings: [],
      },
    ],
  },
  KsmlAppsResponse: {
    items: [
      {
        ref: {
          tenant: 'dizzl',
          instance: 'sandbox',
          environment: 'dev',
          application: 'x',
        },
        release,
        namespace: 'ksml',
        lastDeploy: record,
        status,
      },
    ],
  },
};
