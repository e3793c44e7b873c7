import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppRef,
  KsmlLagResponse,
  KsmlLagSample,
  KsmlTopologyResponse,
  parseTopology,
  releaseName,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import {
  computeLag,
  groupInputTopics,
  KafkaConnection,
  KafkaInspector,
  preflightFindings,
} from '@ksml-backstage/plugin-ksml-node';

/** Samples of an app's total lag kept for the trend (at the UI's 10 s polling: 10 minutes). */
const SAMPLES_KEPT = 60;
/** Apps whose trend is kept; the least recently measured is dropped first. */
const APPS_KEPT = 2000;
/** A measurement younger than this is answered again instead of asking the broker anew. */
const REUSE_MS = 5000;

/** Options for {@link KafkaInsight}. */
export interface KafkaInsightOptions {
  /** The Kafka cluster of an environment, or undefined when none is configured. */
  kafkaOf(environment: string): KafkaConnection | undefined;
  now?: () => number;
}

/**
 * What the backend learns from an environment's Kafka cluster: the preflight of a deploy (the
 * topics a definition reads exist) and an app's consumer lag, kept as a short series for a
 * trend. Environments without a Kafka connection have neither: deploys go ahead unchecked and
 * lag is a 404.
 */
export class KafkaInsight {
  readonly #kafkaOf: (environment: string) => KafkaConnection | undefined;
  readonly #now: () => number;
  readonly #inspectors = new Map<string, KafkaInspector>();
  readonly #series = new Map<
    string,
    { last?: KsmlLagResponse; samples: KsmlLagSample[] }
  >();

  constructor(options: KafkaInsightOptions) {
    this.#kafkaOf = options.kafkaOf;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Checks a deploy (or render) request against its environment's Kafka cluster. An input
   * topic the cluster lacks is a 400 naming it, unless the request sets `allowMissingTopics`
   * (then a warning). Missing output topics and idle replicas are warnings; so is a cluster
   * that cannot be reached (the deploy is not held up by a check). Returns the warnings.
   */
  async preflight(request: DeployRequest): Promise<string[]> {
    const inspector = this.#inspector(request.environment);
    if (!inspector) return [];
    const topology = parseTopology(
      request.definitions ?? { '': request.definition ?? '' },
    );
    let partitions: Map<string, number>;
    try {
      partitions = await inspector.topicsOf(topology);
    } catch (error) {
      return [`Topics were not checked: ${(error as Error).message}`];
    }
    const found = preflightFindings(
      topology,
      partitions,
      request.replicas,
      inspector.name,
    );
    const missing = found.missingInputTopics;
    if (missing.length === 0) return found.warnings;
    const what = `${missing.length > 1 ? 'topics' : 'topic'} ${missing.join(
      ', ',
    )} ${missing.length > 1 ? 'do' : 'does'} not exist on ${inspector.name}`;
    if (!request.allowMissingTopics) {
      throw new InputError(
        `definition: reads ${what}; create ${
          missing.length > 1 ? 'them' : 'it'
        } first, or set allowMissingTopics to deploy anyway`,
      );
    }
    return [`Input ${what}: the app fails until it exists`, ...found.warnings];
  }

  /**
   * The consumer lag of the app's group on the input topics of its deployed topology; a 404
   * when its environment has no Kafka connection, a 503 when the cluster cannot be reached.
   */
  async lag(
    ref: KsmlAppRef,
    deployed: () => Promise<KsmlTopologyResponse>,
  ): Promise<KsmlLagResponse> {
    const inspector = this.#inspector(ref.environment);
    if (!inspector) {
      throw withReason(
        new NotFoundError(
          `No Kafka connection is configured for environment ${ref.environment} (ksml.environments.${ref.environment}.kafka or ksml.kafka): lag cannot be measured`,
        ),
        'NoKafkaConnection',
      );
    }
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

  #inspector(environment: string): KafkaInspector | undefined {
    const existing = this.#inspectors.get(environment);
    if (existing) return existing;
    const connection = this.#kafkaOf(environment);
    if (!connection) return undefined;
    const inspector = new KafkaInspector(connection, environment);
    this.#inspectors.set(environment, inspector);
    return inspector;
  }
}
