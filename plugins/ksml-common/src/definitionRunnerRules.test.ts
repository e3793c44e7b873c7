import { validateDefinition } from './definition';

// The rules the validator learnt from the differential test against the KSML runner
// (test/testbed/src/differential): each a refusal the runner makes before it starts.

/** A definition of one stream, its functions and one pipeline. */
function definition(parts: {
  functions?: string[];
  stores?: string[];
  tables?: string[];
  via: string[];
}): string {
  return [
    'streams:',
    '  s: {topic: s, keyType: string, valueType: json}',
    '  o: {topic: o, keyType: string, valueType: json}',
    ...(parts.tables ? ['tables:', ...parts.tables] : []),
    ...(parts.stores ? ['stores:', ...parts.stores] : []),
    ...(parts.functions ? ['functions:', ...parts.functions] : []),
    'pipelines:',
    '  p:',
    '    from: s',
    '    via:',
    ...parts.via,
    '    to: o',
  ].join('\n');
}

const messages = (text: string) =>
  validateDefinition(text).map(p => `${p.path}: ${p.message}`);

describe('the runner rules of the definition validator', () => {
  it('refuses a function of a kind that needs a resultType without one, named or inline', () => {
    expect(
      messages(
        definition({
          functions: ['  up: {type: valueTransformer, expression: value}'],
          via: [
            '      - {type: transformValue, mapper: up}',
            '      - {type: mapKey, mapper: {expression: key}}',
          ],
        }),
      ),
    ).toEqual([
      'functions.up: needs a resultType: the runner refuses a valueTransformer function without one',
      'pipelines.p.via[1].mapper: needs a resultType: the runner refuses a keyTransformer function without one',
    ]);
  });

  it('accepts the same functions with their resultType, and a predicate without one', () => {
    expect(
      messages(
        definition({
          functions: [
            '  up: {type: valueTransformer, expression: value, resultType: json}',
            '  ok: {type: predicate, expression: "True"}',
          ],
          via: [
            '      - {type: filter, if: ok}',
            '      - {type: transformValue, mapper: up}',
            '      - {type: mapKey, mapper: {expression: key, resultType: string}}',
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a forEach function that declares a result', () => {
    expect(
      messages(
        definition({
          functions: [
            '  show: {type: forEach, code: log.info(key), resultType: string}',
          ],
          via: ['      - {type: peek, forEach: show}'],
        }),
      ),
    ).toEqual([
      'functions.show: must not have a resultType: a forEach function returns nothing, and the runner refuses one that declares a result',
    ]);
  });

  it('refuses an inline store without its type, even where the spec calls it implicit', () => {
    expect(
      messages(
        definition({
          tables: ['  t: {topic: t, keyType: string, valueType: json}'],
          via: [
            '      - {type: groupByKey}',
            '      - {type: count, store: {name: counts}}',
            '      - {type: toStream}',
            '      - {type: join, table: t, valueJoiner: {expression: value1, resultType: json}}',
          ],
        }).replace(
          '    from: s',
          '    from: t\n    via:\n      - {type: filter, if: {expression: "True"}, store: {name: kept}}\n      - {type: toStream}\n    as: u\n  q:\n    from: s',
        ),
      ),
    ).toEqual([
      'pipelines.p.via[0].store.type: is required: one of keyValue',
      'pipelines.q.via[1].store.type: is required: one of keyValue, session, window',
    ]);
  });

  it('refuses a type, a duration or Python the runner cannot read, naming the place', () => {
    expect(
      messages(
        [
          'streams:',
          '  s: {topic: s, keyType: string, valueType: no_such_type}',
          'functions:',
          '  gen: {type: generator, expression: "(key, value +", resultType: "(string, json)"}',
          'producers:',
          '  p: {generator: gen, interval: soon, to: s}',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringMatching(/^streams\.s\.valueType: "no_such_type" is not/),
      expect.stringMatching(
        /^functions\.gen\.expression: Python syntax error at line 1 of expression/,
      ),
      expect.stringMatching(
        /^producers\.p\.interval: "soon" is not a duration/,
      ),
    ]);
  });

  describe('the window stores of a stream join', () => {
    const join = (stores: string[], grace = '') =>
      definition({
        via: [
          '      - type: join',
          '        stream: o',
          '        valueJoiner: {expression: value1, resultType: json}',
          '        timeDifference: 1m',
          ...(grace ? [`        grace: ${grace}`] : []),
          ...stores,
        ],
      });
    const store = (side: string, name: string, settings: string) =>
      `        ${side}: {name: ${name}, type: window, ${settings}}`;

    it('accepts stores that fit the join window', () => {
      expect(
        messages(
          join(
            [
              store(
                'thisStore',
                'a',
                'windowSize: 2m, retention: 130s, retainDuplicates: true',
              ),
              store(
                'otherStore',
                'b',
                'windowSize: 120000, retention: 130s, retainDuplicates: true',
              ),
            ],
            '10s',
          ),
        ),
      ).toEqual([]);
    });

    it('refuses a window, a retention or dropped duplicates that do not fit, and two stores of one name', () => {
      expect(
        messages(
          join([
            store('thisStore', 'a', 'windowSize: 1m, retention: 3m'),
            store(
              'otherStore',
              'a',
              'windowSize: 2m, retention: 2m, retainDuplicates: true',
            ),
          ]),
        ),
      ).toEqual([
        'pipelines.p.via[0].thisStore.retainDuplicates: must be true: a window store of a stream join keeps duplicates',
        "pipelines.p.via[0].thisStore.windowSize: must be twice the join's timeDifference (120000 ms), not 60000 ms",
        "pipelines.p.via[0].thisStore.retention: must be twice the join's timeDifference plus its grace (120000 ms), not 180000 ms",
        `pipelines.p.via[0].otherStore.name: must differ from thisStore's name "a": the runner refuses two stores of one name`,
      ]);
    });
  });

  it('refuses a grace period in a join with an unversioned table, and a versioned store without a segmentInterval', () => {
    const text = (store: string) =>
      definition({
        tables: [
          `  t: {topic: t, keyType: string, valueType: json, store: ${store}}`,
        ],
        via: [
          '      - {type: join, table: t, valueJoiner: {expression: value1, resultType: json}, grace: 1s}',
        ],
      });
    expect(messages(text('{type: keyValue, timestamped: true}'))).toEqual([
      'pipelines.p.via[0].grace: needs the table "t" to be versioned (its store\'s versioned: true): the runner refuses a grace period in a join with an unversioned table',
    ]);
    expect(
      messages(text('{type: keyValue, versioned: true, historyRetention: 1h}')),
    ).toEqual([
      'tables.t.store.segmentInterval: must be a positive duration in a versioned store: the runner refuses a versioned store without one',
    ]);
    expect(
      messages(
        text(
          '{type: keyValue, versioned: true, historyRetention: 1h, segmentInterval: 10m}',
        ),
      ),
    ).toEqual([]);
  });
});
