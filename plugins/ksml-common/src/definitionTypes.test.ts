import { definitionMapping } from './definitionParse';
import {
  DURATION_KEYS,
  KSML_NOTATIONS,
  TYPE_KEYS,
  durationProblem,
  isDurationField,
  isTypeField,
  ksmlValueText,
  typeProblem,
  typeValueProblem,
} from './definitionTypes';
import { ksmlSourceLocation, readKsmlSource } from './testing/ksmlSource';
import { vendoredDefinitions } from './testing/vendoredDefinitions';

// The accepted and refused examples follow KSML 1.3.0's UserTypeParser and DurationParser
// (ksml/src/main/java/io/axual/ksml/parser/), its UserTypeParserTest and DurationParserTest, and
// its docs (docs/reference/data-and-formats-reference.md, pipeline-reference.md).

describe('typeProblem', () => {
  it.each([
    // Built-in names and their aliases (parseType), case-sensitive.
    'any',
    '?',
    'null',
    'none',
    'boolean',
    'byte',
    'short',
    'integer',
    'int',
    'long',
    'float',
    'double',
    'bytes',
    'string',
    'str',
    'map',
    'struct',
    // Empty (or blank) is the unknown type.
    '',
    '   ',
    // Surrounding blanks are trimmed at the top.
    '  string  ',
    // Lists, maps, windowed keys.
    '[int]',
    'list(int)',
    'list(map(string))',
    '[[string]]',
    '[]',
    'map(string)',
    'map([long])',
    'windowed(string)',
    'windowed(avro:SensorData)',
    // Tuples and unions: members are trimmed, and an empty member is the unknown type.
    '(int, string)',
    '(string)',
    '()',
    'tuple(int, string)',
    'tuple(double, double)',
    '(string, union(null, json))',
    'union(int, string)',
    'union(null, json)',
    'union(string,)',
    '(string , [long] , map(struct))',
    // Enums: the symbols are not checked.
    'enum(A,B)',
    'enum(PENDING, PROCESSING, SHIPPED)',
    'enum("A", "B")',
    'enum()',
    // Notations, bare: registered names, case-insensitive (NotationLibrary upper-cases them).
    'json',
    'JSON',
    'avro',
    'Avro',
    'xml',
    'csv',
    'protobuf',
    'jsonschema',
    'binary',
    'default',
    'confluent_avro',
    'apicurio_protobuf',
    '[json]',
    '(string, json)',
    // Notations with a schema: any name before the colon (operators name notations).
    'avro:SensorData',
    'avro:io.axual.ksml.example.SensorData',
    'AVRO:SensorData',
    'protobuf:sensor_data',
    'jsonschema:SensorData',
    'csv:SensorData',
    'xml:SensorData',
    'confluent_avro:SensorData',
    'my_registry_avro:SensorData',
    'no_such_notation:Schema',
    'avro:',
    // A notation before a built-in type or a structure, inherited by what is inside.
    'json:windowed(string)',
    'avro:windowed(SomeSchema)',
    'avro:windowed(struct)',
    'avro:[SomeSchema]',
    'avro:(Key, Value)',
    'binary:list(string)',
    'binary:string',
    'json:struct',
    'default:string',
    'avro:list(Foo)',
    'json:[string]',
    // Inside [ ], what precedes a colon is not scanned as a term: any registered name works.
    '[my-avro:Foo]',
  ])('accepts %j', type => {
    expect(typeProblem(type)).toBeUndefined();
  });

  it.each([
    // Unknown names, and the built-in names in another case (parseType is a Java switch).
    ['no_such_type', /^"no_such_type" is not a KSML type \(string, long/],
    ['String', /type names are lower case \("string"\)/],
    ['Long', /lower case/],
    ['strng', /not a KSML type/],
    ['integer32', /not a KSML type/],
    ['json_schema', /not a KSML type/],
    // An unknown name inside a structure is refused just the same.
    ['[strng]', /"strng" is not a KSML type/],
    ['map(no_such_type)', /"no_such_type" is not a KSML type/],
    ['(string, Foo)', /"Foo" is not a KSML type/],
    ['union(string, Foo)', /"Foo" is not a KSML type/],
    ['windowed(Foo)', /"Foo" is not a KSML type/],
    // What [ ], list( ), map( ) and windowed( ) hold is not trimmed.
    ['[ string ]', /no spaces/],
    ['map( string)', /no spaces/],
    ['windowed(string )', /no spaces/],
    // Not closed.
    ['[int', /"\[int" has a "\[" without its "\]"/],
    ['list(int', /without its "\)"/],
    ['map(int', /without its/],
    ['enum(A,B', /without its/],
    ['union(int,string', /without its/],
    ['(int,string', /without its/],
    ['tuple(int,string', /without its/],
    ['windowed(string', /without its/],
    ['(string, [long)', /without its/],
    // A term that runs into brackets must end with the right one.
    [
      'map(string)[int]',
      /the map type "map\(string\)\[int\]" is not closed with "\)"/,
    ],
    ['[string](long)', /has "\(long\)" after the type "\[string\]"/],
    // More than one type at the top, or text after the type.
    ['string, long', /2 types, not one.*"\(string, long\)"/],
    ['string,', /2 types, not one/],
    ['string long', /has "long" after the type "string"/],
    ['string]', /has "\]" after/],
    ['list (string)', /"list" is not a KSML type/],
    ['-string', /does not start with a type/],
    [',string', /does not start with a type|2 types/],
    // Schemaless notations take no schema (docs: json and binary "n/a" as notation:Schema).
    ['json:SensorData', /the json notation takes no schema/],
    ['binary:SensorData', /the binary notation takes no schema/],
    ['JSON:SensorData', /the json notation takes no schema/],
    ['default:Foo', /takes no schema/],
    ['json:windowed(Foo)', /"Foo" is not a KSML type/],
    // A colon with no notation before it.
    [':string', /no notation name/],
    ['[ avro:Foo]', /" avro" is not a notation name/],
    // At the top a term holds only letters, digits, _ . : ?
    ['my-avro:Foo', /"my" is not a KSML type/],
    // Prefixes that only look like a structure.
    ['listy(string)', /not a KSML type/],
    ['struct(string)', /not a KSML type/],
    ['optional(string)', /not a KSML type/],
    ['string?', /not a KSML type/],
  ])('refuses %j', (type, reason) => {
    expect(typeProblem(type)).toMatch(reason);
  });

  it('accepts a bare notation the operator configured, case-insensitively', () => {
    expect(typeProblem('my_avro')).toMatch(/not a KSML type/);
    expect(typeProblem('my_avro', { notations: ['my_avro'] })).toBeUndefined();
    expect(
      typeProblem('[MY_AVRO]', { notations: ['my_avro'] }),
    ).toBeUndefined();
    expect(KSML_NOTATIONS).toContain('avro');
  });

  it('reads YAML values as the runner does', () => {
    expect(ksmlValueText(['string'])).toBe('[string]');
    expect(ksmlValueText(['string', 'long'])).toBe('[string,long]');
    expect(ksmlValueText([['string']])).toBe('[]');
    expect(ksmlValueText(true)).toBe('true');
    expect(ksmlValueText(1000)).toBe('1000');
    expect(ksmlValueText(null)).toBeUndefined();
    expect(ksmlValueText({ a: 1 })).toBeUndefined();
    expect(typeValueProblem(['string'])).toBeUndefined(); // valueType: [string], unquoted
    expect(typeValueProblem(['avro:SensorData'])).toBeUndefined();
    expect(typeValueProblem(['string', 'long'])).toMatch(/not a KSML type/);
    expect(typeValueProblem(true)).toMatch(/"true" is not a KSML type/);
    expect(typeValueProblem(5)).toMatch(/not a KSML type/);
    expect(typeValueProblem(null)).toBeUndefined();
  });
});

describe('durationProblem', () => {
  it.each([
    // DurationParserTest and the docs' examples.
    100,
    '100',
    '500ms',
    '30s',
    '5m',
    '2h',
    '1d',
    '4w',
    0,
    '0',
    // Lower-cased and trimmed first; spaces before the unit are trimmed too.
    '5M',
    '5MS',
    '1H',
    ' 5m ',
    '5 m',
    '10 ms',
    '\t5s\n',
    // Long.parseLong: a sign, and any Unicode decimal digit.
    '+5s',
    '-5s',
    -100,
    '٥s',
    '５m',
    // The limits of a Java long and of java.time.Duration.
    '9223372036854775807',
    '9223372036854775807ms',
    '9223372036854775807s',
    '-9223372036854775808',
    '153722867280912930m',
    '2562047788015215h',
    '106751991167300d',
    // No value to the runner: null, a mapping, an integer beyond a long (Jackson: BigInteger).
    null,
    undefined,
    { seconds: 5 },
    2 ** 70,
    // A YAML 1.1 integer to the runner's reader, a string to the yaml package.
    '1_000',
  ])('accepts %j', value => {
    expect(durationProblem(value)).toBeUndefined();
  });

  it.each([
    ['', /not a duration/],
    ['ms', /not a duration/],
    ['s', /not a duration/],
    ['5min', /not a duration/],
    ['5 minutes', /not a duration/],
    ['5sec', /not a duration/],
    ['1.5s', /not a duration/],
    [1.5, /^1\.5 is not a duration/],
    ['PT5M', /not a duration/],
    ['5y', /not a duration/],
    ['5 s s', /not a duration/],
    ['- 5s', /not a duration/],
    ['5m30s', /not a duration/],
    ['0x10', /not a duration/],
    ['9223372036854775808', /not a duration/],
    ['9223372036854775808ms', /not a duration/],
    [true, /^true is not a duration/],
    [['5s'], /is a list, not a duration/],
    // Duration.ofMinutes/ofHours/ofDays overflow: an ArithmeticException the parser lets through.
    ['153722867280912931m', /too long a duration/],
    ['2562047788015216h', /too long a duration/],
    ['106751991167301d', /too long a duration/],
    ['15250284452472w', /too long a duration/],
  ])('refuses %j', (value, reason) => {
    expect(durationProblem(value)).toMatch(reason);
  });

  it('multiplies weeks by 7 in a Java long, wrapping around, as DurationParser does', () => {
    // 7 * 2635249153387078803 wraps to 5 days.
    expect(durationProblem('2635249153387078803w')).toBeUndefined();
    expect(durationProblem('15250284452471w')).toBeUndefined();
  });
});

describe('isTypeField and isDurationField', () => {
  it.each([
    [['streams', 's', 'keyType'], true, false],
    [['tables', 't', 'valueType'], true, false],
    [['stores', 'st', 'keyType'], true, false],
    [['functions', 'f', 'resultType'], true, false],
    [['functions', 'f', 'parameters', '0', 'type'], true, false],
    [['functions', 'f', 'parameters', 1, 'type'], true, false],
    [
      ['pipelines', 'p', 'via', '0', 'mapper', 'parameters', '0', 'type'],
      true,
      false,
    ],
    [['pipelines', 'p', 'via', '2', 'into'], true, false],
    [['pipelines', 'p', 'to', 'keyType'], true, false],
    [['pipelines', 'p', 'via', '0', 'type'], false, false],
    [['functions', 'f', 'type'], false, false],
    [['stores', 'st', 'type'], false, false],
    [['functions', 'parameters', 'type'], false, false],
    [['stores', 'keyType'], false, false],
    [['keyType'], false, false],
    [['producers', 'p', 'interval'], false, true],
    [['stores', 'st', 'retention'], false, true],
    [['pipelines', 'p', 'via', '1', 'grace'], false, true],
    [['pipelines', 'p', 'via', '1', 'store', 'windowSize'], false, true],
    [['stores', 'duration'], false, false],
  ])('%j: type %s, duration %s', (path, type, duration) => {
    expect(isTypeField(path)).toBe(type);
    expect(isDurationField(path)).toBe(duration);
  });
});

// ---------------------------------------------------------------------------------------------
// KSML's own spec and definitions
// ---------------------------------------------------------------------------------------------

interface PropertySchema {
  type?: string;
  description?: string;
  anyOf?: unknown[];
}

interface Spec {
  $defs: Record<string, { properties?: Record<string, PropertySchema> }>;
}

const isDataTypeProperty = (schema: PropertySchema) =>
  schema.type === 'string' &&
  Object.keys(schema).every(key => ['type', 'description'].includes(key)) &&
  /\btype\b/i.test(schema.description ?? '');

const isDurationProperty = (schema: PropertySchema) =>
  JSON.stringify(schema.anyOf) ===
  JSON.stringify([{ type: 'integer' }, { type: 'string' }]);

/** Every `$ref` in the spec, by where it is. */
function refs(value: unknown, path: string[] = []): [string, string][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => refs(item, [...path, String(index)]));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [[path.join('/'), child] as [string, string]]
      : refs(child, [...path, key]),
  );
}

/** Every key of a definition's data and its value, by its path from the top. */
function fields(
  value: unknown,
  path: string[] = [],
): { path: string[]; value: unknown }[] {
  let children: [string, unknown][] = [];
  if (Array.isArray(value)) {
    children = value.map((item, index) => [String(index), item]);
  } else if (value !== null && typeof value === 'object') {
    children = Object.entries(value);
  }
  return children.flatMap(([key, child]) => [
    { path: [...path, key], value: child },
    ...fields(child, [...path, key]),
  ]);
}

/**
 * The data types in KSML's definitions its runner refuses as well: a docs example (included in
 * docs/use-cases/fraud-detection.md, run by none of KSML's tests) whose parameter is of type
 * `object`, which is no KSML type; the runner stops at it ("Schema "object" can not be used for
 * notation binary").
 */
const REFUSED_UPSTREAM: Record<string, RegExp> = {
  'ksml/src/test/resources/docs-examples/use-cases/fraud-detection/fraud-detection-machine-learning.yaml: functions.ml_fraud_prediction.parameters.0.type':
    /^"object" is not a KSML type/,
};

const source = ksmlSourceLocation();
// As definitionExamples.test.ts: skipped without the source on a developer's machine, never in CI.
const describeWithSource =
  source.found || process.env.CI ? describe : describe.skip;

describeWithSource(`KSML's spec and definitions (${source.path})`, () => {
  const spec = source.found
    ? (JSON.parse(
        readKsmlSource(
          source.path,
          path => path === 'docs/ksml-language-spec.json',
        ).get('docs/ksml-language-spec.json') ?? '{"$defs":{}}',
      ) as Spec)
    : { $defs: {} };
  const properties = Object.entries(spec.$defs).flatMap(([name, def]) =>
    Object.entries(def.properties ?? {}).map(([key, schema]) => ({
      name,
      key,
      schema,
    })),
  );

  it('has TYPE_KEYS and DURATION_KEYS from the spec, each always of one kind', () => {
    const typed = properties.filter(p => isDataTypeProperty(p.schema));
    expect([...new Set(typed.map(p => p.key))].sort()).toEqual(
      [...TYPE_KEYS, 'type'].sort(),
    );
    const durations = properties.filter(p => isDurationProperty(p.schema));
    expect([...new Set(durations.map(p => p.key))].sort()).toEqual(
      [...DURATION_KEYS].sort(),
    );
    // Wherever the spec has one of these keys, it is of that kind.
    const otherwise = properties
      .filter(
        p =>
          (TYPE_KEYS.includes(p.key) && !isDataTypeProperty(p.schema)) ||
          (DURATION_KEYS.includes(p.key) && !isDurationProperty(p.schema)),
      )
      .map(p => `${p.name}.${p.key}`);
    expect(otherwise).toEqual([]);
  });

  it("has a data type at `type` only in the items of a function's `parameters`", () => {
    const typedType = properties.filter(
      p => p.key === 'type' && isDataTypeProperty(p.schema),
    );
    expect(typedType.map(p => p.name)).toEqual(['ParameterDefinition']);
    const uses = refs(spec).filter(([, ref]) =>
      ref.endsWith('/ParameterDefinition'),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const [at] of uses)
      expect(at).toMatch(/\/properties\/parameters\/items$/);
  });

  const definitions = source.found
    ? vendoredDefinitions(source.path)
    : new Map<string, string>();
  const found = [...definitions].flatMap(([file, text]) =>
    fields(definitionMapping(text)).map(field => ({ file, ...field })),
  );
  const types = found.filter(field => isTypeField(field.path));
  const durations = found.filter(field => isDurationField(field.path));

  it(`accepts every data type in its ${definitions.size} definitions (${types.length} values), but one the runner refuses too`, () => {
    expect(definitions.size).toBeGreaterThanOrEqual(327);
    expect(types.length).toBeGreaterThan(1000);
    const refused = Object.fromEntries(
      types
        .map(field => [
          `${field.file}: ${field.path.join('.')}`,
          typeValueProblem(field.value),
        ])
        .filter(([, problem]) => problem !== undefined),
    );
    expect(Object.keys(refused)).toEqual(Object.keys(REFUSED_UPSTREAM));
    for (const [at, reason] of Object.entries(REFUSED_UPSTREAM)) {
      expect(refused[at]).toMatch(reason);
    }
  });

  it(`accepts every duration in its definitions (${durations.length} values)`, () => {
    expect(durations.length).toBeGreaterThan(100);
    const refused = durations
      .map(field => ({
        at: `${field.file}: ${field.path.join('.')}`,
        value: field.value,
        problem: durationProblem(field.value),
      }))
      .filter(field => field.problem !== undefined);
    expect(refused).toEqual([]);
  });

  it('finds no other data type at `type` there: the rest are kinds of operations, functions and stores', () => {
    const kinds = new Set(
      properties
        .filter(p => p.key === 'type')
        .flatMap(p => (p.schema as { enum?: string[] }).enum ?? []),
    );
    const other = found.filter(
      field =>
        field.path.length >= 3 &&
        field.path[field.path.length - 1] === 'type' &&
        !isTypeField(field.path) &&
        !kinds.has(String(field.value)),
    );
    expect(
      other.map(field => `${field.file}: ${field.path.join('.')}`),
    ).toEqual([]);
  });
});
