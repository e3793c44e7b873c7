import { validateDefinition } from './definition';
import { closestName } from './definitionReferences';

const lines = (...l: string[]) => l.join('\n');

/** Declarations most cases share: two streams, a table, functions and a store. */
const declarations = lines(
  'streams:',
  '  readings: {topic: readings, keyType: string, valueType: json}',
  '  alerts: {topic: alerts, keyType: string, valueType: json}',
  'tables:',
  '  devices:',
  '    topic: devices',
  '    keyType: string',
  '    valueType: json',
  '    store: {name: devices_store, type: keyValue}',
  'stores:',
  '  counts: {type: keyValue, keyType: string, valueType: long}',
  'functions:',
  '  is_hot: {type: predicate, expression: value > 70}',
  '  enrich: {type: valueJoiner, expression: value1, resultType: json}',
  '  log_it: {type: forEach, code: log.info(key), stores: [counts, devices]}',
  '  make_reading: {type: generator, expression: "(None, 1)"}',
);

describe('definition references', () => {
  it('accepts a definition whose every name resolves, inline definitions included', () => {
    const text = lines(
      declarations,
      'pipelines:',
      '  hot:',
      '    from: readings',
      '    via:',
      '      - type: filter',
      '        if: is_hot',
      '      - type: join',
      '        table: devices',
      '        valueJoiner: enrich',
      '      - type: mapValues',
      '        mapper: {expression: value, resultType: json}',
      '      - type: count',
      '        store: counts',
      '      - type: toStream',
      '    as: hot_counts',
      '  unnamed_result:',
      '    from: hot_counts',
      '    via:',
      '      - type: peek',
      '        forEach: log_it',
      '  linked:',
      '    from: unnamed_result',
      '    branch:',
      '      - if: is_hot',
      '        to: alerts',
      '      - if: {expression: "True"}',
      '        forEach: {code: log.info(value)}',
      '  inline_source:',
      '    from: {topic: raw, keyType: string, valueType: json}',
      '    to: {topic: copy, keyType: string, valueType: json}',
      'producers:',
      '  tick:',
      '    generator: make_reading',
      '    condition: is_hot',
      '    interval: 1s',
      '    to: readings',
    );
    expect(validateDefinition(text)).toEqual([]);
  });

  it('names the path, the unknown source and the closest declared one', () => {
    const problems = validateDefinition(
      lines(
        declarations,
        'pipelines:',
        '  p:',
        '    from: reading',
        '    to: alerts',
      ),
    );
    expect(problems).toEqual([
      {
        path: 'pipelines.p.from',
        message:
          '"reading" is not a stream, table or globalTable of this definition, nor an earlier pipeline\'s result (did you mean "readings"?)',
        line: 19,
      },
    ]);
  });

  it('refuses a source that is only the result of a later pipeline (KSML builds in order)', () => {
    const problems = validateDefinition(
      lines(
        declarations,
        'pipelines:',
        '  first:',
        '    from: later_result',
        '    to: alerts',
        '  second:',
        '    from: readings',
        '    as: later_result',
      ),
    );
    expect(problems.map(p => p.path)).toEqual(['pipelines.first.from']);
  });

  it('checks functions, stores and targets in steps, sinks, branches and producers', () => {
    const problems = validateDefinition(
      lines(
        declarations,
        'pipelines:',
        '  p:',
        '    from: readings',
        '    via:',
        '      - type: filter',
        '        if: is_hto',
        '      - type: leftJoin',
        '        table: device',
        '        valueJoiner: enrich',
        '      - type: aggregate',
        '        initializer: {expression: 0, resultType: int}',
        '        aggregator: add_up',
        '        store: totals',
        '    branch:',
        '      - if: is_hot',
        '        to: alert',
        '      - forEach: log_iit',
        '  q:',
        '    from: readings',
        '    as: q_result',
        '  r:',
        '    from: readings',
        '    to: q_result',
        'producers:',
        '  tick:',
        '    generator: make_readings',
        '    to: readings',
      ),
    );
    expect(problems.map(p => `${p.path}: ${p.message}`)).toEqual([
      'pipelines.p.via[0].if: "is_hto" is not a function of this definition (did you mean "is_hot"?)',
      'pipelines.p.via[1].table: "device" is not a stream, table or globalTable of this definition (did you mean "devices"?)',
      'pipelines.p.via[2].aggregator: "add_up" is not a function of this definition',
      'pipelines.p.via[2].store: "totals" is not a store of this definition',
      'pipelines.p.branch[0].to: "alert" is not a stream, table or globalTable of this definition (did you mean "alerts"?)',
      'pipelines.p.branch[1].forEach: "log_iit" is not a function of this definition (did you mean "log_it"?)',
      // `to` writes to a declared topic; an `as` result is not one.
      'pipelines.r.to: "q_result" is not a stream, table or globalTable of this definition',
      'producers.tick.generator: "make_readings" is not a function of this definition (did you mean "make_reading"?)',
    ]);
  });

  it('refuses a list of sources and a function store list naming nothing', () => {
    const problems = validateDefinition(
      lines(
        'streams:',
        '  a: {topic: a, keyType: string, valueType: json}',
        '  b: {topic: b, keyType: string, valueType: json}',
        'functions:',
        '  f: {type: forEach, code: pass, stores: [nowhere]}',
        'pipelines:',
        '  p:',
        '    from: [a, b]',
        '    forEach: f',
      ),
    );
    expect(problems.map(p => `${p.path}: ${p.message}`)).toEqual([
      'pipelines.p.from: must be one source (a name or an inline definition): KSML pipelines read from one stream, table or globalTable',
      'functions.f.stores[0]: "nowhere" is not a store, table or globalTable of this definition',
    ]);
  });

  it('suggests only names close enough to be a typo', () => {
    expect(closestName('sensor_sourc', ['sensor_source', 'other'])).toBe(
      'sensor_source',
    );
    expect(closestName('abc', ['xyz', 'sensor_source'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
    // Two letters swapped are one typo; a short name wholly replaced is another word.
    expect(closestName('vai', ['as', 'via'])).toBe('via');
    expect(closestName('to', ['if'])).toBeUndefined();
  });
});
