import { parseTopology } from '@ksml-backstage/plugin-ksml-common';
import { processorNodeNames, throughputOverlay } from './throughputOverlay';

const lines = (...l: string[]) => l.join('\n');

/** What a real KSML 1.3.0 runner ran: definitions `ok` and `py`, each mapping a topic's values. */
const observed = parseTopology({
  ok: lines(
    'streams:',
    '  probe_in:',
    '    topic: probe-mxcqont4-2j9u-in',
    '    keyType: string',
    '    valueType: json',
    'pipelines:',
    '  double:',
    '    from: probe_in',
    '    via:',
    '      - type: mapValues',
    '        mapper:',
    '          expression: value * 2',
    '    to: doubled',
  ),
  py: lines(
    'pipelines:',
    '  triple:',
    '    from:',
    '      topic: probe-py-in',
    '      keyType: string',
    '      valueType: json',
    '    via:',
    '      - type: mapValues',
    '        mapper:',
    '          expression: value * 3',
    '    to: tripled',
  ),
});

/**
 * The cases of KSML's own topology references (ksml/src/test/resources/reference/3 and 4: a named
 * peek, a branch with a `to` and a `forEach`), with a second pipeline whose first step is named
 * by its place like the branch's filter, and joins with a table and a global table.
 */
const fromSource = parseTopology({
  test: lines(
    'streams:',
    '  sensor_stream:',
    '    topic: ksml_sensordata_avro',
    '    keyType: string',
    '    valueType: json',
    'tables:',
    '  owners:',
    '    topic: ksml_owners',
    '    keyType: string',
    '    valueType: json',
    'globalTables:',
    '  locations:',
    '    topic: ksml_locations',
    '    keyType: string',
    '    valueType: json',
    'pipelines:',
    '  main:',
    '    from: sensor_stream',
    '    via:',
    '      - name: before-peek',
    '        type: peek',
    '        forEach: print_message',
    '    branch:',
    '      - if:',
    "          expression: value['color'] == 'blue'",
    '        to: sensor_blue',
    '      - if:',
    "          expression: value['color'] == 'red'",
    '        via:',
    '          - type: filter',
    '            if:',
    "              expression: value['owner'] is not None",
    '        to: sensor_red',
    '      - forEach:',
    '          code: print(value)',
    '  second:',
    '    from: sensor_stream',
    '    via:',
    '      - type: filter',
    '        if: filter_message',
    '      - type: map',
    '        mapper: to_pair',
    '      - type: peek',
    '        forEach: print_message',
    '    forEach: print_message',
    '  joined:',
    '    from: sensor_stream',
    '    via:',
    '      - type: join',
    '        table: owners',
    '        valueJoiner: join_owner',
    '      - type: leftJoin',
    '        globalTable: locations',
    '        mapper: location_key',
    '        valueJoiner: join_location',
    '      - name: dedup',
    '        type: filter',
    '        if: filter_message',
    '      - name: dedup',
    '        type: peek',
    '        forEach: print_message',
    '    to: sensor_joined',
  ),
});

describe('processorNodeNames', () => {
  it('names the nodes a real runner ran: sources by topic, a mapValues step by its place', () => {
    expect(Object.fromEntries(processorNodeNames(observed))).toEqual({
      'probe-mxcqont4-2j9u-in': 'topic:probe-mxcqont4-2j9u-in',
      doubled: 'topic:doubled',
      ok_step1: 'ok/op:double.via.0',
      'probe-py-in': 'topic:probe-py-in',
      tripled: 'topic:tripled',
      py_step1: 'py/op:triple.via.0',
    });
  });

  it("names the steps, branches and sinks of several pipelines as KSML's parser does", () => {
    const names = processorNodeNames(fromSource);
    const steps = Object.fromEntries(
      [...names].filter(([, id]) => !id.startsWith('topic:')),
    );
    expect(steps).toEqual({
      // An explicit name, as in KSML's reference 3 and 4.
      'test_before-peek': 'test/op:main.via.0',
      // A branch's steps and sinks are parsed before the branch itself.
      test_step1: 'test/op:main.branch.1.via.0',
      test_pipelines_main_branch_branch3_forEach: 'test/sink:main.branch.2',
      test_pipelines_main_branch: 'test/op:main.branch',
      // The next filter first in its pipeline: `step1` is taken.
      test_step1_001: 'test/op:second.via.0',
      test_pipelines_second_via_step2_transformKeyValue: 'test/op:second.via.1',
      test_pipelines_second_via_step3_peek: 'test/op:second.via.2',
      test_pipelines_second_forEach: 'test/sink:second',
      // A join with a table may keep a store: named by its place; one with a global table not.
      test_step1_002: 'test/op:joined.via.0',
      test_pipelines_joined_via_step2_leftJoin: 'test/op:joined.via.1',
      // The same explicit name twice.
      test_dedup: 'test/op:joined.via.2',
      test_dedup_001: 'test/op:joined.via.3',
    });
    expect(names.get('ksml_sensordata_avro')).toBe(
      'topic:ksml_sensordata_avro',
    );
  });

  it('names no step of a definition without a name: the namespace is unknown', () => {
    const single = parseTopology({
      '': lines(
        'pipelines:',
        '  main:',
        '    from: { topic: in, keyType: string, valueType: string }',
        '    via: [{ type: peek, forEach: print_message }]',
        '    to: out',
      ),
    });
    expect([...processorNodeNames(single).keys()]).toEqual(['in', 'out']);
  });
});

describe('throughputOverlay', () => {
  it('puts each mapped node’s rate and latency on its graph node and ignores the others', () => {
    const overlay = throughputOverlay(observed, [
      {
        node: 'probe-mxcqont4-2j9u-in',
        recordsPerSecond: 0.3,
        e2eLatencyAvgMs: 12,
        e2eLatencyMaxMs: 40,
      },
      { node: 'ok_step1', recordsPerSecond: 0.3 },
      { node: 'py_step1', recordsPerSecond: 1.5, e2eLatencyAvgMs: 2.5 },
      // A `to` sink has no node of its own; internal nodes have none either.
      { node: 'ok_pipelines_double_to', recordsPerSecond: 0.3 },
      { node: 'KSTREAM-SOURCE-0000000000', recordsPerSecond: 9 },
    ]);
    expect(Object.fromEntries(overlay)).toEqual({
      'topic:probe-mxcqont4-2j9u-in': {
        recordsPerSecond: 0.3,
        e2eLatencyAvgMs: 12,
        e2eLatencyMaxMs: 40,
      },
      'ok/op:double.via.0': { recordsPerSecond: 0.3 },
      'py/op:triple.via.0': { recordsPerSecond: 1.5, e2eLatencyAvgMs: 2.5 },
    });
  });

  it('maps the names KSML gives several pipelines and named operations', () => {
    const overlay = throughputOverlay(fromSource, [
      { node: 'test_step1', recordsPerSecond: 1 },
      { node: 'test_step1_001', recordsPerSecond: 2 },
      { node: 'test_before-peek', recordsPerSecond: 3 },
      { node: 'test_pipelines_main_branch', recordsPerSecond: 4 },
      { node: 'test_pipelines_main_branch0', recordsPerSecond: 4 },
      { node: 'test_pipelines_second_forEach', recordsPerSecond: 5 },
    ]);
    expect(Object.fromEntries(overlay)).toEqual({
      'test/op:main.branch.1.via.0': { recordsPerSecond: 1 },
      'test/op:second.via.0': { recordsPerSecond: 2 },
      'test/op:main.via.0': { recordsPerSecond: 3 },
      'test/op:main.branch': { recordsPerSecond: 4 },
      'test/sink:second': { recordsPerSecond: 5 },
    });
  });

  it('is empty without figures', () => {
    expect(throughputOverlay(observed, []).size).toBe(0);
  });
});
