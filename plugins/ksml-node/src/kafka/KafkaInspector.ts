import { ServiceUnavailableError } from '@backstage/errors';
import type { KsmlTopology } from '@ksml-backstage/plugin-ksml-common';
import { readFile } from 'node:fs/promises';
import type { Admin } from '@platformatic/kafka';
import { withSpan } from '../tracing';
import type { PartitionOffsets } from './lag';

/** How the backend reaches an environment's Kafka cluster as an admin (read-only use). */
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

/**
 * Read-only admin access to one environment's Kafka cluster: which topics exist with how many
 * partitions, and a consumer group's offsets. One connection pool per environment, opened on
 * first use. Every failure to reach the cluster is a 503 naming its bootstrap servers, never
 * its credentials.
 */
export class KafkaInspector {
  readonly #connection: KafkaConnection;
  readonly #name: string;
  #admin?: Promise<Admin>;

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
      const request = (timestamp: bigint) => ({
        topics: [...topics].map(([name, count]) => ({
          name,
          partitions: Array.from({ length: count }, (_, partitionIndex) => ({
            partitionIndex,
            timestamp,
          })),
        })),
      });
      // -1: the end offset (latest), -2: the earliest offset still kept.
      const [ends, earliest, committed] = await Promise.all([
        admin.listOffsets(request(-1n)),
        admin.listOffsets(request(-2n)),
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
      const key = (topic: string, partition: number) =>
        `${topic}\u0000${partition}`;
      const earliestOf = new Map(
        earliest.flatMap(t =>
          t.partitions.map(p => [
            key(t.name, p.partitionIndex),
            Number(p.offset),
          ]),
        ),
      );
      // Kafka answers -1 for a partition the group has no commit on.
      const committedOf = new Map(
        (committed[0]?.topics ?? []).flatMap(t =>
          t.partitions
            .filter(p => p.committedOffset >= 0n)
            .map(p => [
              key(t.name, p.partitionIndex),
              Number(p.committedOffset),
            ]),
        ),
      );
      return ends.flatMap(t =>
        t.partitions.map(p => {
          const committedOffset = committedOf.get(
            key(t.name, p.partitionIndex),
          );
          return {
            topic: t.name,
            partition: p.partitionIndex,
            endOffset: Number(p.offset),
            earliestOffset: earliestOf.get(key(t.name, p.partitionIndex)) ?? 0,
            ...(committedOffset !== undefined ? { committedOffset } : {}),
          };
        }),
      );
    });
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

  /** Closes the connections; the next call opens new ones. */
  async close(): Promise<void> {
    const admin = this.#admin;
    this.#admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.close();
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
    const c = this.#connection;
    const protocol = c.securityProtocol ?? 'PLAINTEXT';
    const timeout = c.timeoutMs ?? 5000;
    const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
    const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
    if (sasl && !c.sasl) {
      throw new Error(`security protocol ${protocol} needs sasl settings`);
    }
    const read = (path?: string) => (path ? readFile(path, 'utf8') : undefined);
    return new lib.Admin({
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
    });
  }
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
