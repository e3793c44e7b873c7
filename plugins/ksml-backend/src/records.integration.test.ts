import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { KafkaFixture, loadTestbedEnv } from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { recordingAuditor } from './__testUtils__/recordingAuditor';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// GET /records on the real broker: an app's topic read back decoded as its definition declares
// it, with partitions, offsets, timestamps and headers; filtered, bounded, refused for a topic
// the app does not use, and audited without the data. The app runs on kwok (its pods run
// nothing): the records are the test's own, written to the real broker.
describe('records of an app topic, from the real broker', () => {
  const env = loadTestbedEnv();
  const kafka = new KafkaFixture(env.kafka);
  const run = randomBytes(4).toString('hex');
  const input = `payments-${run}`;
  const output = `payments-seen-${run}`;
  const events: Array<Record<string, unknown>> = [];
  let backend: TestbedBackend;

  const query = (params: Record<string, string>) =>
    new URLSearchParams({
      tenant: readmeDeployRequest.tenant,
      instance: readmeDeployRequest.instance,
      environment: 'dev',
      application: 'payments',
      ...params,
    }).toString();

  beforeAll(async () => {
    const auditor = recordingAuditor(events);
    backend = await startTestbedBackend({
      namespacePrefix: 'records',
      environments: {
        dev: { kafka: { bootstrapServers: env.kafka.bootstrap } },
      },
      features: [auditor.factory],
    });
    await kafka.createTopics([input], 2);
    await kafka.createTopics([output]);
    const deployed = await request(backend.server)
      .post('/api/ksml/deploy')
      .send({
        ...readmeDeployRequest,
        application: 'payments',
        definition: [
          'streams:',
          `  payments: {topic: ${input}, keyType: string, valueType: json}`,
          `  seen: {topic: ${output}, keyType: string, valueType: long}`,
          'pipelines:',
          '  count:',
          '    from: payments',
          '    via:',
          '      - type: groupByKey',
          '      - type: count',
          '      - type: toStream',
          '    to: seen',
        ].join('\n'),
        schemas: [],
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'bootstrap.servers': env.kafka.bootstrap,
          'application.id': `records-${run}`,
        },
      });
    if (deployed.status !== 200)
      throw new Error(`deploy: ${deployed.status} ${deployed.text}`);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await kafka.deleteTopics([input, output]).catch(() => undefined);
  }, 60_000);

  it('reads the last records decoded, with partitions, offsets, timestamps and headers', async () => {
    const before = Date.now();
    await kafka.produceRecords(input, [
      {
        partition: 0,
        key: 'alice',
        value: '{"amount":12.5,"currency":"EUR"}',
        headers: { source: 'till-1' },
      },
      { partition: 0, key: 'bob', value: '{"amount":3}' },
      { partition: 1, key: 'carol', value: 'not json' },
      { partition: 1, key: 'alice', value: null },
    ]);
    const res = await request(backend.server).get(
      `/api/ksml/records?${query({ topic: input })}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      topic: input,
      keyType: 'string',
      valueType: 'json',
      scanned: { records: 4 },
      partitions: [
        { partition: 0, earliestOffset: 0, endOffset: 2 },
        { partition: 1, earliestOffset: 0, endOffset: 2 },
      ],
    });
    const byPlace = Object.fromEntries(
      res.body.records.map((r: any) => [`${r.partition}/${r.offset}`, r]),
    );
    expect(byPlace['0/0']).toMatchObject({
      key: 'alice',
      keyFormat: 'text',
      value: { amount: 12.5, currency: 'EUR' },
      valueFormat: 'json',
      headers: [{ key: 'source', value: 'till-1' }],
    });
    expect(Date.parse(byPlace['0/0'].timestamp)).toBeGreaterThanOrEqual(
      before - 1000,
    );
    expect(byPlace['1/0']).toMatchObject({
      value: 'not json',
      valueFormat: 'text',
      note: expect.stringContaining('value: not JSON'),
    });
    expect(byPlace['1/1']).toMatchObject({
      key: 'alice',
      value: null,
      valueFormat: 'null',
    });

    // A filter on key or value, and one partition from an offset.
    const alice = await request(backend.server).get(
      `/api/ksml/records?${query({ topic: input, filter: 'ALICE' })}`,
    );
    expect(
      alice.body.records.map((r: any) => `${r.partition}/${r.offset}`).sort(),
    ).toEqual(['0/0', '1/1']);
    const fromOffset = await request(backend.server).get(
      `/api/ksml/records?${query({
        topic: input,
        partition: '0',
        offset: '1',
      })}`,
    );
    expect(fromOffset.body.records.map((r: any) => r.key)).toEqual(['bob']);
    // From a time after everything: nothing.
    const later = await request(backend.server).get(
      `/api/ksml/records?${query({
        topic: input,
        from: new Date(Date.now() + 60_000).toISOString(),
      })}`,
    );
    expect(later.body.records).toEqual([]);
  }, 60_000);

  it('decodes the output topic by its own declared types', async () => {
    const count = Buffer.alloc(8);
    count.writeBigInt64BE(42n);
    await kafka.produceRecords(output, [
      { key: 'alice', value: count.toString('latin1') },
    ]);
    const res = await request(backend.server).get(
      `/api/ksml/records?${query({ topic: output, limit: '1' })}`,
    );
    // A count as Kafka's LongSerializer writes it (8 bytes, big-endian; all below 0x80, so the
    // string serializer writes them as they are).
    expect(res.body).toMatchObject({
      valueType: 'long',
      records: [{ key: 'alice', value: '42', valueFormat: 'number' }],
    });
  }, 60_000);

  it('refuses a topic the app does not use, naming its topics, and audits reads without the data', async () => {
    const res = await request(backend.server).get(
      `/api/ksml/records?${query({ topic: '__consumer_offsets' })}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `Invalid records query: topic: __consumer_offsets is not a topic of payments in dev; its topics are ${[
        input,
        output,
      ]
        .sort()
        .join(', ')}`,
    );
    const reads = events.filter(e => e.eventId === 'app-records-read');
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads[0]).toEqual({
      eventId: 'app-records-read',
      meta: {
        environment: 'dev',
        application: 'payments',
        topic: input,
        limit: 50,
        filtered: 'no',
      },
    });
    expect(events).toContainEqual({
      success: { records: 4, scannedRecords: 4 },
    });
    const audited = JSON.stringify(events);
    for (const data of ['EUR', 'till-1', 'not json'])
      expect(audited).not.toContain(data);
  });
});
