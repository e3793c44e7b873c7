import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KafkaBroker, kafkaBrokerOf, parseEnvFile, repoRoot } from './env';
import { runProcess } from './process';

type KafkaLib = typeof import('@platformatic/kafka');

const KAFKA_SH = resolve(repoRoot, 'test/testbed/kafka.sh');

/** A broker of a test's own, which it may stop (the shared broker must stay up). */
export interface OwnKafkaBroker extends KafkaBroker {
  /** Stops the broker (idempotent); its data stays until {@link OwnKafkaBroker.remove}. */
  stop(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
}

/** Starts a one-node broker of its own with `kafka.sh` on free ports (about 5 s). */
export async function startOwnKafkaBroker(): Promise<OwnKafkaBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'ksml-kafka-'));
  const started = await runProcess('bash', [KAFKA_SH, 'start', dir], {
    env: process.env,
  });
  if (started.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka.sh start failed: ${started.stderr}`);
  }
  const broker = kafkaBrokerOf(parseEnvFile(started.stdout));
  const stop = async () => {
    await runProcess('bash', [KAFKA_SH, 'stop', dir], { env: process.env });
  };
  return {
    ...broker,
    stop,
    remove: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Admin and producer access to a test bed broker, over its PLAINTEXT listener: tests make the
 * topics, records and consumer-group commits whose effects they assert.
 */
export class KafkaFixture {
  readonly #broker: KafkaBroker;
  #lib?: KafkaLib;

  constructor(broker: KafkaBroker) {
    this.#broker = broker;
  }

  /** Creates topics (ignores ones that exist) with `partitions` each. */
  async createTopics(topics: string[], partitions = 1): Promise<void> {
    await this.#withAdmin(async admin => {
      const existing = new Set(await admin.listTopics());
      const wanted = topics.filter(t => !existing.has(t));
      if (wanted.length > 0) {
        await admin.createTopics({ topics: wanted, partitions, replicas: 1 });
      }
    });
  }

  async deleteTopics(topics: string[]): Promise<void> {
    await this.#withAdmin(async admin => {
      const existing = new Set(await admin.listTopics());
      const present = topics.filter(t => existing.has(t));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    });
  }

  /** Writes `counts[p]` records to partition p of `topic`. */
  async produce(topic: string, counts: number[]): Promise<void> {
    await this.#withProducer(async producer => {
      for (const [partition, count] of counts.entries()) {
        if (count === 0) continue;
        await producer.send({
          messages: Array.from({ length: count }, (_, i) => ({
            topic,
            partition,
            key: `key-${i}`,
            value: `{"value":${i}}`,
          })),
        });
      }
    });
  }

  /** Runs `fn` with a producer of strings, closed after. */
  async #withProducer(
    fn: (producer: {
      send(options: { messages: object[] }): Promise<unknown>;
    }) => Promise<void>,
  ): Promise<void> {
    const lib = await this.#load();
    const producer = new lib.Producer({
      clientId: 'ksml-testbed',
      bootstrapBrokers: [this.#broker.bootstrap],
      serializers: lib.stringSerializers,
    });
    try {
      await fn(producer as never);
    } finally {
      await producer.close();
    }
  }

  /** Writes these records as strings (a null value is a tombstone), with their headers. */
  async produceRecords(
    topic: string,
    records: Array<{
      partition?: number;
      key: string;
      value: string | null;
      headers?: Record<string, string>;
    }>,
  ): Promise<void> {
    await this.#withProducer(producer =>
      producer
        .send({
          messages: records.map(r => ({
            topic,
            partition: r.partition ?? 0,
            key: r.key,
            value: r.value as string,
            ...(r.headers ? { headers: r.headers } : {}),
          })),
        })
        .then(() => undefined),
    );
  }

  /**
   * Reads the first `count` records of `topic` from its start, as strings, with a consumer
   * group of its own; fails naming how many arrived when they do not within `timeoutMs`.
   */
  async readRecords(
    topic: string,
    count: number,
    timeoutMs = 30_000,
  ): Promise<{ key: string; value: string }[]> {
    const lib = await this.#load();
    const consumer = new lib.Consumer({
      groupId: `ksml-testbed-read-${topic}-${Date.now()}`,
      clientId: 'ksml-testbed',
      bootstrapBrokers: [this.#broker.bootstrap],
      deserializers: lib.stringDeserializers,
    });
    const records: { key: string; value: string }[] = [];
    const stream = await consumer.consume({
      topics: [topic],
      mode: lib.MessagesStreamModes.EARLIEST,
      autocommit: false,
    });
    const timer = setTimeout(() => stream.close(), timeoutMs);
    try {
      for await (const message of stream) {
        records.push({
          key: String(message.key),
          value: String(message.value),
        });
        if (records.length >= count) break;
      }
    } finally {
      clearTimeout(timer);
      await stream.close().catch(() => undefined);
      await consumer.close(true);
    }
    if (records.length < count) {
      throw new Error(
        `${records.length} of ${count} records arrived on ${topic} within ${timeoutMs} ms`,
      );
    }
    return records;
  }

  /** Commits offsets as consumer group `groupId` would (partition → next offset to read). */
  async commit(
    groupId: string,
    topic: string,
    offsets: Record<number, number>,
  ): Promise<void> {
    await this.#withAdmin(admin =>
      admin.alterConsumerGroupOffsets({
        groupId,
        topics: [
          {
            name: topic,
            partitionOffsets: Object.entries(offsets).map(([p, o]) => ({
              partition: Number(p),
              offset: BigInt(o),
            })),
          },
        ],
      }),
    );
  }

  /**
   * Allows `principal` (e.g. `User:ksml-limited`) each operation on each resource, by ACLs on
   * the broker (whose authorizer refuses the limited user everything no ACL allows). A name
   * ending in `*` is a prefix: `app-*` covers a Streams app's group and internal topics.
   */
  async allow(
    principal: string,
    grants: Array<{
      resource: 'TOPIC' | 'GROUP';
      name: string;
      operations: Array<'ALL' | 'READ' | 'WRITE' | 'DESCRIBE' | 'CREATE'>;
    }>,
  ): Promise<void> {
    const lib = await this.#load();
    await this.#withAdmin(admin =>
      admin.createAcls({
        creations: grants.flatMap(({ resource, name, operations }) =>
          operations.map(operation => ({
            resourceType: lib.ResourceTypes[resource],
            resourceName: name.endsWith('*') ? name.slice(0, -1) : name,
            resourcePatternType: name.endsWith('*')
              ? lib.ResourcePatternTypes.PREFIXED
              : lib.ResourcePatternTypes.LITERAL,
            principal,
            host: '*',
            operation: lib.AclOperations[operation],
            permissionType: lib.AclPermissionTypes.ALLOW,
          })),
        ),
      }),
    );
  }

  async #withAdmin<T>(
    fn: (admin: InstanceType<KafkaLib['Admin']>) => Promise<T>,
  ): Promise<T> {
    const lib = await this.#load();
    const admin = new lib.Admin({
      clientId: 'ksml-testbed',
      bootstrapBrokers: [this.#broker.bootstrap],
    });
    try {
      return await fn(admin);
    } finally {
      await admin.close();
    }
  }

  async #load(): Promise<KafkaLib> {
    this.#lib ??= await import('@platformatic/kafka');
    return this.#lib;
  }
}
