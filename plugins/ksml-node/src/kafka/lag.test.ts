import { parseTopology } from '@ksml-backstage/plugin-ksml-common';
import { computeLag, groupInputTopics } from './lag';

describe('computeLag', () => {
  it('counts each partition from its commit, or from its earliest offset without one', () => {
    expect(
      computeLag([
        { topic: 'in', partition: 2, earliestOffset: 0, endOffset: 4 },
        {
          topic: 'in',
          partition: 0,
          earliestOffset: 0,
          endOffset: 5,
          committedOffset: 3,
        },
        {
          topic: 'in',
          partition: 1,
          earliestOffset: 0,
          endOffset: 7,
          committedOffset: 7,
        },
        { topic: 'a', partition: 0, earliestOffset: 10, endOffset: 12 },
      ]),
    ).toEqual([
      {
        topic: 'a',
        lag: 2,
        partitions: [
          { partition: 0, earliestOffset: 10, endOffset: 12, lag: 2 },
        ],
      },
      {
        topic: 'in',
        lag: 6,
        partitions: [
          {
            partition: 0,
            earliestOffset: 0,
            endOffset: 5,
            committedOffset: 3,
            lag: 2,
          },
          {
            partition: 1,
            earliestOffset: 0,
            endOffset: 7,
            committedOffset: 7,
            lag: 0,
          },
          { partition: 2, earliestOffset: 0, endOffset: 4, lag: 4 },
        ],
      },
    ]);
  });

  it('does not count records retention deleted below a commit', () => {
    const [topic] = computeLag([
      {
        topic: 't',
        partition: 0,
        earliestOffset: 50,
        endOffset: 60,
        committedOffset: 20,
      },
    ]);
    expect(topic.lag).toBe(10);
    expect(topic.partitions[0].committedOffset).toBe(20);
  });

  it('is empty for no partitions', () => {
    expect(computeLag([])).toEqual([]);
  });
});

describe('groupInputTopics', () => {
  it('leaves out a topic only global tables read: the group commits nothing there', () => {
    const topology = parseTopology({
      '': `
streams:
  orders: {topic: orders, keyType: string, valueType: json}
tables:
  customers: {topic: customers, keyType: string, valueType: json}
globalTables:
  products: {topic: products, keyType: string, valueType: json}
pipelines:
  enrich:
    from: orders
    via:
      - {type: join, table: customers, valueJoiner: {expression: value}}
      - {type: leftJoin, globalTable: products, mapper: {expression: key}, valueJoiner: {expression: value}}
    to: {topic: enriched, keyType: string, valueType: json}
`,
    });
    expect(topology.inputTopics).toEqual(['customers', 'orders', 'products']);
    expect(groupInputTopics(topology)).toEqual(['customers', 'orders']);
  });
});
