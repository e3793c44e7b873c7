import { parse } from 'yaml';
import { starterDefinition } from '../starters';
import { parseTopology, topicNodeId } from '.';
import type { KsmlTopology, KsmlTopologyNode } from './types';

const lines = (...l: string[]) => l.join('\n');

/** Edges as `from -> to` (with ` [label]`), easy to read in a failing assertion. */
const edges = (topology: KsmlTopology) =>
  topology.edges.map(
    e => `${e.from} -> ${e.to}${e.label === undefined ? '' : ` [${e.label}]`}`,
  );

const node = (topology: KsmlTopology, id: string): KsmlTopologyNode => {
  const found = topology.nodes.find(n => n.id === id);
  if (!found)
    throw new Error(`no node ${id} in ${topology.nodes.map(n => n.id)}`);
  return found;
};

const ids = (topology: KsmlTopology) => topology.nodes.map(n => n.id);

describe('parseTopology', () => {
  describe('starters', () => {
    it('draws the copy starter: source topic, source, target topic', () => {
      const topology = parseTopology({
        '': starterDefinition('copy', { application: 'x' }),
      });
      expect(topology.nodes).toEqual([
        {
          id: 'topic:ksml_sensordata_avro',
          kind: 'topic',
          label: 'ksml_sensordata_avro',
          topic: 'ksml_sensordata_avro',
        },
        {
          id: 'source:sensor_source',
          kind: 'source',
          label: 'sensor_source',
          sourceType: 'stream',
          keyType: 'string',
          valueType: 'avro:SensorData',
          detail:
            'stream, topic ksml_sensordata_avro, key string, value avro:SensorData',
        },
        {
          id: 'topic:ksml_sensordata_copy',
          kind: 'topic',
          label: 'ksml_sensordata_copy',
          topic: 'ksml_sensordata_copy',
        },
        expect.objectContaining({
          id: 'source:sensor_target',
          kind: 'source',
          sourceType: 'stream',
        }),
      ]);
      expect(edges(topology)).toEqual([
        'topic:ksml_sensordata_avro -> source:sensor_source',
        'topic:ksml_sensordata_copy -> source:sensor_target',
        'source:sensor_source -> topic:ksml_sensordata_copy',
      ]);
      expect(topology.inputTopics).toEqual(['ksml_sensordata_avro']);
      expect(topology.outputTopics).toEqual(['ksml_sensordata_copy']);
    });

    it('draws the filter starter with its filter step', () => {
      const topology = parseTopology({
        '': starterDefinition('filter', {
          application: 'x',
          inputTopic: 'in',
          outputTopic: 'out',
        }),
      });
      expect(node(topology, 'op:filter_blue_sensors.via.0')).toEqual({
        id: 'op:filter_blue_sensors.via.0',
        kind: 'operation',
        label: 'filter',
        detail: 'if sensor_is_blue',
        pipeline: 'filter_blue_sensors',
      });
      expect(edges(topology)).toEqual([
        'topic:in -> source:sensor_source',
        'topic:out -> source:sensor_target',
        'source:sensor_source -> op:filter_blue_sensors.via.0',
        'op:filter_blue_sensors.via.0 -> topic:out',
      ]);
      expect(topology.inputTopics).toEqual(['in']);
      expect(topology.outputTopics).toEqual(['out']);
    });

    it('draws the producer starter: a producer writing its topic', () => {
      const topology = parseTopology({
        '': starterDefinition('producer', { application: 'x' }),
      });
      expect(topology.nodes).toEqual([
        {
          id: 'producer:sensordata_producer',
          kind: 'producer',
          label: 'sensordata_producer',
          detail: 'generator generate_sensordata, interval 3s',
        },
        expect.objectContaining({ id: topicNodeId('ksml_sensordata_json') }),
      ]);
      expect(edges(topology)).toEqual([
        'producer:sensordata_producer -> topic:ksml_sensordata_json',
      ]);
      expect(topology.inputTopics).toEqual([]);
      expect(topology.outputTopics).toEqual(['ksml_sensordata_json']);
    });
  });

  it("draws the provisioner readme's flow-style sample, ending in an inline forEach", () => {
    const definition = `{streams: {sensor_source_avro: {topic: ksml_sensordata_avro, keyType: string, valueType: 'avro:SensorData'}}, functions: {log_message: {type: forEach, parameters: [{name: format, type: string}], code: 'log.info("Consumed {} message - key={}, value={}", format, key, value)'}}, pipelines: {consume_avro: {from: sensor_source_avro, forEach: {code: 'log_message(key, value, format="AVRO")'}}}}`;
    const topology = parseTopology({ '': definition });
    expect(node(topology, 'sink:consume_avro')).toEqual({
      id: 'sink:consume_avro',
      kind: 'sink',
      label: 'forEach',
      detail: 'inline',
      pipeline: 'consume_avro',
    });
    expect(edges(topology)).toEqual([
      'topic:ksml_sensordata_avro -> source:sensor_source_avro',
      'source:sensor_source_avro -> sink:consume_avro',
    ]);
    expect(topology.inputTopics).toEqual(['ksml_sensordata_avro']);
    expect(topology.outputTopics).toEqual([]);
  });

  it('draws joins with a stream, a table (with its store) and a global table', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  orders: {topic: new_orders, keyType: string, valueType: json}',
        '  payments: {topic: payments, keyType: string, valueType: json}',
        '  enriched: {topic: enriched_orders, keyType: string, valueType: json}',
        'tables:',
        '  customers:',
        '    topic: customer_data',
        '    keyType: string',
        '    valueType: json',
        '    store: {name: customers_store, type: keyValue}',
        'globalTables:',
        '  products: {topic: product_catalog, keyType: string, valueType: json}',
        'functions:',
        '  merge_values: {type: valueJoiner, expression: value1}',
        'pipelines:',
        '  enrich:',
        '    from: orders',
        '    via:',
        '      - type: join',
        '        table: customers',
        '        valueJoiner: merge_values',
        '      - type: leftJoin',
        '        globalTable: products',
        '        mapper: {expression: value.get("product_id")}',
        '        valueJoiner: merge_values',
        '      - type: outerJoin',
        '        stream: payments',
        '        valueJoiner: merge_values',
        '        timeDifference: 30m',
        '        thisStore: {name: orders_window, type: window, windowSize: 60m, retention: 65m}',
        '        otherStore: {name: payments_window, type: window, windowSize: 60m, retention: 65m}',
        '    to: enriched',
      ),
    });
    expect(node(topology, 'source:customers')).toMatchObject({
      sourceType: 'table',
      detail: 'table, topic customer_data, key string, value json',
    });
    expect(node(topology, 'source:products')).toMatchObject({
      sourceType: 'globalTable',
    });
    expect(node(topology, 'store:customers_store')).toEqual({
      id: 'store:customers_store',
      kind: 'store',
      label: 'customers_store',
      detail: 'keyValue',
    });
    expect(
      ['op:enrich.via.0', 'op:enrich.via.1', 'op:enrich.via.2'].map(id => {
        const { label, detail } = node(topology, id);
        return { label, detail };
      }),
    ).toEqual([
      { label: 'join', detail: 'table customers, valueJoiner merge_values' },
      {
        label: 'leftJoin',
        detail:
          'globalTable products, mapper value.get("product_id"), valueJoiner merge_values',
      },
      {
        label: 'outerJoin',
        detail:
          'stream payments, valueJoiner merge_values, thisStore orders_window, otherStore payments_window, timeDifference 30m',
      },
    ]);
    expect(node(topology, 'store:orders_window').detail).toBe(
      'window, windowSize 60m, retention 65m',
    );
    expect(edges(topology)).toEqual([
      'topic:new_orders -> source:orders',
      'topic:payments -> source:payments',
      'topic:enriched_orders -> source:enriched',
      'topic:customer_data -> source:customers',
      'source:customers -> store:customers_store [store]',
      'topic:product_catalog -> source:products',
      'source:orders -> op:enrich.via.0',
      'source:customers -> op:enrich.via.0 [join]',
      'op:enrich.via.0 -> op:enrich.via.1',
      'source:products -> op:enrich.via.1 [join]',
      'op:enrich.via.1 -> op:enrich.via.2',
      'source:payments -> op:enrich.via.2 [join]',
      'op:enrich.via.2 -> store:orders_window [store]',
      'op:enrich.via.2 -> store:payments_window [store]',
      'op:enrich.via.2 -> topic:enriched_orders',
    ]);
    expect(topology.inputTopics).toEqual([
      'customer_data',
      'new_orders',
      'payments',
      'product_catalog',
    ]);
    expect(topology.outputTopics).toEqual(['enriched_orders']);
  });

  it('draws branches with named, inline and default conditions, each ending its own way', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  sensors: {topic: sensors, keyType: string, valueType: json}',
        '  blue: {topic: sensors_blue, keyType: string, valueType: json}',
        'functions:',
        '  is_blue: {type: predicate, expression: \'value["color"] == "blue"\'}',
        'pipelines:',
        '  route:',
        '    from: sensors',
        '    via:',
        '      - type: peek',
        '        forEach: {code: log.info(key)}',
        '    branch:',
        '      - if: is_blue',
        '        to: blue',
        '      - if: {expression: \'value["color"] == "red"\'}',
        '        via:',
        '          - type: mapValues',
        '            mapper: {expression: value}',
        '        print: {label: red}',
        '      - forEach: {code: log.warn(value)}',
      ),
    });
    expect(node(topology, 'op:route.branch')).toEqual({
      id: 'op:route.branch',
      kind: 'operation',
      label: 'branch',
      detail: '3 branches',
      pipeline: 'route',
    });
    expect(node(topology, 'op:route.branch.1.via.0')).toMatchObject({
      label: 'mapValues',
      detail: 'mapper value',
      pipeline: 'route',
    });
    expect(node(topology, 'sink:route.branch.1')).toMatchObject({
      kind: 'sink',
      label: 'print',
      detail: 'label red',
    });
    expect(node(topology, 'sink:route.branch.2')).toMatchObject({
      kind: 'sink',
      label: 'forEach',
    });
    expect(edges(topology)).toEqual([
      'topic:sensors -> source:sensors',
      'topic:sensors_blue -> source:blue',
      'source:sensors -> op:route.via.0',
      'op:route.via.0 -> op:route.branch',
      'op:route.branch -> topic:sensors_blue [is_blue]',
      'op:route.branch -> op:route.branch.1.via.0 [value["color"] == "red"]',
      'op:route.branch.1.via.0 -> sink:route.branch.1',
      'op:route.branch -> sink:route.branch.2 [default]',
    ]);
    expect(topology.inputTopics).toEqual(['sensors']);
    expect(topology.outputTopics).toEqual(['sensors_blue']);
  });

  it('draws aggregations: grouping, windowing, and the stores of aggregate, count and reduce', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  clicks: {topic: clicks, keyType: string, valueType: json}',
        '  counts: {topic: click_counts, keyType: "windowed(string)", valueType: long}',
        'stores:',
        '  totals_store: {type: keyValue, keyType: string, valueType: long}',
        'functions:',
        '  init: {type: initializer, expression: 0, resultType: long}',
        '  add_one: {type: aggregator, expression: aggregatedValue + 1}',
        '  add: {type: reducer, expression: value1 + value2}',
        'pipelines:',
        '  windowed_counts:',
        '    from: clicks',
        '    via:',
        '      - type: groupByKey',
        '      - type: windowByTime',
        '        windowType: tumbling',
        '        duration: 5m',
        '        grace: 30s',
        '      - type: count',
        '        store: {name: click_counts_5m, type: window, windowSize: 5m, retention: 30m}',
        '      - type: toStream',
        '    to: counts',
        '  totals:',
        '    from: clicks',
        '    via:',
        '      - type: groupByKey',
        '      - type: aggregate',
        '        initializer: init',
        '        aggregator: add_one',
        '        store: totals_store',
        '      - type: toStream',
        '    forEach: {code: log.info(value)}',
        '  reduced:',
        '    from: clicks',
        '    via:',
        '      - type: groupByKey',
        '      - type: reduce',
        '        reducer: add',
        '        store: {type: keyValue}',
        '    as: reduced_table',
      ),
    });
    const chain = (pipeline: string) =>
      topology.nodes
        .filter(n => n.pipeline === pipeline)
        .map(n => `${n.label}${n.detail ? ` (${n.detail})` : ''}`);
    expect(chain('windowed_counts')).toEqual([
      'groupByKey',
      'windowByTime (windowType tumbling, duration 5m, grace 30s)',
      'count (store click_counts_5m)',
      'toStream',
    ]);
    expect(chain('totals')).toEqual([
      'groupByKey',
      'aggregate (initializer init, aggregator add_one, store totals_store)',
      'toStream',
      'forEach (inline)',
    ]);
    expect(chain('reduced')).toEqual([
      'groupByKey',
      'reduce (reducer add, store inline)',
    ]);
    expect(node(topology, 'store:click_counts_5m').detail).toBe(
      'window, windowSize 5m, retention 30m',
    );
    // A declared store shows its declaration; an unnamed inline one is named by its step.
    expect(node(topology, 'store:totals_store').detail).toBe(
      'keyValue, key string, value long',
    );
    expect(node(topology, 'store:reduced.via.1.store')).toMatchObject({
      label: 'reduce store',
      detail: 'keyValue',
    });
    expect(edges(topology)).toEqual(
      expect.arrayContaining([
        'op:windowed_counts.via.2 -> store:click_counts_5m [store]',
        'op:totals.via.1 -> store:totals_store [store]',
        'op:reduced.via.1 -> store:reduced.via.1.store [store]',
        'op:windowed_counts.via.3 -> topic:click_counts',
        'op:totals.via.2 -> sink:totals',
      ]),
    );
    expect(topology.inputTopics).toEqual(['clicks']);
    expect(topology.outputTopics).toEqual(['click_counts']);
  });

  it('chains pipelines through `as` results and through pipelines without sink, in any order', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  raw: {topic: raw, keyType: string, valueType: json}',
        'pipelines:',
        // Reads a result declared further down: KSML needs the order, the drawing does not.
        '  last:',
        '    from: third',
        '    to: {topic: done}',
        '  first:',
        '    from: raw',
        '    via:',
        '      - type: filter',
        '        if: {expression: value is not None}',
        '    as: filtered',
        '  second:',
        '    from: filtered',
        '    to: {topic: filtered_copy, keyType: string, valueType: json}',
        '  third:',
        '    from: filtered',
        '    via:',
        '      - type: mapValues',
        '        mapper: {code: "x = 1", expression: x}',
      ),
    });
    expect(edges(topology)).toEqual([
      'topic:raw -> source:raw',
      'source:raw -> op:first.via.0',
      'op:first.via.0 -> op:third.via.0 [filtered]',
      'op:third.via.0 -> topic:done [third]',
      'op:first.via.0 -> topic:filtered_copy [filtered]',
    ]);
    expect(node(topology, 'op:third.via.0').detail).toBe('mapper inline');
    // Results are not sources of their own: only the raw topic is read.
    expect(topology.inputTopics).toEqual(['raw']);
    expect(topology.outputTopics).toEqual(['done', 'filtered_copy']);
  });

  it('draws inline sources and targets, and a plain undeclared `to` as a topic', () => {
    const topology = parseTopology({
      '': lines(
        'pipelines:',
        '  copy:',
        '    from: {topic: inline_in, keyType: string, valueType: json}',
        '    via:',
        '      - type: join',
        '        table: {topic: inline_table, keyType: string, valueType: json}',
        '        valueJoiner: {expression: value1}',
        '      - type: merge',
        '        stream: {topic: inline_other}',
        '    to: {topic: inline_out, keyType: string, valueType: json}',
        '  plain:',
        '    from: {topic: inline_in}',
        '    to: plain_out',
      ),
    });
    expect(node(topology, 'source:copy.from')).toEqual({
      id: 'source:copy.from',
      kind: 'source',
      label: 'inline_in',
      sourceType: 'stream',
      keyType: 'string',
      valueType: 'json',
      detail: 'inline stream, topic inline_in, key string, value json',
    });
    expect(node(topology, 'source:copy.via.0.table')).toMatchObject({
      label: 'inline_table',
      sourceType: 'table',
    });
    expect(node(topology, 'op:copy.via.1').detail).toBe('stream inline_other');
    expect(edges(topology)).toEqual([
      'topic:inline_in -> source:copy.from',
      'source:copy.from -> op:copy.via.0',
      'topic:inline_table -> source:copy.via.0.table',
      'source:copy.via.0.table -> op:copy.via.0 [join]',
      'op:copy.via.0 -> op:copy.via.1',
      'topic:inline_other -> source:copy.via.1.stream',
      'source:copy.via.1.stream -> op:copy.via.1 [join]',
      'op:copy.via.1 -> topic:inline_out',
      'topic:inline_in -> source:plain.from',
      'source:plain.from -> topic:plain_out',
    ]);
    expect(topology.inputTopics).toEqual([
      'inline_in',
      'inline_other',
      'inline_table',
    ]);
    expect(topology.outputTopics).toEqual(['inline_out', 'plain_out']);
  });

  it('shares one node per topic between definitions and keeps their other ids apart', () => {
    const producer = lines(
      'functions:',
      '  make: {type: generator, expression: "(None, 1)", resultType: "(string, long)"}',
      'producers:',
      '  numbers: {generator: make, interval: 1000, to: {topic: numbers, keyType: string, valueType: long}}',
    );
    const consumer = (output: string) =>
      lines(
        'streams:',
        '  numbers: {topic: numbers, keyType: string, valueType: long}',
        'pipelines:',
        '  main:',
        '    from: numbers',
        '    via: [{type: filter, if: {expression: value > 0}}]',
        `    to: {topic: ${output}}`,
      );
    const topology = parseTopology({
      generate: producer,
      first: consumer('positive'),
      // A definition may come already parsed.
      second: parse(consumer('also_positive')),
    });
    expect(ids(topology)).toEqual([
      'generate/producer:numbers',
      'topic:numbers',
      'first/source:numbers',
      'first/op:main.via.0',
      'topic:positive',
      'second/source:numbers',
      'second/op:main.via.0',
      'topic:also_positive',
    ]);
    expect(node(topology, 'first/op:main.via.0')).toEqual({
      id: 'first/op:main.via.0',
      kind: 'operation',
      label: 'filter',
      detail: 'if value > 0',
      pipeline: 'main',
      definition: 'first',
    });
    expect(node(topology, 'generate/producer:numbers')).toMatchObject({
      definition: 'generate',
      detail: 'generator make, interval 1000',
    });
    expect(edges(topology)).toEqual([
      'generate/producer:numbers -> topic:numbers',
      'topic:numbers -> first/source:numbers',
      'first/source:numbers -> first/op:main.via.0',
      'first/op:main.via.0 -> topic:positive',
      'topic:numbers -> second/source:numbers',
      'second/source:numbers -> second/op:main.via.0',
      'second/op:main.via.0 -> topic:also_positive',
    ]);
    expect(topology.inputTopics).toEqual(['numbers']);
    expect(topology.outputTopics).toEqual([
      'also_positive',
      'numbers',
      'positive',
    ]);
  });

  it('draws the stores functions use, and a topic name extractor sink', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  readings: {topic: readings, keyType: string, valueType: json}',
        'tables:',
        '  devices: {topic: devices, keyType: string, valueType: json}',
        'stores:',
        '  last_seen: {type: keyValue, keyType: string, valueType: json}',
        'functions:',
        '  remember: {type: forEach, code: last_seen.put(key, value), stores: [last_seen]}',
        '  route: {type: topicNameExtractor, expression: "\'out_\' + key", stores: [devices]}',
        'pipelines:',
        '  keep:',
        '    from: readings',
        '    forEach: remember',
        '  spread:',
        '    from: readings',
        '    toTopicNameExtractor: {topicNameExtractor: route}',
      ),
    });
    expect(node(topology, 'sink:spread')).toMatchObject({
      label: 'toTopicNameExtractor',
      detail: 'topicNameExtractor route',
    });
    expect(edges(topology)).toEqual(
      expect.arrayContaining([
        'source:readings -> sink:keep',
        'sink:keep -> store:last_seen [store]',
        'source:readings -> sink:spread',
        // A function may use a table's store by the table's name.
        'sink:spread -> source:devices [store]',
      ]),
    );
    expect(topology.outputTopics).toEqual([]);
  });

  it('draws only the sink KSML uses when a pipeline names several', () => {
    const topology = parseTopology({
      '': lines(
        'streams:',
        '  a: {topic: a}',
        'pipelines:',
        '  p:',
        '    from: a',
        '    forEach: {code: pass}',
        '    to: {topic: ignored}',
      ),
    });
    expect(edges(topology)).toEqual([
      'topic:a -> source:a',
      'source:a -> sink:p',
    ]);
    expect(topology.outputTopics).toEqual([]);
  });

  describe('tolerance', () => {
    it('skips a definition that is not YAML, and still draws the others', () => {
      const broken = 'streams:\n  a: {topic: [unclosed\npipelines: :\n';
      const topology = parseTopology({
        broken,
        fine: lines('streams:', '  s: {topic: t}'),
      });
      expect(ids(topology)).toEqual(['topic:t', 'fine/source:s']);
    });

    it.each([
      ['an empty text', ''],
      ['a list', '- a\n- b'],
      ['a scalar', 'just text'],
    ])('draws nothing for %s', (_, definition) => {
      expect(parseTopology({ '': definition })).toEqual({
        nodes: [],
        edges: [],
        inputTopics: [],
        outputTopics: [],
      });
    });

    it('draws what it can of unexpected shapes without throwing', () => {
      const topology = parseTopology({
        '': lines(
          'streams:',
          '  ok: {topic: ok}',
          '  no_topic: {keyType: string}',
          '  not_a_map: 5',
          'tables: [1, 2]',
          'functions: 3',
          'stores: null',
          'pipelines:',
          '  weird:',
          '    from: toString',
          '    via: [null, 7, {mapper: f}, {type: filter, if: [1]}]',
          '    branch: {not: a list}',
          '  numeric:',
          '    from: 42',
          '    via: not a list',
          '    to: 43',
          '  to_no_topic:',
          '    from: ok',
          '    to: no_topic',
          '  not_a_map: 1',
          'producers:',
          '  p: {generator: g}',
          '  q: [1]',
        ),
      });
      expect(ids(topology)).toEqual([
        'topic:ok',
        'source:ok',
        'source:no_topic',
        // `toString` is no stream: an unknown name is drawn as an undeclared source.
        'source:toString',
        'op:weird.via.2',
        'op:weird.via.3',
        'op:weird.branch',
        'producer:p',
      ]);
      expect(node(topology, 'source:toString').detail).toBe(
        'not declared in this definition',
      );
      expect(node(topology, 'op:weird.via.2').label).toBe('unknown');
      expect(node(topology, 'op:weird.branch').detail).toBe('0 branches');
      expect(edges(topology)).toEqual([
        'topic:ok -> source:ok',
        'source:toString -> op:weird.via.2',
        'op:weird.via.2 -> op:weird.via.3',
        'op:weird.via.3 -> op:weird.branch',
        'source:ok -> source:no_topic',
      ]);
      expect(topology.inputTopics).toEqual(['ok']);
      expect(topology.outputTopics).toEqual([]);
    });

    it('does not loop on pipelines reading each other', () => {
      const topology = parseTopology({
        '': lines(
          'pipelines:',
          '  a: {from: b, via: [{type: peek, forEach: f}]}',
          '  b: {from: a, via: [{type: peek, forEach: f}]}',
        ),
      });
      expect(edges(topology)).toEqual([
        'source:a -> op:b.via.0',
        'op:b.via.0 -> op:a.via.0 [b]',
      ]);
    });
  });
});
