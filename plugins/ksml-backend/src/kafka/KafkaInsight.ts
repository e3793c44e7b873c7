import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppRef,
  KsmlLagResponse,
  KsmlLagSample,
  KsmlOffsetResetResponse,
  KsmlRecordsResponse,
  KsmlTopology,
  KsmlTopologyResponse,
  parseTopology,
  releaseName,
  ResetOffsetsRequest,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import {
  computeLag,
  groupInputTopics,
  KafkaConnection,
  KafkaInspector,
  planOffsetReset,
  preflightFindings,
  RecordsRequest,
} from '@ksml-backstage/plugin-ksml-node';

/** Samples of an app's total lag kept for the trend (at the UI's 10 s polling: 10 minutes). */
const SAMPLES_KEPT = 60;
/** Apps whose trend is kept; the least recently measured is dropped first. */
const APPS_KEPT = 2000;
/** A measurement younger than this is answered again instead of asking the broker anew. */
const REUSE_MS = 5000;

/** What KafkaInsight asks of one environment's cluster (a KafkaInspector; a fake in tests). */
export type TopicsInspector = Pick<
  KafkaInspector,
  | 'name'
  | 'topicsOf'
  | 'topicPartitions'
  | 'groupOffsets'
  | 'readRecords'
  | 'offsetsAtTime'
  | 'group'
  | 'commitGroupOffsets'
  | 'close'
>;

/** Which records of an app's topic to read, as `GET /records` asks (`from` in ISO 8601). */
export type RecordsQuery = Omit<
  RecordsRequest,
  'keyType' | 'valueType' | 'from'
> & { from?: string };

/** Options for {@link KafkaInsight}. */
export interface KafkaInsightOptions {
  /** The Kafka cluster of an environment, or undefined when none is configured. */
  kafkaOf(environment: string): KafkaConnection | undefined;
  /**
   * The config key that gives an environment its Kafka cluster (`ksml.environments.<env>.kafka`
   * or `ksml.kafka`), for messages that say which cluster was asked; default: both named.
   */
  kafkaKeyOf?(environment: string): string | undefined;
  /** How a cluster is reached; default a KafkaInspector. */
  inspect?(connection: KafkaConnection, environment: string): TopicsInspector;
  now?: () => number;
}

/**
 * What an environment's Kafka cluster says of a definition, refusing nothing: for a form's
 * preflight before Create, and under a deploy's own check.
 */
export interface KafkaTopicCheck {
  /** The cluster as configured: its bootstrap servers and the config key that names them. */
  kafka: string;
  /** Topics the definition reads that the cluster lacks. */
  missingInputTopics: string[];
  /** Missing output topics, idle replicas, or a cluster that could not be reached. */
  warnings: string[];
}

/**
 * What the backend learns from an environment's Kafka cluster: the preflight of a deploy (the
 * topics a definition reads exist) and an app's consumer lag, kept as a short series for a
 * trend. Environments without a Kafka connection have neither: deploys go ahead unchecked and
 * lag is a 404.
 */
export class KafkaInsight {
  readonly #kafkaOf: (environment: string) => KafkaConnection | undefined;
  readonly #kafkaKeyOf: (environment: string) => string | undefined;
  readonly #inspect: (
    connection: KafkaConnection,
    environment: string,
  ) => TopicsInspector;
  readonly #now: () => number;
  readonly #inspectors = new Map<string, TopicsInspector>();
  readonly #series = new Map<
    string,
    { last?: KsmlLagResponse; samples: KsmlLagSample[] }
  >();

  constructor(options: KafkaInsightOptions) {
    this.#kafkaOf = options.kafkaOf;
    this.#kafkaKeyOf = options.kafkaKeyOf ?? (() => undefined);
    this.#inspect =
      options.inspect ??
      ((connection, environment) =>
        new KafkaInspector(connection, environment));
    this.#now = options.now ?? Date.now;
  }

  /**
   * An environment's Kafka cluster as configured, e.g. `kafka:9094 from ksml.kafka`: what the
   * backend checks topics on, which may be another listener than the app's own
   * `bootstrap.servers`. Undefined when none is configured.
   */
  configured(environment: string): string | undefined {
    const where = this.#configuredAs(environment);
    return where && `${where.servers} from ${where.key}`;
  }

  /**
   * Checks definitions against the environment's Kafka cluster without refusing anything:
   * the input topics it lacks, and the other findings (missing output topics, idle replicas);
   * a cluster that cannot be reached is a warning. Undefined when the environment has no
   * Kafka connection.
   */
  async checkTopics(
    environment: string,
    definitions: Record<string, string>,
    replicas: number,
  ): Promise<KafkaTopicCheck | undefined> {
    const inspector = this.#inspector(environment);
    const kafka = this.configured(environment);
    if (!inspector || !kafka) return undefined;
    const topology = parseTopology(definitions);
    let partitions: Map<string, number>;
    try {
      partitions = await inspector.topicsOf(topology);
    } catch (error) {
      return {
        kafka,
        missingInputTopics: [],
        warnings: [`Topics were not checked: ${(error as Error).message}`],
      };
    }
    return {
      kafka,
      ...preflightFindings(topology, partitions, replicas, inspector.name),
    };
  }

  /**
   * Checks a deploy (or render) request against its environment's Kafka cluster
   * ({@link KafkaInsight.checkTopics}). An input topic the cluster lacks is a 400 naming it, the
   * environment and its cluster as configured, and how to go on, unless the request sets
   * `allowMissingTopics` (then a warning). Missing output topics and idle replicas are
   * warnings; so is a cluster that cannot be reached (the deploy is not held up by a check).
   * Returns the warnings.
   */
  async preflight(request: DeployRequest): Promise<string[]> {
    const checked = await this.checkTopics(
      request.environment,
      request.definitions ?? { '': request.definition ?? '' },
      request.replicas,
    );
    if (!checked) return [];
    const missing = checked.missingInputTopics;
    if (missing.length === 0) return checked.warnings;
    const many = missing.length > 1;
    const topics = `${many ? 'topics' : 'topic'} ${missing.join(', ')}`;
    if (!request.allowMissingTopics) {
      throw new InputError(
        `definition: ${missingTopicsRefusal({
          topics,
          many,
          environment: request.environment,
          ...this.#configuredAs(request.environment)!,
          appBootstrap: request.kafkaProperties['bootstrap.servers'],
        })}`,
      );
    }
    const where = this.#inspector(request.environment)!.name;
    return [
      `Input ${topics} ${
        many ? 'do' : 'does'
      } not exist on ${where}: the app fails until it exists`,
      ...checked.warnings,
    ];
  }

  /**
   * Records of one of the app's topics, decoded by the types its definition declares for it
   * (see `GET /records`). 400 naming `topic` for one the app does not use, 404 for one the
   * cluster lacks or without a Kafka connection, 503 when the cluster cannot be reached.
   */
  async records(
    ref: KsmlAppRef,
    query: RecordsQuery,
    deployed: () => Promise<KsmlTopologyResponse>,
  ): Promise<KsmlRecordsResponse> {
    const inspector = this.#requireInspector(
      ref.environment,
      'records cannot be read',
    );
    const { topology } = await deployed();
    const topics = [
      ...new Set([...topology.inputTopics, ...topology.outputTopics]),
    ].sort();
    if (!topics.includes(query.topic)) {
      throw new InputError(
        `Invalid records query: topic: ${query.topic} is not a topic of ${
          ref.application
        } in ${ref.environment}; its topics are ${topics.join(', ') || 'none'}`,
      );
    }
    if (!(await inspector.topicPartitions([query.topic])).has(query.topic)) {
      throw new NotFoundError(
        `Topic ${query.topic} does not exist on ${inspector.name}`,
      );
    }
    const { from, ...rest } = query;
    return inspector.readRecords({
      ...rest,
      ...(from !== undefined ? { from: Date.parse(from) } : {}),
      ...topicTypes(topology, query.topic),
    });
  }

  /**
   * Where an offset reset would move the app's group (its `application.id`) on the input topics
   * of its deployed topology, applying nothing: each partition's current and new offset and
   * lag, and the group's type and state. 400 naming `topics` for one the group does not read
   * or an `offsets` entry outside a partition's kept range; 404 without a Kafka connection.
   */
  async planOffsetReset(
    ref: KsmlAppRef,
    request: ResetOffsetsRequest,
    deployed: () => Promise<KsmlTopologyResponse>,
  ): Promise<KsmlOffsetResetResponse> {
    const inspector = this.#requireInspector(
      ref.environment,
      'offsets cannot be reset',
    );
    const { applicationId, topology } = await deployed();
    const read = groupInputTopics(topology);
    request.topics?.forEach((topic, index) => {
      if (!read.includes(topic))
        throw new InputError(
          `Invalid offset reset: topics[${index}]: ${topic} is not an input topic of ${
            ref.application
          }'s group; it reads ${read.join(', ') || 'none'}`,
        );
    });
    const named = new Set(
      request.topics ?? request.offsets?.map(o => o.topic) ?? read,
    );
    const partitions = await inspector.topicPartitions(
      read.filter(topic => named.has(topic)),
    );
    const [current, atTime, group] = await Promise.all([
      inspector.groupOffsets(applicationId, partitions),
      request.time !== undefined
        ? inspector.offsetsAtTime(partitions, Date.parse(request.time))
        : undefined,
      inspector.group(applicationId),
    ]);
    const planned = planOffsetReset(request, current, atTime);
    return {
      groupId: applicationId,
      groupType: group?.type ?? 'unknown',
      ...(group ? { groupState: group.state } : {}),
      to: request.to,
      ...(request.time !== undefined ? { time: request.time } : {}),
      dryRun: request.dryRun,
      applied: false,
      lagBefore: planned.reduce((sum, p) => sum + p.lagBefore, 0),
      lagAfter: planned.reduce((sum, p) => sum + p.lagAfter, 0),
      partitions: planned,
    };
  }

  /**
   * A 409 `GroupActive` while the broker counts members in the app's group `groupId` (a
   * stopped runner's membership lasts until its session times out); nothing otherwise.
   */
  async refuseWhileGroupActive(ref: KsmlAppRef, groupId: string) {
    const inspector = this.#requireInspector(
      ref.environment,
      'offsets cannot be reset',
    );
    const group = await inspector.group(groupId);
    refuseActiveGroup(ref, groupId, group?.state);
  }

  /**
   * Commits a planned reset ({@link KafkaInsight.planOffsetReset}) for the app's group. A 409
   * `GroupActive` when the plan found members in the group (a stopped runner's membership lasts
   * until its session times out): nothing is committed then. The plan's group state is judged,
   * not asked for again (it is read under the release's lock, just before): a member that joins
   * in between makes the broker refuse the admin's commit (UNKNOWN_MEMBER_ID), as it refuses
   * any commit without a generation to a group that is not Empty.
   */
  async applyOffsetReset(
    ref: KsmlAppRef,
    planned: KsmlOffsetResetResponse,
  ): Promise<KsmlOffsetResetResponse> {
    const inspector = this.#requireInspector(
      ref.environment,
      'offsets cannot be reset',
    );
    refuseActiveGroup(ref, planned.groupId, planned.groupState);
    await inspector.commitGroupOffsets(
      planned.groupId,
      planned.partitions.map(p => ({
        topic: p.topic,
        partition: p.partition,
        offset: p.newOffset,
      })),
    );
    return { ...planned, applied: true };
  }

  /**
   * The consumer lag of the app's group on the input topics of its deployed topology; a 404
   * when its environment has no Kafka connection, a 503 when the cluster cannot be reached.
   */
  async lag(
    ref: KsmlAppRef,
    deployed: () => Promise<KsmlTopologyResponse>,
  ): Promise<KsmlLagResponse> {
    const inspector = this.#requireInspector(
      ref.environment,
      'lag cannot be measured',
    );
    const key = `${ref.environment}/${releaseName(ref)}`;
    const kept = this.#series.get(key);
    const now = this.#now();
    if (kept?.last && now - Date.parse(kept.last.measuredAt) < REUSE_MS) {
      return kept.last;
    }
    const { applicationId, topology } = await deployed();
    const measured = groupInputTopics(topology);
    const inputs = await inspector.topicPartitions(measured);
    const topics = computeLag(
      await inspector.groupOffsets(applicationId, inputs),
    );
    const total = topics.reduce((sum, t) => sum + t.lag, 0);
    const measuredAt = new Date(now).toISOString();
    const series = kept ?? { samples: [] };
    series.samples = [...series.samples, { at: measuredAt, total }].slice(
      -SAMPLES_KEPT,
    );
    const response: KsmlLagResponse = {
      groupId: applicationId,
      measuredAt,
      total,
      topics,
      missingTopics: measured.filter(t => !inputs.has(t)),
      history: series.samples,
    };
    series.last = response;
    // Re-inserted last: the Map's order is then least recently measured first.
    this.#series.delete(key);
    this.#series.set(key, series);
    if (this.#series.size > APPS_KEPT) {
      this.#series.delete(this.#series.keys().next().value!);
    }
    return response;
  }

  /** Closes every cluster connection (at shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.#inspectors.values()].map(i => i.close()));
    this.#inspectors.clear();
  }

  /** The environment's cluster's bootstrap servers, and the config key that gives them. */
  #configuredAs(
    environment: string,
  ): { servers: string; key: string } | undefined {
    const connection = this.#kafkaOf(environment);
    if (!connection) return undefined;
    return {
      servers: connection.bootstrapServers.join(','),
      key:
        this.#kafkaKeyOf(environment) ??
        `ksml.environments.${environment}.kafka or ksml.kafka`,
    };
  }

  /** The environment's inspector; a 404 NoKafkaConnection saying what cannot be done without. */
  #requireInspector(environment: string, without: string): TopicsInspector {
    const inspector = this.#inspector(environment);
    if (!inspector) {
      throw withReason(
        new NotFoundError(
          `No Kafka connection is configured for environment ${environment} (ksml.environments.${environment}.kafka or ksml.kafka): ${without}`,
        ),
        'NoKafkaConnection',
      );
    }
    return inspector;
  }

  #inspector(environment: string): TopicsInspector | undefined {
    const existing = this.#inspectors.get(environment);
    if (existing) return existing;
    const connection = this.#kafkaOf(environment);
    if (!connection) return undefined;
    const inspector = this.#inspect(connection, environment);
    this.#inspectors.set(environment, inspector);
    return inspector;
  }
}

/**
 * Why a deploy is refused for missing input topics, in words a template's user can act on:
 * the environment, its cluster as the backend's config names it (the form and the app's
 * `bootstrap.servers` may name another listener of the same cluster), and the two ways on.
 */
function missingTopicsRefusal(what: {
  topics: string;
  many: boolean;
  environment: string;
  servers: string;
  key: string;
  appBootstrap: unknown;
}): string {
  const appBootstrap =
    typeof what.appBootstrap === 'string' ? what.appBootstrap.trim() : '';
  const app =
    appBootstrap && appBootstrap !== what.servers
      ? ` (the app's own bootstrap.servers, ${appBootstrap}, may be another listener of it)`
      : '';
  return `reads ${what.topics}, which the Kafka cluster of environment ${
    what.environment
  } lacks: the backend checked ${what.servers}, as ${
    what.key
  } configures it${app}; create ${
    what.many ? 'them' : 'it'
  } first, or deploy anyway: tick "Deploy even if input topics are missing" on the template's form, or set allowMissingTopics`;
}

/**
 * The key and value types the definition declares for a topic: those of a stream, table or
 * global table over it (the first that declares them). Pure.
 */
export function topicTypes(
  topology: KsmlTopology,
  topic: string,
): { keyType?: string; valueType?: string } {
  const topicIds = new Set(
    topology.nodes
      .filter(n => n.kind === 'topic' && n.topic === topic)
      .map(n => n.id),
  );
  // A declared stream, table or global table is drawn as an edge from its topic to it; a
  // pipeline's edge from another stream into the topic says nothing of the topic's types.
  const sourceIds = new Set(
    topology.edges.filter(e => topicIds.has(e.from)).map(e => e.to),
  );
  const source = topology.nodes.find(
    n =>
      n.kind === 'source' && sourceIds.has(n.id) && (n.keyType || n.valueType),
  );
  return {
    ...(source?.keyType ? { keyType: source.keyType } : {}),
    ...(source?.valueType ? { valueType: source.valueType } : {}),
  };
}

/** A 409 `GroupActive` unless the group `groupId` is unknown, Empty or Dead. */
function refuseActiveGroup(
  ref: KsmlAppRef,
  groupId: string,
  state: string | undefined,
): void {
  if (state === undefined || ['Empty', 'Dead'].includes(state)) return;
  throw withReason(
    new ConflictError(
      `The consumer group ${groupId} of ${ref.application} in ${ref.environment} still has members (state ${state}): a stopped runner stays a member until its session times out (session.timeout.ms, 45 s by default); reset again when the group is Empty`,
    ),
    'GroupActive',
  );
}
