import {
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KsmlTopology } from '@ksml-backstage/plugin-ksml-common';
import { readFile } from 'node:fs/promises';
import type { Admin, Consumer } from '@platformatic/kafka';
import {
  RawRecord,
  readRecords,
  RecordSource,
  RecordsRequest,
} from './readRecords';
import type {
  KsmlGroupType,
  KsmlRecordsResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { withSpan } from '../tracing';
import type { PartitionOffsets } from './lag';
import { partitionKey } from './offsetReset';

/**
 * How the backend reaches an environment's Kafka cluster as an admin: it reads, and commits a
 * stopped app's group offsets when an owner resets them (ADR 29).
 */
export interface KafkaConnection {
  /** `host:port` of one or more brokers. */
  bootstrapServers: string[];
  /** Kafka's `security.protocol`. Default PLAINTEXT. */
  securityProtocol?: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  /** For SASL_PLAINTEXT and SASL_SSL. */
  sasl?: {
    mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
    username: string;
    password: string;
  };
  /** For SSL and SASL_SSL: PEM files of the CA, and of a client certificate and key (mTLS). */
  tls?: {
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    /** Skip verifying the brokers' certificates. Not for production. */
    insecureSkipTlsVerify?: boolean;
  };
  /** Longest a request to the cluster may take, in milliseconds. Default 5000. */
  timeoutMs?: number;
}

type KafkaLib = typeof import('@platformatic/kafka');

/** A record batch's attribute bit for a control batch (transaction commit or abort markers). */
const CONTROL_BATCH = 0x20;

/**
 * Admin access to one environment's Kafka cluster: which topics exist with how many
 * partitions, a consumer group's offsets and state, records read by plain fetches, and the
 * commit of a stopped group's new offsets. One connection pool per environment, opened on
 * first use. Every failure to reach the cluster is a 503 naming its bootstrap servers, never
 * its credentials.
 */
export class KafkaInspector {
  readonly #connection: KafkaConnection;
  readonly #name: string;
  #admin?: Promise<Admin>;
  #consumer?: Promise<Consumer>;

  constructor(connection: KafkaConnection, environment: string) {
    this.#connection = connection;
    this.#name = `the Kafka cluster of environment ${environment} (${connection.bootstrapServers.join(
      ',',
    )})`;
  }

  /** How errors and warnings name this cluster. */
  get name(): string {
    return this.#name;
  }

  /** Those of `topics` the cluster has, with their partition counts. */
  async topicPartitions(topics: string[]): Promise<Map<string, number>> {
    return this.#call('metadata', async admin => {
      const all = new Set(await admin.listTopics({ includeInternals: false }));
      const present = [...new Set(topics)].filter(t => all.has(t));
      if (present.length === 0) return new Map();
      const metadata = await admin.metadata({
        topics: present,
        forceUpdate: true,
      });
      return new Map(
        present.flatMap(topic => {
          const count = metadata.topics.get(topic)?.partitionsCount;
          return count === undefined ? [] : [[topic, count] as const];
        }),
      );
    });
  }

  /**
   * Earliest, end and committed offsets of every partition of `topics` (which must exist) for
   * the consumer group `groupId`.
   */
  async groupOffsets(
    groupId: string,
    topics: ReadonlyMap<string, number>,
  ): Promise<PartitionOffsets[]> {
    if (topics.size === 0) return [];
    return this.#call('offsets', async admin => {
      // -1: the end offset (latest), -2: the earliest offset still kept.
      const [ends, earliest, committed] = await Promise.all([
        listOffsetsAt(admin, topics, -1n),
        listOffsetsAt(admin, topics, -2n),
        admin.listConsumerGroupOffsets({
          groups: [
            {
              groupId,
              topics: [...topics].map(([name, count]) => ({
                name,
                partitionIndexes: Array.from({ length: count }, (_, i) => i),
              })),
            },
          ],
        }),
      ]);
      // Kafka answers -1 for a partition the group has no commit on.
      const committedOf = new Map(
        (committed[0]?.topics ?? []).flatMap(t =>
          t.partitions
            .filter(p => p.committedOffset >= 0n)
            .map(p => [
              partitionKey(t.name, p.partitionIndex),
              Number(p.committedOffset),
            ]),
        ),
      );
      return [...topics].flatMap(([topic, count]) =>
        Array.from({ length: count }, (_, partition) => {
          const key = partitionKey(topic, partition);
          const committedOffset = committedOf.get(key);
          return {
            topic,
            partition,
            endOffset: ends.get(key) ?? 0,
            earliestOffset: earliest.get(key) ?? 0,
            ...(committedOffset !== undefined ? { committedOffset } : {}),
          };
        }),
      );
    });
  }

  /**
   * The first offset at or after `time` (epoch milliseconds) of every partition of `topics`;
   * a partition with no record that late is absent.
   */
  async offsetsAtTime(
    topics: ReadonlyMap<string, number>,
    time: number,
  ): Promise<Map<string, number>> {
    if (topics.size === 0) return new Map();
    return this.#call('offsets at a time', async admin => {
      const at = await listOffsetsAt(admin, topics, BigInt(time));
      // Kafka answers -1 where no record is at or after the time.
      return new Map([...at].filter(([, offset]) => offset >= 0));
    });
  }

  /**
   * How the broker keeps the consumer group `groupId`: its type (classic, consumer, or a
   * KIP-1071 Streams group) and state; undefined when it has no such group (it never
   * committed, or its offsets expired).
   */
  async group(
    groupId: string,
  ): Promise<{ type: KsmlGroupType; state: string } | undefined> {
    return this.#call('groups', async admin => {
      const groups = await admin.listGroups({
        types: ['classic', 'consumer', 'streams'],
      });
      const found = groups.get(groupId);
      if (!found) return undefined;
      const type = found.groupType ?? found.protocolType;
      return {
        type:
          (['classic', 'consumer', 'streams'] as const).find(t => t === type) ??
          (found.protocolType === 'consumer' ? 'classic' : 'unknown'),
        state: readableGroupState(found.state),
      };
    });
  }

  /**
   * Commits `offsets` for the group `groupId` as an admin (no member, no generation): the
   * broker takes them only while the group has no members.
   */
  async commitGroupOffsets(
    groupId: string,
    offsets: { topic: string; partition: number; offset: number }[],
  ): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
    for (const { topic, partition, offset } of offsets) {
      byTopic.set(topic, [
        ...(byTopic.get(topic) ?? []),
        { partition, offset: BigInt(offset) },
      ]);
    }
    await this.#call('commit offsets', admin =>
      admin.alterConsumerGroupOffsets({
        groupId,
        topics: [...byTopic].map(([name, partitionOffsets]) => ({
          name,
          partitionOffsets,
        })),
      }),
    );
  }

  /** The topics of `topology` the cluster has, with their partition counts. */
  topicsOf(
    topology: Pick<KsmlTopology, 'inputTopics' | 'outputTopics'>,
  ): Promise<Map<string, number>> {
    return this.topicPartitions([
      ...topology.inputTopics,
      ...topology.outputTopics,
    ]);
  }

  /**
   * Records of a topic, decoded by the app's declared types (see readRecords): read with plain
   * fetches from each partition's leader, never as a consumer group member, so the app's group
   * and offsets are untouched.
   */
  async readRecords(request: RecordsRequest): Promise<KsmlRecordsResponse> {
    return this.#call('read records', async admin => {
      const consumer = await this.#consumerClient();
      return readRecords(this.#recordSource(admin, consumer), request);
    });
  }

  /** Closes the connections; the next call opens new ones. */
  async close(): Promise<void> {
    const admin = this.#admin;
    const consumer = this.#consumer;
    this.#admin = undefined;
    this.#consumer = undefined;
    if (admin) await (await admin.catch(() => undefined))?.close();
    if (consumer) await (await consumer.catch(() => undefined))?.close();
  }

  #recordSource(admin: Admin, consumer: Consumer): RecordSource {
    // One read asks for a topic's metadata once, not before each of its fetches.
    const metadata = new Map<string, ReturnType<typeof topicMetadata>>();
    const metadataOf = (topic: string) => {
      const known =
        metadata.get(topic) ?? topicMetadata(admin, topic, this.#name);
      metadata.set(topic, known);
      return known;
    };
    const listOffsets = async (
      topic: string,
      count: number,
      timestamp: bigint,
    ) => {
      const at = await listOffsetsAt(
        admin,
        new Map([[topic, count]]),
        timestamp,
      );
      return new Map(
        Array.from(
          { length: count },
          (_, p) => [p, at.get(partitionKey(topic, p))] as const,
        ).filter((entry): entry is [number, number] => entry[1] !== undefined),
      );
    };
    return {
      offsets: async topic => {
        const { partitionsCount } = await metadataOf(topic);
        // -2: the earliest offset still kept, -1: the end offset.
        const [earliest, ends] = await Promise.all([
          listOffsets(topic, partitionsCount, -2n),
          listOffsets(topic, partitionsCount, -1n),
        ]);
        return Array.from({ length: partitionsCount }, (_, partition) => ({
          partition,
          earliestOffset: earliest.get(partition) ?? 0,
          endOffset: ends.get(partition) ?? 0,
        }));
      },
      offsetsAt: async (topic, time) => {
        const { partitionsCount } = await metadataOf(topic);
        const at = await listOffsets(topic, partitionsCount, BigInt(time));
        // Kafka answers -1 where no record is at or after the time.
        return new Map([...at].filter(([, offset]) => offset >= 0));
      },
      fetch: async (topic, partition, offset, maxBytes) => {
        const { id, partitions } = await metadataOf(topic);
        const answer = await consumer.fetch({
          node: partitions[partition].leader,
          maxBytes,
          minBytes: 1,
          maxWaitTime: 100,
          topics: [
            {
              topicId: id,
              partitions: [
                {
                  partition,
                  fetchOffset: BigInt(offset),
                  partitionMaxBytes: maxBytes,
                  currentLeaderEpoch: -1,
                  lastFetchedEpoch: -1,
                },
              ],
            },
          ],
        });
        const fetched = answer.responses[0]?.partitions[0];
        if (fetched?.errorCode)
          throw new Error(
            `fetching ${topic}-${partition} failed with Kafka error ${fetched.errorCode}`,
          );
        const batches = fetched?.records ?? [];
        // Where the next fetch starts: past every batch, markers and compacted gaps included.
        const nextOffset = batches.reduce(
          (next, batch) =>
            Math.max(
              next,
              Number(batch.firstOffset) + batch.lastOffsetDelta + 1,
            ),
          offset,
        );
        return {
          nextOffset,
          records: batches
            // Control batches hold transaction markers, not records.
            .filter(batch => (batch.attributes & CONTROL_BATCH) === 0)
            .flatMap(batch =>
              batch.records.map(
                (record): RawRecord => ({
                  partition,
                  offset: Number(batch.firstOffset) + record.offsetDelta,
                  timestamp: Number(
                    batch.firstTimestamp + record.timestampDelta,
                  ),
                  key: record.key,
                  value: record.value,
                  headers: record.headers,
                }),
              ),
            ),
        };
      },
    };
  }

  #consumerClient(): Promise<Consumer> {
    this.#consumer ??= this.#createConsumer().catch(error => {
      this.#consumer = undefined;
      throw error;
    });
    return this.#consumer;
  }

  async #createConsumer(): Promise<Consumer> {
    const lib: KafkaLib = await import('@platformatic/kafka');
    // The group is never joined: fetches name partitions themselves.
    return new lib.Consumer({
      ...(await this.#clientOptions()),
      groupId: 'ksml-backstage-records',
    }) as Consumer;
  }

  async #call<T>(
    operation: string,
    fn: (admin: Admin) => Promise<T>,
  ): Promise<T> {
    return withSpan(
      `kafka ${operation}`,
      { 'server.address': this.#connection.bootstrapServers.join(',') },
      async () => {
        try {
          return await fn(await this.#adminClient());
        } catch (error) {
          // What the request asked wrong, or a topic the cluster lacks, is not the cluster down.
          if (
            isError(error) &&
            ['InputError', 'NotFoundError'].includes(error.name)
          )
            throw error;
          throw new ServiceUnavailableError(
            `${this.#name} cannot be reached: ${kafkaErrorMessage(error)}`,
          );
        }
      },
    );
  }

  #adminClient(): Promise<Admin> {
    this.#admin ??= this.#createAdmin().catch(error => {
      this.#admin = undefined;
      throw error;
    });
    return this.#admin;
  }

  async #createAdmin(): Promise<Admin> {
    const lib: KafkaLib = await import('@platformatic/kafka');
    return new lib.Admin(await this.#clientOptions());
  }

  /** The connection settings shared by the admin and the consumer. */
  async #clientOptions() {
    const c = this.#connection;
    const protocol = c.securityProtocol ?? 'PLAINTEXT';
    const timeout = c.timeoutMs ?? 5000;
    const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
    const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
    if (sasl && !c.sasl) {
      throw new Error(`security protocol ${protocol} needs sasl settings`);
    }
    const read = (path?: string) => (path ? readFile(path, 'utf8') : undefined);
    return {
      clientId: 'ksml-backstage',
      bootstrapBrokers: c.bootstrapServers,
      timeout,
      connectTimeout: timeout,
      retries: 1,
      retryDelay: 250,
      ...(sasl && c.sasl
        ? {
            sasl: {
              mechanism: c.sasl.mechanism,
              username: c.sasl.username,
              password: c.sasl.password,
            },
          }
        : {}),
      ...(tls
        ? {
            tls: {
              ca: await read(c.tls?.caFile),
              cert: await read(c.tls?.certFile),
              key: await read(c.tls?.keyFile),
              rejectUnauthorized: !c.tls?.insecureSkipTlsVerify,
            },
          }
        : {}),
    };
  }
}

/** A topic's metadata (its id, partitions and their leaders); a 404 when the cluster lacks it. */
async function topicMetadata(admin: Admin, topic: string, cluster: string) {
  const metadata = await admin.metadata({ topics: [topic] });
  const found = metadata.topics.get(topic);
  if (!found)
    throw new NotFoundError(`Topic ${topic} does not exist in ${cluster}`);
  return found;
}

/**
 * ListOffsets for every partition of `topics` at `timestamp` (-1: the end, -2: the earliest
 * offset kept, else the first offset at or after that time, -1 where none is), by
 * {@link partitionKey}.
 */
async function listOffsetsAt(
  admin: Admin,
  topics: ReadonlyMap<string, number>,
  timestamp: bigint,
): Promise<Map<string, number>> {
  const answer = await admin.listOffsets({
    topics: [...topics].map(([name, count]) => ({
      name,
      partitions: Array.from({ length: count }, (_, partitionIndex) => ({
        partitionIndex,
        timestamp,
      })),
    })),
  });
  return new Map(
    answer.flatMap(t =>
      t.partitions.map(p => [
        partitionKey(t.name, p.partitionIndex),
        Number(p.offset),
      ]),
    ),
  );
}

/** A group state as Kafka's tools write it (`Empty`, `Stable`), whichever way the client names it. */
function readableGroupState(state: string): string {
  if (!/^[A-Z_]+$/.test(state)) return state;
  return state
    .toLowerCase()
    .split('_')
    .map(word => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * The most telling message of a Kafka client error: its own, followed by the innermost cause
 * of its nested errors ("Listing topics failed: Cannot connect to any broker").
 */
export function kafkaErrorMessage(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as {
      message?: string;
      errors?: unknown[];
      cause?: unknown;
    };
    const message = e.message?.replace(/\.$/, '');
    if (message && !messages.includes(message)) messages.push(message);
    current = e.errors?.[0] ?? e.cause;
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
