import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDefinitionProblems, validateDefinition } from './definition';
import { DEFINITION_KINDS } from './definitionKinds';

const lines = (...l: string[]) => l.join('\n');

/** A stream and a predicate most cases use. */
const declarations = lines(
  'streams:',
  '  readings: {topic: readings, keyType: string, valueType: json}',
  'functions:',
  '  is_hot: {type: predicate, expression: value > 70}',
);

/** A definition with one pipeline of these lines (indented under `pipelines.p`). */
const pipeline = (...body: string[]) =>
  lines(
    declarations,
    'pipelines:',
    '  p:',
    '    from: readings',
    ...body.map(line => `    ${line}`),
  );

const problemsOf = (text: string) =>
  validateDefinition(text).map(({ path, message }) => `${path}: ${message}`);

describe('unknown keys in a definition', () => {
  it('refuses a misspelt via, naming via (the steps it holds would be dropped)', () => {
    const text = lines(
      declarations,
      'pipelines:',
      '  main:',
      '    from: readings',
      '    vai:',
      '      - type: filter',
      '        if: is_hot',
      '    to: readings',
    );
    const problems = validateDefinition(text);
    expect(problems).toEqual([
      {
        path: 'pipelines.main.vai',
        message: 'unknown key "vai" (did you mean "via"?)',
        line: 8,
      },
    ]);
    expect(formatDefinitionProblems(problems)).toBe(
      'line 8: pipelines.main.vai: unknown key "vai" (did you mean "via"?)',
    );
  });

  it('refuses an unknown top-level key, with the closest known one or the list of them', () => {
    expect(
      problemsOf(lines('pipelinez:', '  q: {from: s}', declarations)),
    ).toEqual([
      'pipelinez: unknown top-level key "pipelinez" (did you mean "pipelines"?)',
    ]);
    expect(problemsOf(lines(pipeline('to: readings'), 'sensors: {}'))).toEqual([
      'sensors: unknown top-level key; expected one of streams, tables, globalTables, stores, functions, pipelines, producers, name, version, description',
    ]);
  });

  it('refuses an unknown key in a stream, table, store, function or producer', () => {
    const text = lines(
      'streams:',
      '  s: {topc: a, keyType: string, valueType: json}',
      'tables:',
      '  t: {topic: b, keyType: string, valueType: json, stor: {type: keyValue}}',
      'stores:',
      '  w: {type: window, keyType: string, valueType: long, windowsize: 1m}',
      'functions:',
      '  f: {type: generator, expresion: 1}',
      'producers:',
      '  g: {generator: f, interval: 1s, to: s, cnt: 3}',
    );
    expect(problemsOf(text)).toEqual([
      'streams.s.topic: is required',
      'streams.s.topc: unknown key "topc" (did you mean "topic"?)',
      'tables.t.stor: unknown key "stor" (did you mean "store"?)',
      'stores.w.windowsize: unknown key "windowsize" (did you mean "windowSize"?)',
      'functions.f.expresion: unknown key "expresion" (did you mean "expression"?)',
      'producers.g.cnt: unknown key "cnt" (did you mean "count"?)',
    ]);
  });

  it('refuses an unknown key in a nested inline function, store, topic or sink', () => {
    const text = pipeline(
      'via:',
      '  - type: filter',
      '    if: {expresion: value > 70}',
      '  - type: groupByKey',
      '  - type: count',
      '    store: {type: keyValue, retention: 1h}',
      '  - type: toStream',
      '    mapper: {expression: key, parameter: [], resultType: string}',
      'branch:',
      '  - iff: is_hot',
      '    to: {topic: hot, keytype: string}',
      '  - forEach: {code: log.info(key), globalcode: x = 1}',
      '  - print: {filname: out.txt}',
      '  - toTopicNameExtractor: {topicNameExtractr: {expression: key}}',
    );
    expect(problemsOf(text)).toEqual([
      'pipelines.p.via[0].if.expresion: unknown key "expresion" (did you mean "expression"?)',
      'pipelines.p.via[2].store.retention: unknown key "retention"; expected one of caching, historyRetention, logging, name, persistent, segmentInterval, timestamped, type, versioned',
      'pipelines.p.via[3].mapper.parameter: unknown key "parameter" (did you mean "parameters"?)',
      'pipelines.p.branch[0].iff: unknown key "iff" (did you mean "if"?)',
      'pipelines.p.branch[0].to.keytype: unknown key "keytype" (did you mean "keyType"?)',
      'pipelines.p.branch[1].forEach.globalcode: unknown key "globalcode" (did you mean "globalCode"?)',
      'pipelines.p.branch[2].print.filname: unknown key "filname" (did you mean "filename"?)',
      'pipelines.p.branch[3].toTopicNameExtractor.topicNameExtractr: unknown key "topicNameExtractr" (did you mean "topicNameExtractor"?)',
    ]);
  });

  it('refuses a key of another operation type, and keys KSML 1.3.0 reads nowhere they are', () => {
    const text = lines(
      'streams:',
      '  readings: {topic: readings, keyType: string, valueType: json}',
      'stores:',
      '  counts: {type: keyValue, keyType: string, valueType: long}',
      'functions:',
      '  is_hot: {type: predicate, expression: value > 70}',
      // Without a type a function is generic, and a generic function takes no stores.
      '  log_it: {code: log.info(key), stores: [counts]}',
      'pipelines:',
      '  p:',
      '    from: readings',
      '    via:',
      '      - {type: filter, if: is_hot, mapper: {expression: value}}',
      // An inline function's type is given by its place.
      '      - {type: peek, forEach: {type: forEach, code: log.info(key)}}',
      '    branch:',
      '      - if: is_hot',
      // KSML 1.3.0 reads only the condition of a branch inside a branch.
      '        branch:',
      '          - {if: is_hot, to: readings}',
      '  q: {from: readings, forEach: log_it}',
    );
    expect(problemsOf(text)).toEqual([
      'functions.log_it.stores: unknown key "stores"; expected one of code, expression, globalCode, name, parameters, resultType, type',
      'pipelines.p.via[0].mapper: unknown key "mapper"; expected one of if, name, store, type',
      'pipelines.p.via[1].forEach.type: unknown key "type"; expected one of code, expression, globalCode, name, parameters, resultType, stores',
      'pipelines.p.branch[0].branch[0].to: unknown key "to"; expected one of if',
    ]);
  });

  it('refuses an operation type, window type or suppression KSML does not know', () => {
    const text = pipeline(
      'via:',
      '  - {type: filtr, if: is_hot}',
      '  - {type: groupByKey}',
      '  - {type: windowByTime, windowType: tumbing, duration: 1m}',
      '  - {type: suppress, until: windowClose}',
      '  - {type: count, store: {type: keyvalue}}',
    );
    expect(problemsOf(text)).toEqual([
      'pipelines.p.via[0].type: unknown type "filtr" (did you mean "filter"?)',
      'pipelines.p.via[2].windowType: unknown windowType "tumbing" (did you mean "tumbling"?)',
      'pipelines.p.via[3].until: unknown until "windowClose" (did you mean "windowCloses"?)',
      'pipelines.p.via[4].store.type: unknown type "keyvalue" (did you mean "keyValue"?)',
    ]);
  });

  it('accepts a valid definition with every operation type, sink and kind of store', () => {
    const text = readFileSync(
      join(__dirname, '__fixtures__/every-operation.yaml'),
      'utf8',
    );
    expect(validateDefinition(text)).toEqual([]);
    // It holds every operation type (aliases included) and every sink KSML 1.3.0 has.
    const operations =
      DEFINITION_KINDS.PipelineDefinition.inline!.via.split(' ');
    const types = new Set(
      operations.flatMap(kind => DEFINITION_KINDS[kind].picks!.type.split(' ')),
    );
    expect(types.size).toBe(35);
    const used = new Set(
      [...text.matchAll(/type: (\w+)/g)].map(match => match[1]),
    );
    expect([...types].filter(type => !used.has(type))).toEqual([]);
    for (const sink of ['to', 'as', 'branch', 'forEach', 'print']) {
      expect(text).toMatch(new RegExp(`^ {4,}${sink}:`, 'm'));
    }
    expect(text).toMatch(/^ {4}toTopicNameExtractor:/m);
  });

  // How long it takes is the benchmark's business, not a unit test's: here, that the work
  // is bounded (suggestions for 20 keys at most, aliases not expanded).
  it('answers a mapping of many unknown keys, suggesting for the first 20', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `    fro${i}: 1`);
    const text = lines(pipeline('to: readings'), ...keys);
    const problems = validateDefinition(text);
    expect(problems).toHaveLength(5_000);
    expect(problems[19].message).toBe(
      'unknown key "fro19" (did you mean "from"?)',
    );
    expect(problems[20].message).toMatch(
      /^unknown key "fro20"; expected one of/,
    );
  });

  it('does not follow aliases (an alias bomb of steps stays cheap)', () => {
    const levels = Array.from(
      { length: 8 },
      (_, i) =>
        `  p${i + 1}: &l${i + 1} {from: readings, via: [${Array(12)
          .fill(`*l${i}`)
          .join(', ')}]}`,
    );
    const text = lines(
      'streams:',
      '  readings: {topic: readings, keyType: string, valueType: json}',
      'pipelines:',
      '  p0: &l0 {from: readings, to: readings}',
      ...levels,
    );
    const problems = validateDefinition(text);
    expect(problems[0].message).toMatch(/^YAML: /);
  });
});
