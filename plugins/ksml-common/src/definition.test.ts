import {
  formatDefinitionProblems,
  statefulParts,
  validateDefinition,
} from './definition';

// The readme's sample definition (flow style, as the readme sends it).
const readmeSample =
  "{streams: {sensor_source_avro: {topic: ksml_sensordata_avro, keyType: string, valueType: 'avro:SensorData'}}, functions: {log_message: {type: forEach, parameters: [{name: format, type: string}], code: 'log.info(\"Consumed {} message - key={}, value={}\", format, key, value)'}}, pipelines: {consume_avro: {from: sensor_source_avro, forEach: {code: 'log_message(key, value, format=\"AVRO\")'}}}}";

describe('validateDefinition', () => {
  it("accepts the readme's sample", () => {
    expect(validateDefinition(readmeSample)).toEqual([]);
  });

  it('accepts a producer-only definition with metadata', () => {
    const text = [
      'name: generator',
      'version: 1.0.0',
      'functions:',
      "  gen: {type: generator, code: \"return ('k', 'v')\"}",
      'producers:',
      '  p: {generator: gen, interval: 1s, to: {topic: out, keyType: string, valueType: string}}',
    ].join('\n');
    expect(validateDefinition(text)).toEqual([]);
  });

  it('reports a YAML syntax error with its line', () => {
    const problems = validateDefinition(
      'streams:\n  s: {topic: a\npipelines: [',
    );
    expect(problems[0].message).toMatch(/^YAML syntax: /);
    expect(problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('names the path and line of a missing key', () => {
    const text = [
      'streams:',
      '  s: {topic: a, keyType: string, valueType: string}',
      'pipelines:',
      '  p:',
      '    to: out',
    ].join('\n');
    expect(validateDefinition(text)).toEqual([
      { path: 'pipelines.p.from', message: 'is required', line: 4 },
    ]);
  });

  it('reports every missing key of a stream and a producer', () => {
    const text = [
      'streams:',
      '  s: {topic: a}',
      'producers:',
      '  p: {generator: g}',
    ].join('\n');
    expect(validateDefinition(text).map(p => p.path)).toEqual([
      'streams.s.keyType',
      'streams.s.valueType',
      'producers.p.to',
    ]);
  });

  it('rejects unknown top-level keys', () => {
    const problems = validateDefinition(
      'pipelinez:\n  p: {from: s}\npipelines:\n  q: {from: s}',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'pipelinez', line: 1 });
    expect(problems[0].message).toContain('unknown top-level key');
  });

  it('rejects a definition that is not a mapping, or does nothing', () => {
    expect(validateDefinition('- a\n- b')[0].message).toContain(
      'must be a YAML mapping',
    );
    expect(
      validateDefinition(
        'streams:\n  s: {topic: a, keyType: string, valueType: string}',
      )[0].message,
    ).toContain('defines no pipelines and no producers');
  });

  it('rejects duplicate keys', () => {
    const problems = validateDefinition(
      'pipelines:\n  p: {from: a}\n  p: {from: b}',
    );
    expect(problems[0].message).toMatch(/YAML syntax: .*unique/i);
  });
});

describe('formatDefinitionProblems', () => {
  it('puts line, path and message on one line each', () => {
    expect(
      formatDefinitionProblems([
        { path: 'pipelines.p.from', message: 'is required', line: 4 },
        { path: '', message: 'YAML syntax: bad' },
      ]),
    ).toBe('line 4: pipelines.p.from: is required; YAML syntax: bad');
  });
});

describe('statefulParts', () => {
  it('finds stores, tables and stateful pipeline steps', () => {
    const text = [
      'streams:',
      '  s: {topic: a, keyType: string, valueType: string}',
      'tables:',
      '  t: {topic: b, keyType: string, valueType: string}',
      'stores:',
      '  counts: {type: keyValue, persistent: true}',
      'pipelines:',
      '  counting:',
      '    from: s',
      '    via:',
      '      - type: groupByKey',
      '      - type: count',
      '      - type: toStream',
      '    to: out',
      '  joining:',
      '    from: s',
      '    via:',
      '      - {type: join, table: t, valueJoiner: j}',
      '    to: out2',
    ].join('\n');
    expect(statefulParts(text)).toEqual([
      'stores.counts',
      'tables.t',
      'pipelines.counting.via[1] (count)',
      'pipelines.joining.via[0] (join)',
    ]);
  });

  it('finds nothing in a stateless definition or one that does not parse', () => {
    expect(
      statefulParts(
        'streams:\n  s: {topic: a, keyType: string, valueType: string}\npipelines:\n  p: {from: s, via: [{type: filter, if: f}], to: b}\n',
      ),
    ).toEqual([]);
    expect(statefulParts('pipelines: [unclosed')).toEqual([]);
  });
});
