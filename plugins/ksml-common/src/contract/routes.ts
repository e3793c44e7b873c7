import { z } from 'zod';
import {
  deployRequestSchema,
  testRequestSchema,
} from '../schema/deployRequest';
import { appRefSchema } from '../schema/fields';
import { preflightRequestSchema } from '../schema/preflightRequest';
import { promoteRequestSchema } from '../schema/promoteRequest';
import { resetOffsetsRequestSchema } from '../schema/resetOffsetsRequest';
import {
  appsQuerySchema,
  changesQuerySchema,
  definitionQuerySchema,
  logsQuerySchema,
  metricsQuerySchema,
  recordsQuerySchema,
  throughputQuerySchema,
  restartBodySchema,
  rollbackBodySchema,
  scaleBodySchema,
  undeployQuerySchema,
} from '../schema/queries';
import { formatFieldPath, parseInput } from '../schema/parse';
import { KsmlResponse, KsmlResponseName, ksmlResponses } from './responses';

/**
 * The body of `POST /redeploy`: the app, the secret Kafka properties' values again, and, for an
 * edit of what runs, other definitions and schemas (everything else stays as recorded).
 */
export const redeployBodySchema = appRefSchema
  .extend({
    /** Values of the secret Kafka properties, which the recorded request holds redacted. */
    secretKafkaProperties: z.record(z.string(), z.string()).optional(),
    /** Definitions to deploy instead of the recorded ones (KSML namespace -> YAML). */
    definitions: deployRequestSchema.shape.definitions,
    /** Schema files to deploy instead of the recorded ones (with `definitions`). */
    // Without the deploy's default ([]): absent means "keep the recorded ones", not "none".
    schemas: deployRequestSchema.shape.schemas.unwrap().optional(),
  })
  .strict()
  .refine(body => !body.schemas || body.definitions, {
    path: ['schemas'],
    message: 'are replaced only together with definitions',
  });

/** Where a route's input is read from, the schema it must meet and what the 400 calls it. */
export interface KsmlRouteInput {
  in: 'query' | 'body';
  schema: z.ZodType;
  /** The input's name in a refusal: `Invalid deploy request: replicas: must be at most 50`. */
  what: string;
}

/** One route of the KSML API, as the backend, the provisioner and the client must serve it. */
export interface KsmlRoute {
  /** The client method's name, and the OpenAPI operationId. */
  operationId: string;
  method: 'get' | 'post' | 'delete';
  /** Below the API's base: `/api/ksml` in Backstage, the root in the provisioner. */
  path: string;
  /** The permission the backend checks (the provisioner has basic auth instead). */
  permission: string;
  input?: KsmlRouteInput;
  /** What a successful answer holds (each event's data, for a stream): a schema of `ksmlResponses`. */
  response: KsmlResponseName;
  /** A stream of server-sent events rather than one JSON answer. */
  stream?: true;
  /** Served by the standalone provisioner too (the readme's routes and the day-2 ones). */
  provisioner: boolean;
  /** What it does and answers, for the README's table and the OpenAPI document. */
  description: string;
}

/** The input of a route that only names the app, in its query. */
const app = () => ({ in: 'query', schema: appRefSchema, what: 'app' } as const);

/**
 * The KSML API, written once: the backend's router and the provisioner's app register their
 * routes from it and parse input with its schemas, the OpenAPI document
 * (`plugins/ksml-backend/src/schema/openapi.yaml`, by test/testbed/src/contract) and the README's route table are built from it
 * (`npm run contract`), and tests hold the routers and `KsmlClient` to it.
 */
export const ksmlRoutes = [
  {
    operationId: 'deploy',
    method: 'post',
    path: '/deploy',
    permission: 'ksml.app.deploy',
    input: { in: 'body', schema: deployRequestSchema, what: 'deploy request' },
    response: 'KsmlDeployResponse',
    provisioner: true,
    description:
      "the readme's body, plus optional `deploymentMode` (`StatefulSet`/`Job`), `definitions` (name → YAML), `resources`, `storage` (`{size, storageClassName}`), `tests` and `requireTests` (see `POST /test`) → `{helm, secretProperties, warnings, tests?}`",
  },
  {
    operationId: 'redeploy',
    method: 'post',
    path: '/redeploy',
    permission: 'ksml.app.deploy',
    input: { in: 'body', schema: redeployBodySchema, what: 'redeploy request' },
    response: 'KsmlDeployResponse',
    provisioner: false,
    description:
      'deploys the last recorded desired state again; body `{tenant, instance, environment, application, secretKafkaProperties?, definitions?, schemas?}` (secrets are stored redacted, so they must be sent again; `definitions` and `schemas` replace the recorded ones: an edit of the definition with every other setting kept)',
  },
  {
    operationId: 'render',
    method: 'post',
    path: '/render',
    permission: 'ksml.app.read',
    input: { in: 'body', schema: deployRequestSchema, what: 'deploy request' },
    response: 'KsmlRenderResponse',
    provisioner: true,
    description:
      'validates like `/deploy` and returns what it would install, applying nothing: `{release, namespace, chart, values, secretName?, secretProperties, postRenderPatches, warnings}`; secret Kafka properties are left to a Secret `secretName` the platform provides (for GitOps and dry runs)',
  },
  {
    operationId: 'test',
    method: 'post',
    path: '/test',
    permission: 'ksml.app.deploy',
    input: { in: 'body', schema: testRequestSchema, what: 'test request' },
    response: 'KsmlTestResponse',
    provisioner: false,
    description:
      "runs the request's KSML test suites (a deploy request whose `kafkaProperties` may be left out, since the tests reach no broker; `tests`: suite name -> YAML in KSML 1.3.0's test runner format, each naming in `definition` the request's definition it tests) with KSML's own test runner on Kafka's TopologyTestDriver (no broker), as a Job with the app's runner image on the environment's cluster or in a JVM beside the backend (`ksml.tests`); applies nothing of the app: `{passed, counts:{passed, failed, errors}, results:[{suite, test, status: PASS|FAIL|ERROR, message?}], ranOn: local|cluster, durationMs}`; a suite the runner cannot read is one ERROR result in its words; 400 without `tests`; 503 when the runner reports nothing (it could not start, or ran out of time), quoting its last lines. `POST /deploy` with `requireTests: true` runs them first and deploys only when each passes (else 400 `TestsFailed` naming each test), answering with their report in `tests`",
  },
  {
    operationId: 'undeploy',
    method: 'delete',
    path: '/deploy',
    permission: 'ksml.app.undeploy',
    input: { in: 'query', schema: undeployQuerySchema, what: 'undeploy query' },
    response: 'KsmlUndeployResponse',
    provisioner: true,
    description:
      'helm uninstall; the store PVCs are kept unless `deleteStorage=true`',
  },
  {
    operationId: 'status',
    method: 'get',
    path: '/status',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlStatusResponse',
    provisioner: true,
    description:
      "`{helm:{name, chart, version, appVersion, namespace, revision, status, deployedAt}, kubernetes:{name, status, replicas, readyReplicas, deploymentMode, restarts, reason?, message?, hint?, logTail?, streams?:[{replicaName, state, reason?, since?, sinceEstimated?, observedAt?, threads?, restore?, lastRebalanceSecondsAgo?}]}}`; `streams` is each replica's Kafka Streams client as its runner reports it (read in the background through the pod proxy, for the apps whose status is read; `Unknown` with a reason until read), and a client in `ERROR` makes the app `Failing` (`StreamsError`), one rebalancing or restoring state keeps it `Starting` (`Rebalancing`, `RestoringState`); status `Running`, `Starting`, `Failing`, `Completed` (Job), `Stopped` (0 replicas); the diagnosis says why an app is not Running (`Unschedulable` with the scheduler's reason, `ClaimPending`, `NotReady`, `CrashLoopBackOff` with the last log lines, `OOMKilled`, `ImagePullBackOff`, `StoreLimitExceeded`, …) and what to do; for a runner that crashes or runs unready, a cause its own log names (`FunctionError` naming the Python function, its exception and the line the runner gives, `KafkaAuthenticationFailed`, `KafkaAuthorizationFailed`, `KafkaTlsFailed`, `MissingSourceTopic`, `BootstrapUnresolvable`, `DefinitionError`; `BrokerUnreachable` while it retries) with that line as the message, and the app is `Failing` rather than `Starting`; 404 when not deployed",
  },
  {
    operationId: 'logs',
    method: 'get',
    path: '/logs',
    permission: 'ksml.app.logs.read',
    input: { in: 'query', schema: logsQuerySchema, what: 'logs query' },
    response: 'KsmlLogsResponse',
    provisioner: true,
    description:
      '`{tailLines, logs:[{replicaName, lines, error?}]}`; `tailLines` from 1 to 10000, default 100; `previous=true` for the last terminated container (a crashed run)',
  },
  {
    operationId: 'followLogs',
    method: 'get',
    path: '/logs/follow',
    permission: 'ksml.app.logs.read',
    input: { in: 'query', schema: logsQuerySchema, what: 'logs query' },
    response: 'KsmlLogLine',
    stream: true,
    provisioner: false,
    description:
      'live logs as server-sent events, one `data:` line of `{replica, line}` per log line of any replica (the last `tailLines` first), until the client goes away; an `event: error` ends a failed stream; 429 past the open streams allowed per user or in all',
  },
  {
    operationId: 'metrics',
    method: 'get',
    path: '/metrics',
    permission: 'ksml.app.read',
    input: { in: 'query', schema: metricsQuerySchema, what: 'metrics query' },
    response: 'KsmlMetricsResponse',
    provisioner: true,
    description:
      "`{cpu:{usedMillicores}, memory:{usedMb}, replicas:[…]}` (the readme's optional `deploymentMode` is accepted); 404 with the reason when metrics.k8s.io is missing or has no data yet",
  },
  {
    operationId: 'throughput',
    method: 'get',
    path: '/throughput',
    permission: 'ksml.app.read',
    input: {
      in: 'query',
      schema: throughputQuerySchema,
      what: 'throughput query',
    },
    response: 'KsmlThroughputResponse',
    provisioner: true,
    description:
      "the app's throughput as its KSML runners report it (their metrics endpoint, read in the background through the pod proxy while the app is looked at): `{intervalSeconds, replicas:[{replicaName, state, reason?, observedAt?, recordsInPerSecond?, recordsOutPerSecond?, heapUsedBytes?, heapMaxBytes?}], nodes:[{node, recordsPerSecond, e2eLatencyAvgMs?, e2eLatencyMaxMs?}], functions:[{name, calls, meanMs, p99Ms?, maxMs?}], history:[{at, recordsInPerSecond, recordsOutPerSecond, heapUsedBytes}], historySource, historySeconds, longerHistory, historyWarning?}`, the history oldest first: by default the last hour the backend kept (`historySource: runners`); `range` (`15m`, `6h`, `7d`, at most 30d) asks for more, from the environment's Prometheus where one is configured (`historySource: prometheus`, `longerHistory: true`), else 400 naming `range` past the kept hour; a Prometheus that fails gives the kept history with `historyWarning`; a replica not read yet is `Unknown` with its reason; 404 when not deployed",
  },
  {
    operationId: 'history',
    method: 'get',
    path: '/history',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlHistoryResponse',
    provisioner: false,
    description:
      "the app's recorded operations (deploy, undeploy, rollback, scale, restart), newest first (Kafka secrets redacted)",
  },
  {
    operationId: 'revisions',
    method: 'get',
    path: '/revisions',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlRevisionsResponse',
    provisioner: true,
    description:
      "the app's Helm revisions, newest first: `{revision, status, chartVersion, appVersion, deployedAt, description, replicas, deploymentMode, definitionDigest, changes:{replicas?, definition?, kafkaProperties?, chartVersion?}, operation?, actor?}`",
  },
  {
    operationId: 'rollback',
    method: 'post',
    path: '/rollback',
    permission: 'ksml.app.operate',
    input: { in: 'body', schema: rollbackBodySchema, what: 'rollback request' },
    response: 'KsmlOperationResponse',
    provisioner: true,
    description:
      'body `{tenant, instance, environment, application, revision}` → `{helm}`; 400 for a revision Helm no longer keeps, 409 for a Job or a revision that reads a Kafka Secret key the Secret no longer holds ([ADR 10](docs/adr/0010-day-2-operations.md))',
  },
  {
    operationId: 'scale',
    method: 'post',
    path: '/scale',
    permission: 'ksml.app.operate',
    input: { in: 'body', schema: scaleBodySchema, what: 'scale request' },
    response: 'KsmlOperationResponse',
    provisioner: true,
    description:
      'body `{…app, replicas}` (0 stops the app) → `{helm}`: a Helm upgrade of the installed values with other replicas; 409 for a Job',
  },
  {
    operationId: 'restart',
    method: 'post',
    path: '/restart',
    permission: 'ksml.app.operate',
    input: { in: 'body', schema: restartBodySchema, what: 'restart request' },
    response: 'KsmlOperationResponse',
    provisioner: true,
    description:
      'body `{…app}` → `{helm}`: a rolling restart of the StatefulSet (`kubectl rollout restart`); a Job runs anew',
  },
  {
    operationId: 'events',
    method: 'get',
    path: '/events',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlEventsResponse',
    provisioner: true,
    description:
      "the Kubernetes events of the app's StatefulSet or Job, pods and claims (every type) and its recorded operations with who asked, on one timeline, newest first: `{time, type: Normal|Warning|Operation, reason, message, object?, count?, source?}`",
  },
  {
    operationId: 'gitopsFiles',
    method: 'get',
    path: '/gitops',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlGitopsFilesResponse',
    provisioner: false,
    description:
      "the GitOps files the GitOps template published for the app's environment in the portal's publish folder (`ksml.scaffolder.publishFolder`): `{folder, files: [{path, size, content?}]}`; 404 when there are none (they are in the app's repository)",
  },
  {
    operationId: 'topology',
    method: 'get',
    path: '/topology',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlTopologyResponse',
    provisioner: true,
    description:
      "the deployed app's graph, drawn from the definitions its release runs: `{applicationId, topology:{nodes:[{id, kind: topic|source|operation|sink|producer|store, label, detail?, topic?, sourceType?, keyType?, valueType?, pipeline?}], edges:[{from, to, label?}], inputTopics, outputTopics}}`; 404 when not deployed",
  },
  {
    operationId: 'lag',
    method: 'get',
    path: '/lag',
    permission: 'ksml.app.read',
    input: app(),
    response: 'KsmlLagResponse',
    provisioner: false,
    description:
      "the consumer lag of the app's group (its `application.id`) on every topic it reads, per partition: `{groupId, measuredAt, total, topics:[{topic, lag, partitions:[{partition, earliestOffset, endOffset, committedOffset?, lag}]}], missingTopics, history:[{at, total}]}`; a partition without commit counts from its earliest offset; 404 without a Kafka connection for the environment, 503 naming the cluster when it cannot be reached",
  },
  {
    operationId: 'records',
    method: 'get',
    path: '/records',
    permission: 'ksml.app.data.read',
    input: { in: 'query', schema: recordsQuerySchema, what: 'records query' },
    response: 'KsmlRecordsResponse',
    provisioner: false,
    description:
      "records of one of the topics the app's deployed definition reads or writes, decoded by the types its stream declares (JSON, text, numbers; hex for binary, Avro and what does not parse): `{topic, keyType?, valueType?, records:[{partition, offset, timestamp, key, keyFormat, value, valueFormat, note?, headers:[{key, value}], bytes}], scanned:{records, bytes}, truncated?, partitions:[{partition, earliestOffset, endOffset}]}`, oldest first; the last `limit` (default 50, at most 500), or from `from` (a time) or `partition` + `offset`; `filter` keeps those whose key or value contains it; a read stops at 10,000 records or 16 MiB scanned (`truncated`); audited with the topic and count, never the data; 400 naming `topic` for a topic the app does not use, 404 without a Kafka connection, 503 naming the cluster when it cannot be reached",
  },
  {
    operationId: 'resetOffsets',
    method: 'post',
    path: '/reset-offsets',
    permission: 'ksml.app.operate',
    input: {
      in: 'body',
      schema: resetOffsetsRequestSchema,
      what: 'offset reset',
    },
    response: 'KsmlOffsetResetResponse',
    provisioner: false,
    description:
      "body `{…app, to: earliest|latest|time|offsets, time?, offsets?:[{topic, partition, offset}], topics?, dryRun?}` → `{groupId, groupType, groupState?, to, time?, dryRun, applied, lagBefore, lagAfter, partitions:[{topic, partition, earliestOffset, endOffset, currentOffset?, newOffset, lagBefore, lagAfter}]}`: moves the app's consumer group (its `application.id`, a classic or a Streams group) on the input topics of its deployed definition; `time` goes to each partition's first record at or after it (the end where none is); an offset outside a partition's kept range is a 400 naming it; a dry run changes nothing; 409 `AppRunning` while any replica runs (stop it first: scale to 0), `GroupActive` while the group still has members; recorded in the app's history and audited; 404 without a Kafka connection, 503 naming the cluster when it cannot be reached ([ADR 29](docs/adr/0029-offset-resets-only-on-a-stopped-app.md))",
  },
  {
    operationId: 'apps',
    method: 'get',
    path: '/apps',
    permission: 'ksml.app.read',
    input: { in: 'query', schema: appsQuerySchema, what: 'apps query' },
    response: 'KsmlAppsResponse',
    provisioner: false,
    description:
      'every app this backend manages, with its live status; `tenant`, `instance` and `application` narrow the list (and the status reads) to the apps that match',
  },
  {
    operationId: 'definition',
    method: 'get',
    path: '/definition',
    permission: 'ksml.app.read',
    input: {
      in: 'query',
      schema: definitionQuerySchema,
      what: 'definition query',
    },
    response: 'KsmlDefinitionResponse',
    provisioner: true,
    description:
      'what a Helm revision of the app runs (the deployed one, or `revision`), read from the release: `{revision, status, deployedAt, applicationId, definitions: {namespace: yaml}, schemas: [{schemaFileName, schemaBody}], replicas?, deploymentMode?}`; 404 when not deployed or Helm no longer keeps the revision',
  },
  {
    operationId: 'promote',
    method: 'post',
    path: '/promote',
    permission: 'ksml.app.deploy',
    input: {
      in: 'body',
      schema: promoteRequestSchema,
      what: 'promote request',
    },
    response: 'KsmlPromoteResponse',
    provisioner: false,
    description:
      "deploys what runs in `from` (definitions, schemas, replicas and resources unless given) to `to` with the Kafka properties of `to` (`kafkaProperties`, else its last deploy's; secrets resent in `secretKafkaProperties`): body `{tenant, instance, application, from, to, replicas?, resources?, kafkaProperties?, secretKafkaProperties?, allowMissingTopics?, dryRun?}` → `{from:{environment, revision}, to:{environment, revision?}, dryRun, changedDefinitions, replicas, warnings, deployed?}`; a dry run checks the target's values and Kafka and applies nothing; recorded and audited as a promotion",
  },
  {
    operationId: 'preflight',
    method: 'post',
    path: '/preflight',
    permission: 'ksml.app.read',
    input: {
      in: 'body',
      schema: preflightRequestSchema,
      what: 'preflight request',
    },
    response: 'KsmlPreflightResponse',
    provisioner: false,
    description:
      "a form's checks before Create, applying nothing: body `{tenant, instance, application, environments, definition?|definitions?, replicas?}` → `{items:[{environment, release, deployed, kafka?, missingInputTopics, warnings, error?}]}`: whether the app already runs in each environment, and the topics its definition reads that the environment's Kafka (named as configured) lacks",
  },
  {
    operationId: 'changes',
    method: 'get',
    path: '/changes',
    permission: 'ksml.app.read',
    input: { in: 'query', schema: changesQuerySchema, what: 'changes query' },
    response: 'KsmlHistoryResponse',
    provisioner: false,
    description:
      "the recorded operations of every app, newest first (`limit` from 1 to 1000, default 100; `actor` an entity ref to see one person's changes), Kafka secrets redacted",
  },
] as const satisfies readonly KsmlRoute[];

/** A route of {@link ksmlRoutes}, with its literal operationId and input schema. */
export type KsmlContractRoute = (typeof ksmlRoutes)[number];

/** The operationId of a route of {@link ksmlRoutes}. */
export type KsmlOperationId = KsmlContractRoute['operationId'];

/** The route of an operation, with its input's schema type. */
export function ksmlRoute<I extends KsmlOperationId>(
  operationId: I,
): Extract<(typeof ksmlRoutes)[number], { operationId: I }> {
  const route = ksmlRoutes.find(r => r.operationId === operationId);
  if (!route) throw new Error(`No KSML route ${operationId}`);
  return route as Extract<(typeof ksmlRoutes)[number], { operationId: I }>;
}

/** What an operation answers (for a stream: each event's data). */
export type KsmlResponseOf<I extends KsmlOperationId> = KsmlResponse<
  Extract<KsmlContractRoute, { operationId: I }>['response']
>;

/** What a route's input is once parsed: its schema's output, or undefined without input. */
export type KsmlRouteInputOf<R> = R extends {
  input: { schema: infer S extends z.ZodType };
}
  ? z.output<S>
  : undefined;

/**
 * Parses a request's input for a route: its query or its body, with the route's schema, or
 * throws the 400 naming the field and the reason ({@link parseInput}).
 */
export function parseRouteInput<R extends KsmlRoute>(
  route: R,
  request: { query: unknown; body: unknown },
): KsmlRouteInputOf<R> {
  if (!route.input) return undefined as KsmlRouteInputOf<R>;
  return parseInput(
    route.input.schema,
    route.input.in === 'body' ? request.body : request.query,
    route.input.what,
  ) as KsmlRouteInputOf<R>;
}

/**
 * Throws when an answer of an operation is not the shape the contract gives it (a field
 * missing, of another type, or one it does not name), saying where. The routers run it on every
 * answer where `KSML_CHECK_RESPONSES=1` (the tests and the dev portal), so that every test of a
 * route also tests its answer against the contract.
 */
export function assertContractResponse(
  operationId: KsmlOperationId,
  body: unknown,
): void {
  const { response } = ksmlRoute(operationId);
  const result = ksmlResponses[response].safeParse(body);
  if (result.success) return;
  const issues = result.error.issues
    .map(
      issue => `${formatFieldPath(issue.path) || '(root)'}: ${issue.message}`,
    )
    .join('; ');
  throw new Error(
    `The answer of ${operationId} breaks the contract (${response}): ${issues}`,
  );
}
