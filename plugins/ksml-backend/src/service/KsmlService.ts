import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  formatFieldPath,
  KsmlAppRef,
  KsmlAppsFilter,
  KsmlChartReference,
  KsmlDefinitionResponse,
  KsmlRenderResponse,
  KsmlLogsResponse,
  KsmlEvent,
  KsmlGitopsFilesResponse,
  KsmlLogLine,
  KsmlManagedApp,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlOperationResponse,
  KsmlPreflightEnvironment,
  KsmlRevision,
  KsmlLagResponse,
  KsmlOffsetResetResponse,
  KsmlRecordsResponse,
  KsmlPromoteResponse,
  KsmlStatusResponse,
  KsmlTestResponse,
  KsmlTopologyResponse,
  PreflightRequest,
  PromoteRequest,
  REDACTED_SECRET,
  releaseName,
  ResetOffsetsRequest,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import {
  DeployResult,
  KsmlTargetResolver,
  PrometheusHistory,
  redactKafkaProperties,
  UndeployResult,
  withHistory,
  withSpan,
} from '@ksml-backstage/plugin-ksml-node';
import { DeploymentRecord, DeploymentStore } from '../database/DeploymentStore';
import { KafkaInsight } from '../kafka/KafkaInsight';
import { HistoryReads } from './HistoryReads';
import { OperationRecorder } from './OperationRecorder';
import { preflightEnvironments } from './preflightEnvironments';
import { promote } from './promote';
import { readPublishedGitops } from './publishedGitops';
import { recordedDesiredState } from './recordedDesiredState';

/** A managed app with its live status, or the error reading it. */
export type ManagedApp = KsmlManagedApp;

/** Options for {@link KsmlService.create}. */
export interface KsmlServiceOptions {
  /** What runs each environment's apps: a cluster or a remote provisioner. */
  targets: KsmlTargetResolver;
  store: DeploymentStore;
  resolveNamespace(environment: string): string;
  /** The chart the provisioner installs, as `POST /render` names it for GitOps. */
  chart: KsmlChartReference;
  /** How long a deploy waits for another operation on the same release; default 10 s. */
  lockWaitMs?: number;
  /** Where a history record that could not be written is reported. */
  logger?: LoggerService;
  /**
   * The dev portal's publish folder (`ksml.scaffolder.publishFolder`), where the GitOps
   * template publishes rendered files; unset: `GET /gitops` answers 404.
   */
  publishFolder?: string;
  /** Preflight checks and lag against the environments' Kafka clusters; unset: neither. */
  kafka?: KafkaInsight;
  /** An environment's Prometheus, for trends longer than the kept hour; unset: none has one. */
  prometheus?: (environment: string) => PrometheusHistory | undefined;
}

/**
 * What the routes do: provisioning through the core, one operation per release at a time
 * (a database lock shared by backend replicas), every deploy and undeploy recorded with its
 * desired state (secrets redacted), and a span around each operation.
 */
export class KsmlService {
  readonly #targets: KsmlTargetResolver;
  readonly #store: DeploymentStore;
  readonly #resolveNamespace: (environment: string) => string;
  readonly #chart: KsmlChartReference;
  readonly #publishFolder?: string;
  readonly #kafka?: KafkaInsight;
  readonly #prometheus: (environment: string) => PrometheusHistory | undefined;
  readonly #recorder: OperationRecorder;
  readonly #history: HistoryReads;

  static create(options: KsmlServiceOptions): KsmlService {
    return new KsmlService(options);
  }

  private constructor(options: KsmlServiceOptions) {
    this.#targets = options.targets;
    this.#store = options.store;
    this.#resolveNamespace = options.resolveNamespace;
    this.#chart = options.chart;
    this.#publishFolder = options.publishFolder;
    this.#kafka = options.kafka;
    this.#prometheus = options.prometheus ?? (() => undefined);
    this.#recorder = new OperationRecorder({
      store: options.store,
      resolveNamespace: options.resolveNamespace,
      lockWaitMs: options.lockWaitMs ?? 10_000,
      logger: options.logger,
    });
    this.#history = new HistoryReads({
      targets: options.targets,
      store: options.store,
    });
  }

  /** The GitOps files published for the app's environment (see readPublishedGitops). */
  async gitopsFiles(ref: KsmlAppRef): Promise<KsmlGitopsFilesResponse> {
    if (!this.#publishFolder) {
      throw withReason(
        new NotFoundError(
          "This portal publishes no GitOps files itself (ksml.scaffolder.publishFolder is not set): they are in the app's repository",
        ),
        'NoPublishedFiles',
      );
    }
    return readPublishedGitops(this.#publishFolder, ref);
  }

  async deploy(request: DeployRequest, actor?: string): Promise<DeployResult> {
    return this.#deployRecorded(request, { operation: 'deploy', actor });
  }

  /**
   * A deploy recorded as `operation` (a deploy, or the promotion that built it), with `more`
   * beside the redacted request in its record: refuses the redaction marker as a secret and a
   * missing input topic before anything is recorded or applied.
   */
  async #deployRecorded(
    request: DeployRequest,
    record: {
      operation: 'deploy' | 'promote';
      actor?: string;
      more?: Record<string, unknown>;
    },
  ): Promise<DeployResult> {
    // A client that sends back a recorded request (history) would otherwise deploy the
    // redaction marker as the password.
    const target = this.#targets(request.environment);
    const isSecret = (key: string) => target.isSecretProperty(key);
    const redactedSecrets = Object.entries(request.kafkaProperties)
      .filter(([key, value]) => value === REDACTED_SECRET && isSecret(key))
      .map(([key]) => formatFieldPath(['kafkaProperties', key]));
    if (redactedSecrets.length > 0) {
      throw new InputError(
        `${redactedSecrets.join(
          ', ',
        )}: is the redaction marker ${REDACTED_SECRET} (history holds no secrets); send the real value`,
      );
    }
    // Before anything is recorded or applied: a missing input topic is a 400.
    const preflight = (await this.#kafka?.preflight(request)) ?? [];
    const redacted = {
      ...request,
      kafkaProperties: redactKafkaProperties(request.kafkaProperties, isSecret),
      ...record.more,
    };
    const result = await this.#recorder.recorded(
      {
        ref: request,
        operation: record.operation,
        request: redacted,
        actor: record.actor,
      },
      () => target.deploy(request),
      deployed => deployed.helm.revision,
    );
    return preflight.length > 0
      ? { ...result, warnings: [...preflight, ...result.warnings] }
      : result;
  }

  /**
   * What a deploy of the request would install, for GitOps: the values (secret Kafka properties
   * only as `${env:…}` references), the Secret the platform must provide and the post-render
   * patches that deliver it, the release, namespace and chart. Nothing is applied or recorded.
   */
  async render(request: DeployRequest): Promise<KsmlRenderResponse> {
    const target = this.#targets(request.environment);
    const preflight = (await this.#kafka?.preflight(request)) ?? [];
    const rendered = await target.render(request);
    // A remote provisioner says where and what it installs; a cluster target, our config.
    return {
      ...rendered,
      namespace:
        rendered.namespace ?? this.#resolveNamespace(request.environment),
      chart: rendered.chart ?? this.#chart,
      warnings: [...preflight, ...(rendered.warnings ?? [])],
    };
  }

  /**
   * Runs the request's KSML tests where the environment's target runs them (see
   * KsmlProvisioner.test) and reports each one. Nothing is applied or recorded.
   */
  test(request: DeployRequest): Promise<KsmlTestResponse> {
    return this.#targets(request.environment).test(request);
  }

  /** The deployed app's topology (from the definitions its release runs). */
  topology(ref: KsmlAppRef): Promise<KsmlTopologyResponse> {
    return this.#targets(ref.environment).topology(ref);
  }

  /**
   * What a Helm revision of the app runs (the deployed one unless `revision` is given), read
   * from the release itself rather than the history, so it is what runs even after a rollback.
   */
  definition(
    ref: KsmlAppRef,
    options: { revision?: number } = {},
  ): Promise<KsmlDefinitionResponse> {
    return withSpan(
      'ksml.definition',
      { 'ksml.release': releaseName(ref) },
      () => this.#targets(ref.environment).definition(ref, options),
    );
  }

  /**
   * The consumer lag of the app's group on the topics its deployed definitions read, with a
   * short trend; a 404 without a Kafka connection for its environment, a 503 when the cluster
   * cannot be reached.
   */
  async lag(ref: KsmlAppRef): Promise<KsmlLagResponse> {
    return this.#requireKafka('lag cannot be measured').lag(ref, () =>
      this.topology(ref),
    );
  }

  /**
   * Records of one of the app's topics (see `GET /records`): the deployed definition says which
   * topics are the app's and how their records are decoded.
   */
  async records(
    ref: KsmlAppRef,
    query: Parameters<KafkaInsight['records']>[1],
  ): Promise<KsmlRecordsResponse> {
    return withSpan(
      'ksml.records',
      {
        'ksml.release': releaseName(ref),
        'messaging.destination.name': query.topic,
      },
      () =>
        this.#requireKafka('records cannot be read').records(ref, query, () =>
          this.topology(ref),
        ),
    );
  }

  /**
   * Moves the app's consumer group on its input topics (see `POST /reset-offsets`). A dry run
   * only plans. Otherwise the app must be stopped (a 409 `AppRunning` saying to stop it first)
   * and its group empty; the reset holds the release's lock (no scale starts it meanwhile), is
   * planned again inside it on the offsets of that moment, and is recorded in the history.
   */
  async resetOffsets(
    request: ResetOffsetsRequest,
    actor?: string,
  ): Promise<KsmlOffsetResetResponse> {
    const { to, time, offsets, topics, dryRun, ...ref } = request;
    const kafka = this.#requireKafka('offsets cannot be reset');
    const plan = () =>
      kafka.planOffsetReset(ref, request, () => this.topology(ref));
    if (dryRun) return plan();
    // Refused before anything is recorded: a running app, or a stopped one whose runners are
    // still members of its group, is the usual case, not a failure of the app's history.
    await this.#refuseWhileRunning(ref);
    const { applicationId } = await this.topology(ref);
    await kafka.refuseWhileGroupActive(ref, applicationId);
    return this.#recorder.recorded(
      {
        ref,
        operation: 'reset-offsets',
        // Where to, never more than the partitions' count of an offsets list.
        request: {
          to,
          ...(time !== undefined ? { time } : {}),
          ...(topics ? { topics } : {}),
          ...(offsets ? { partitions: offsets.length } : {}),
        },
        actor,
      },
      async () => {
        await this.#refuseWhileRunning(ref);
        return kafka.applyOffsetReset(ref, await plan());
      },
    );
  }

  /** A 409 `AppRunning` unless the app is stopped (0 replicas, no pods) or its Job finished. */
  async #refuseWhileRunning(ref: KsmlAppRef): Promise<void> {
    const { kubernetes } = await this.status(ref);
    if (kubernetes.status === 'Stopped' || kubernetes.status === 'Completed')
      return;
    throw withReason(
      new ConflictError(
        `${ref.application} in ${ref.environment} is ${kubernetes.status} (${kubernetes.readyReplicas} of ${kubernetes.replicas} replicas ready): its offsets are reset only while it is stopped; stop it first (Stop in the KSML tab, or POST /scale with replicas 0), then reset`,
      ),
      'AppRunning',
    );
  }

  #requireKafka(without: string): KafkaInsight {
    if (!this.#kafka) {
      throw withReason(
        new NotFoundError(`No Kafka connection is configured: ${without}`),
        'NoKafkaConnection',
      );
    }
    return this.#kafka;
  }

  /**
   * Deploys the app's last recorded desired state again (e.g. after a failed deploy): its last
   * deploy request with the replicas of any scale since. Secret
   * Kafka properties were redacted in the record, so they must be sent again in
   * `secretKafkaProperties`; a missing one is a 400 naming it. `definitions` (and `schemas`)
   * replace the recorded ones: an edit of what runs with every other setting kept.
   */
  async redeploy(
    ref: KsmlAppRef,
    options: {
      secretKafkaProperties?: Record<string, string>;
      definitions?: Record<string, string>;
      schemas?: { schemaFileName: string; schemaBody: string }[];
      actor?: string;
    } = {},
  ): Promise<DeployResult> {
    const history = await this.#store.history(
      releaseName(ref),
      ref.environment,
    );
    const request = recordedDesiredState(
      ref,
      history,
      options.secretKafkaProperties,
      { definitions: options.definitions, schemas: options.schemas },
    );
    return this.deploy(request, options.actor);
  }

  /**
   * Deploys what runs in `from` to `to` with the target's own Kafka properties, after the
   * target's checks; a dry run applies and records nothing (see {@link promote}).
   */
  promote(
    request: PromoteRequest,
    actor?: string,
  ): Promise<KsmlPromoteResponse> {
    return promote(request, actor, {
      targets: this.#targets,
      store: this.#store,
      render: deployRequest => this.render(deployRequest),
      deployRecorded: (deployRequest, record) =>
        this.#deployRecorded(deployRequest, record),
    });
  }

  async undeploy(
    ref: KsmlAppRef,
    options: { deleteStorage?: boolean; actor?: string } = {},
  ): Promise<UndeployResult> {
    return this.#recorder.recorded(
      { ref, operation: 'undeploy', actor: options.actor },
      () =>
        this.#targets(ref.environment).undeploy(ref, {
          deleteStorage: options.deleteStorage,
        }),
    );
  }

  /** Back to an earlier Helm revision, holding the release's lock, recorded. */
  rollback(
    ref: KsmlAppRef,
    revision: number,
    actor?: string,
  ): Promise<KsmlOperationResponse> {
    return this.#recorder.recorded(
      { ref, operation: 'rollback', request: { revision }, actor },
      () => this.#targets(ref.environment).rollback(ref, revision),
      result => result.helm.revision,
    );
  }

  /** Other replicas (0 stops the app), holding the release's lock, recorded as desired state. */
  scale(
    ref: KsmlAppRef,
    replicas: number,
    actor?: string,
  ): Promise<KsmlOperationResponse> {
    return this.#recorder.recorded(
      { ref, operation: 'scale', request: { replicas }, actor },
      () => this.#targets(ref.environment).scale(ref, replicas),
      result => result.helm.revision,
    );
  }

  /** A rolling restart (a Job runs anew), holding the release's lock, recorded. */
  restart(ref: KsmlAppRef, actor?: string): Promise<KsmlOperationResponse> {
    return this.#recorder.recorded(
      { ref, operation: 'restart', actor },
      () => this.#targets(ref.environment).restart(ref),
      result => result.helm.revision,
    );
  }

  /** The app's Helm revisions, each with the operation that made it and who asked. */
  revisions(ref: KsmlAppRef): Promise<KsmlRevision[]> {
    return this.#history.revisions(ref);
  }

  /**
   * The app's timeline, newest first: Kubernetes' events of its objects (all types) and the
   * operations recorded here (deploys, rollbacks, scales, restarts, undeploys, with who asked).
   */
  events(ref: KsmlAppRef): Promise<KsmlEvent[]> {
    return this.#history.events(ref);
  }

  status(ref: KsmlAppRef): Promise<KsmlStatusResponse> {
    return withSpan('ksml.status', { 'ksml.release': releaseName(ref) }, () =>
      this.#targets(ref.environment).status(ref),
    );
  }

  logs(
    ref: KsmlAppRef,
    tailLines: number,
    options: { previous?: boolean } = {},
  ): Promise<KsmlLogsResponse> {
    return withSpan('ksml.logs', { 'ksml.release': releaseName(ref) }, () =>
      this.#targets(ref.environment).logs(ref, tailLines, options),
    );
  }

  /** Follows every replica's log until `signal` aborts. */
  followLogs(
    ref: KsmlAppRef,
    options: {
      tailLines: number;
      signal: AbortSignal;
      onLine(line: KsmlLogLine): void;
      /** Called once the stream begins (the app has pods to follow). */
      onStart?(): void;
    },
  ): Promise<void> {
    return this.#targets(ref.environment).followLogs(ref, options);
  }

  /**
   * The app's throughput, with its trend over `rangeSeconds` (default the kept hour): from the
   * environment's Prometheus when it has one, else from what the backend kept.
   */
  throughput(
    ref: KsmlAppRef,
    rangeSeconds?: number,
  ): Promise<KsmlThroughputResponse> {
    const release = releaseName(ref);
    return withSpan('ksml.throughput', { 'ksml.release': release }, async () =>
      withHistory(
        await this.#targets(ref.environment).throughput(ref),
        { namespace: this.#resolveNamespace(ref.environment), release },
        rangeSeconds,
        {
          prometheus: this.#prometheus(ref.environment),
          prometheusSetting: `ksml.environments.${ref.environment}.prometheus`,
        },
      ),
    );
  }

  metrics(ref: KsmlAppRef): Promise<KsmlMetricsResponse> {
    return withSpan('ksml.metrics', { 'ksml.release': releaseName(ref) }, () =>
      this.#targets(ref.environment).metrics(ref),
    );
  }

  history(ref: KsmlAppRef): Promise<DeploymentRecord[]> {
    return this.#store.history(releaseName(ref), ref.environment);
  }

  /**
   * The recorded operations of every app, newest first (secrets were redacted when recorded):
   * at most `limit`, and with `actor` only those that entity asked for.
   */
  changes(filter: {
    actor?: string;
    limit: number;
  }): Promise<DeploymentRecord[]> {
    return this.#store.changes(filter);
  }

  /**
   * A form's checks before Create, applying nothing (see {@link preflightEnvironments}): per
   * environment, whether the app already runs there and the input topics its Kafka lacks.
   */
  preflight(request: PreflightRequest): Promise<KsmlPreflightEnvironment[]> {
    return preflightEnvironments(request, {
      checkEnvironment: environment => void this.#targets(environment),
      status: ref => this.status(ref),
      kafka: this.#kafka,
    });
  }

  /**
   * Every app this backend deployed (and did not undeploy), with its live status or the error
   * reading it (see {@link HistoryReads.apps}).
   */
  apps(filter: KsmlAppsFilter = {}): Promise<ManagedApp[]> {
    return this.#history.apps(filter);
  }
}
