/**
 * KSML 1.3.0's data type strings (`keyType: avro:SensorData`, `resultType: (string, [long])`) and
 * durations (`grace: 5m`), checked the way its runner reads them: a port of
 * `io.axual.ksml.parser.UserTypeParser`, `DurationParser` and the `StringValueParser` both read
 * the YAML value with. Pure: no schema files, no registry, no runner configuration.
 *
 * What the port cannot know it accepts: which notations the operator registered (any name may
 * be one), whether a schema exists, and what a notation allows (`avro:string`, a bare `avro`
 * outside a topic, a bare `csv` are refused by the runner for the notations KSML ships, but
 * an operator may register those names for other notations). A false refusal would stop a
 * definition the runner runs; a missed one only leaves the runner to say it.
 */

import { javaTrim } from './javaText';

// ---------------------------------------------------------------------------------------------
// Where data types and durations go in a definition (docs/ksml-language-spec.json)
// ---------------------------------------------------------------------------------------------

/**
 * Keys whose value is always a data type string, wherever they appear below a definition's
 * named streams, tables, stores, functions, pipelines and producers: `keyType`/`valueType` of
 * streams, tables, global tables, topics (inline ones too) and stores, `resultType` of
 * functions, and `into` of the convertKey/convertValue/convertKeyValue operations.
 *
 * Not here: `type`, which is a data type only for a function's parameter
 * (`parameters: [{name, type}]`) and otherwise the operation's, function's or store's kind.
 * Use {@link isTypeField} to tell them apart.
 */
export const TYPE_KEYS: readonly string[] = [
  'into',
  'keyType',
  'resultType',
  'valueType',
];

/** The key of a function parameter's data type, inside an item of `parameters`. */
export const PARAMETER_TYPE_KEY = 'type';

/**
 * Keys whose value is always a duration (the spec's `anyOf: [integer, string]`, parsed by
 * `DurationParser`): of windowByTime, windowBySession, joins, suppress, producers and stores.
 */
export const DURATION_KEYS: readonly string[] = [
  'advanceBy',
  'duration',
  'grace',
  'historyRetention',
  'inactivityGap',
  'interval',
  'retention',
  'segmentInterval',
  'timeDifference',
  'windowSize',
];

/**
 * Whether the key at `path` (a definition's keys from its top, list items by their index, e.g.
 * `['functions', 'f', 'parameters', '0', 'type']`) holds a data type string: one of
 * {@link TYPE_KEYS}, or `type` in an item of a function's `parameters` list. The first two
 * segments are a section and a name the author chose (a store may be called `keyType`), so
 * they are never a data type.
 */
export function isTypeField(path: ReadonlyArray<string | number>): boolean {
  if (path.length < 3) return false;
  const key = String(path[path.length - 1]);
  if (TYPE_KEYS.includes(key)) return true;
  return (
    key === PARAMETER_TYPE_KEY &&
    isListIndex(path[path.length - 2]) &&
    String(path[path.length - 3]) === 'parameters'
  );
}

/**
 * Whether the key at `path` (as for {@link isTypeField}) holds a duration: one of
 * {@link DURATION_KEYS} below a section's named entry.
 */
export function isDurationField(path: ReadonlyArray<string | number>): boolean {
  return (
    path.length >= 3 && DURATION_KEYS.includes(String(path[path.length - 1]))
  );
}

function isListIndex(segment: string | number): boolean {
  return typeof segment === 'number' || /^\d+$/.test(segment);
}

// ---------------------------------------------------------------------------------------------
// The YAML value as the runner reads it (StringValueParser)
// ---------------------------------------------------------------------------------------------

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A YAML value (as the `yaml` package gives it) as the text KSML's `StringValueParser` makes of
 * it before parsing a type or a duration, or undefined where it reads no value at all (null, a
 * mapping, an integer beyond a Java long, which Jackson reads as a BigInteger). A list becomes
 * `[a,b]` from its string items (the runner forgives a type like `[string]` left unquoted).
 */
export function ksmlValueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') {
    return value < LONG_MIN || value > LONG_MAX ? undefined : String(value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return String(value); // refused either way: "1.5", "NaN"
    const whole = BigInt(value);
    return whole < LONG_MIN || whole > LONG_MAX ? undefined : String(whole);
  }
  if (Array.isArray(value)) {
    // Every item but the first adds a comma; only string items add their text.
    return `[${value
      .map(item => (typeof item === 'string' ? item : ''))
      .join(',')}]`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Data types (UserTypeParser)
// ---------------------------------------------------------------------------------------------

/**
 * The notations KSML 1.3.0's runner registers without configuration: one per notation provider
 * it ships (`NotationFactories`), `json`, `binary`, `default` (the binary notation data types
 * without one use), and `avro` when no notation is configured. Operators add and rename
 * notations in ksml-runner.yaml (`avro`, `protobuf` and `jsonschema` usually); pass those as
 * {@link TypeOptions.notations}. Only a bare name (`keyType: avro`) needs to be known: any name
 * before a colon is taken for a notation.
 */
export const KSML_NOTATIONS: readonly string[] = [
  'apicurio_avro',
  'apicurio_jsonschema',
  'apicurio_protobuf',
  'avro',
  'binary',
  'confluent_avro',
  'confluent_jsonschema',
  'confluent_protobuf',
  'csv',
  'default',
  'json',
  'jsonschema',
  'protobuf',
  'xml',
];

/**
 * Notations that take no schema (`Notation.SchemaUsage.SCHEMALESS_ONLY`): binary (also
 * registered as `default`, the notation of every type written without one) and json.
 * `json:Foo` is refused by the runner; `jsonschema:Foo` is what is meant.
 */
const SCHEMALESS_NOTATIONS = new Set(['BINARY', 'DEFAULT', 'JSON']);

/** The notation of a type written without one (`UserType.DEFAULT_NOTATION`). */
const DEFAULT_NOTATION = 'default';

/** `UserTypeParser.parseType`: case-sensitive, with the aliases `?`, `none`, `int`, `str`. */
const BUILT_IN_TYPES = new Set([
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
]);

const LITERAL_CHARACTERS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
/** What a term may hold outside brackets (`ALLOWED_TYPE_CHARACTERS`): a name, `.`, `:`, `?`. */
const TYPE_CHARACTERS = `.${LITERAL_CHARACTERS}:?`;

const EXAMPLES = '(string, long, avro:Schema, [type], ...)';

/** Options of {@link typeProblem}. */
export interface TypeOptions {
  /**
   * Notations the runner is configured with beyond {@link KSML_NOTATIONS} (case-insensitive, as
   * the runner's notation library): they make a bare `name` a type.
   */
  notations?: Iterable<string>;
}

type Parsed<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: string;
      /**
       * Thrown, not returned, by the Java (an unknown notation from the notation library):
       * nothing retries past it, as `windowed(...)` does past a returned error.
       */
      thrown?: boolean;
    };

interface Decomposed {
  notation: string;
  dataType: string;
  explicitNotation: boolean;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string, thrown = false): Parsed<T> => ({
  ok: false,
  error,
  thrown,
});

class TypeParser {
  private readonly notations: Set<string>;

  constructor(extra: Iterable<string>) {
    this.notations = new Set(
      [...KSML_NOTATIONS, ...extra].map(name => name.toUpperCase()),
    );
  }

  /**
   * `parseListOfTypesAndNotation`: comma-separated types, as many as it found. Empty text is one
   * (unknown) type, so `()` and `union(string,)` are accepted.
   */
  listOfTypes(text: string, defaultNotation: string): Parsed<number> {
    if (text.length === 0) return ok(1);
    const type = javaTrim(text);
    const left = this.leftMostTerm(type);
    if (!left.ok) return left;
    const parsed = this.typeAndNotation(left.value, defaultNotation);
    if (!parsed.ok) return parsed;
    const remainder = javaTrim(type.substring(left.value.length));
    if (remainder.startsWith(',')) {
      const rest = this.listOfTypes(remainder.substring(1), defaultNotation);
      return rest.ok ? ok(rest.value + 1) : rest;
    }
    if (remainder.length === 0) return ok(1);
    return fail(
      left.value
        ? `"${type}" has "${remainder}" after the type "${left.value}" (types in a list are separated by commas)`
        : `"${type}" does not start with a type ${EXAMPLES}`,
    );
  }

  /** `parseTypeAndNotation`: the first of the parsers that recognizes the term decides. */
  private typeAndNotation(
    composed: string,
    defaultNotation: string,
  ): Parsed<true> {
    const type = this.decompose(composed, defaultNotation);
    return (
      this.builtIn(type) ??
      this.bracketed(type, '[', ']', 'list', inner =>
        this.typeAndNotation(inner, type.notation),
      ) ??
      this.bracketed(type, 'list(', ')', 'list', inner =>
        this.typeAndNotation(inner, type.notation),
      ) ??
      // enum(A, B, "C"): the symbols are not checked; anything in the brackets is taken.
      this.bracketed(type, 'enum(', ')', 'enum', () => ok(true)) ??
      this.bracketed(type, 'map(', ')', 'map', inner =>
        this.typeAndNotation(inner, type.notation),
      ) ??
      this.bracketed(type, 'union(', ')', 'union', inner =>
        this.members(inner, type.notation),
      ) ??
      this.bracketed(type, 'windowed(', ')', 'windowed', inner =>
        this.windowed(inner, type),
      ) ??
      this.bracketed(type, '(', ')', 'tuple', inner =>
        this.members(inner, type.notation),
      ) ??
      this.bracketed(type, 'tuple(', ')', 'tuple', inner =>
        this.members(inner, type.notation),
      ) ??
      this.notationWithOrWithoutSchema(type)
    );
  }

  /**
   * `decompose`: `notation:rest` when a colon comes before any bracket; a whole term that names
   * a registered notation (case-insensitive) is that notation without a schema; anything else
   * is a type in the notation around it (`default` at the top).
   */
  private decompose(composed: string, defaultNotation: string): Decomposed {
    const position = (text: string) =>
      composed.includes(text) ? composed.indexOf(text) : composed.length;
    const colon = position(':');
    if (colon < position('(') && colon < position('[')) {
      return {
        notation: composed.substring(0, colon),
        dataType: composed.substring(colon + 1),
        explicitNotation: true,
      };
    }
    if (this.notations.has(composed.toUpperCase())) {
      return { notation: composed, dataType: '', explicitNotation: true };
    }
    return {
      notation: defaultNotation,
      dataType: composed,
      explicitNotation: false,
    };
  }

  /** `parseInternalType`: a built-in type name, exactly as written (`String` is not one). */
  private builtIn(type: Decomposed): Parsed<true> | undefined {
    if (!BUILT_IN_TYPES.has(type.dataType)) return undefined;
    // The notation is looked up, so an unusable one is refused; whether it allows the type
    // (avro:string is refused by KSML's own avro) is the notation's, so not checked here.
    const notation = this.notation(type.notation);
    return notation.ok ? ok(true) : notation;
  }

  /**
   * `parseList`, `parseMap`, ... : a term that starts with `open` must end with `close`, and what
   * is between them is parsed. That text is not trimmed first: `[ string ]` is refused (the
   * element is " string "), while the comma-separated members of a tuple or union are trimmed.
   */
  private bracketed(
    type: Decomposed,
    open: string,
    close: string,
    kind: string,
    inner: (text: string) => Parsed<unknown>,
  ): Parsed<true> | undefined {
    const text = type.dataType;
    if (!text.startsWith(open)) return undefined;
    if (!text.endsWith(close)) {
      return fail(`the ${kind} type "${text}" is not closed with "${close}"`);
    }
    const parsed = inner(text.substring(open.length, text.length - 1));
    return parsed.ok ? ok(true) : (parsed as Parsed<true>);
  }

  private members(text: string, notation: string): Parsed<number> {
    return this.listOfTypes(text, notation);
  }

  /**
   * `parseWindowed`: the key type in the notation around it, and when that fails and the
   * notation was not written, once more in the default notation.
   */
  private windowed(text: string, type: Decomposed): Parsed<true> {
    const first = this.typeAndNotation(text, type.notation);
    if (first.ok || first.thrown || type.explicitNotation) return first;
    return this.typeAndNotation(text, DEFAULT_NOTATION);
  }

  /**
   * `parseNotationWithOrWithoutSchema`, the last resort: a notation, bare or with a schema name.
   * In the default (binary) notation a schema name is what a misspelt or unknown type becomes,
   * and binary takes no schema: that is how `no_such_type` is refused.
   */
  private notationWithOrWithoutSchema(type: Decomposed): Parsed<true> {
    const notation = this.notation(type.notation);
    if (!notation.ok) return notation;
    // Bare notation: the runner may still refuse it (a notation that needs a schema, or one
    // that fetches it from a registry outside a topic), depending on how it is configured.
    if (type.dataType.length === 0) return ok(true);
    if (!notation.value.schemaless) return ok(true); // the schema's existence is not checked
    if (type.explicitNotation) {
      return fail(
        `"${type.notation}:${
          type.dataType
        }": the ${type.notation.toLowerCase()} notation takes no schema; write "${
          type.notation
        }" alone (or a notation with schemas, e.g. jsonschema:${
          type.dataType
        })`,
      );
    }
    return fail(unknownTypeProblem(type.dataType));
  }

  /**
   * `NotationLibrary.get`: any name, as the operator may have registered it, but none (`:Foo`)
   * and one with blanks or control characters (`[ avro:Foo]`, whose notation is " avro"): no
   * runner configuration names a notation so.
   */
  private notation(name: string): Parsed<{ schemaless: boolean }> {
    if (name.length === 0) {
      return fail('a type has ":" with no notation name before it', true);
    }
    if ([...name].some(ch => ch.charCodeAt(0) <= 0x20)) {
      return fail(`"${name}" is not a notation name`, true);
    }
    return ok({ schemaless: SCHEMALESS_NOTATIONS.has(name.toUpperCase()) });
  }

  /**
   * `parseLeftMostTerm`: a bracketed expression, or name characters (with any bracketed parts
   * they run into, so `map(string)` is one term) up to the first other character.
   */
  private leftMostTerm(type: string): Parsed<string> {
    if (type.startsWith('(')) return bracketedExpression(type, '(', ')');
    if (type.startsWith('[')) return bracketedExpression(type, '[', ']');
    let index = 0;
    while (index < type.length) {
      const ch = type[index];
      if (ch === '(' || ch === '[') {
        const term = this.leftMostTerm(type.substring(index));
        if (!term.ok) return term;
        index += term.value.length - 1;
      } else if (!TYPE_CHARACTERS.includes(ch)) {
        return ok(type.substring(0, index));
      }
      index++;
    }
    return ok(type);
  }
}

/**
 * `parseBracketedExpression`: up to the bracket that closes the first. Only brackets of the
 * same kind are counted, so `(a, [b)]` ends at its first `)`.
 */
function bracketedExpression(
  type: string,
  open: string,
  close: string,
): Parsed<string> {
  let depth = 1;
  for (let index = 1; index < type.length; index++) {
    if (type[index] === open) depth++;
    if (type[index] === close) depth--;
    if (depth === 0) return ok(type.substring(0, index + 1));
  }
  return fail(`"${type}" has a "${open}" without its "${close}"`);
}

function unknownTypeProblem(name: string): string {
  if (javaTrim(name) !== name) {
    return `"${name}" is not a KSML type: no spaces are allowed just inside [ ], list( ), map( ) or windowed( )`;
  }
  if (BUILT_IN_TYPES.has(name.toLowerCase())) {
    return `"${name}" is not a KSML type: type names are lower case ("${name.toLowerCase()}")`;
  }
  return `"${name}" is not a KSML type ${EXAMPLES}`;
}

/**
 * Why KSML 1.3.0's runner would refuse `type` as a data type (a stream's `keyType`, a function's
 * `resultType`, a parameter's `type`, ...), or undefined when it parses. The grammar:
 * built-in names (`string`, `str`, `long`, `int`, `?`, `any`, `none`, `null`, `struct`, `map`,
 * ..., case-sensitive); `[t]`, `list(t)`, `map(t)`, `windowed(t)`; `(t, ...)`, `tuple(t, ...)`,
 * `union(t, ...)`; `enum(A, B, ...)`; a notation alone (`json`, `avro`: a registered name,
 * case-insensitive) or before a colon with what it applies to (`avro:Schema`,
 * `json:windowed(string)`, `avro:[Schema]`). An empty text is the unknown type. Exactly one type
 * at the top: `string, long` is refused.
 *
 * Any name before a colon is accepted as a notation, and any schema name with a notation that
 * takes schemas: only the notations with none (json, binary, default) refuse one, and the
 * default notation's refusal is what refuses an unknown name (`no_such_type`).
 */
export function typeProblem(
  type: string,
  options: TypeOptions = {},
): string | undefined {
  const parsed = new TypeParser(options.notations ?? []).listOfTypes(
    type,
    DEFAULT_NOTATION,
  );
  if (!parsed.ok) {
    return parsed.error.startsWith(`"${type}"`)
      ? parsed.error
      : `"${type}": ${parsed.error}`;
  }
  if (parsed.value !== 1) {
    return `"${type}" is ${
      parsed.value
    } types, not one: a tuple is written "(${javaTrim(
      type,
    )})", a union "union(${javaTrim(type)})"`;
  }
  return undefined;
}

/**
 * {@link typeProblem} for a YAML value as the `yaml` package gives it: read as the runner reads
 * it ({@link ksmlValueText}: an unquoted `[string]` is the list type, `true` the text "true"), a
 * missing value (null, a mapping) being the unknown type the runner then takes.
 */
export function typeValueProblem(
  value: unknown,
  options: TypeOptions = {},
): string | undefined {
  const text = ksmlValueText(value);
  return text === undefined ? undefined : typeProblem(text, options);
}

// ---------------------------------------------------------------------------------------------
// Durations (DurationParser)
// ---------------------------------------------------------------------------------------------

const DURATION_FORMAT =
  'a duration is a whole number with an optional unit ms, s, m, h, d or w (e.g. 5m, 30s, or 100 for 100 milliseconds)';

/** Seconds per unit, as the java.time.Duration factory the unit goes to multiplies them. */
const SECONDS_PER: Record<string, bigint> = { m: 60n, h: 3600n, d: 86400n };

/**
 * A plain YAML 1.1 integer with `_` separators: a number to the runner's YAML reader (Jackson),
 * a string to the `yaml` package's YAML 1.2. Quoted, the runner refuses it; unquoted it reads
 * milliseconds, so it is not refused here.
 */
const YAML11_INTEGER = /^[-+]?[0-9][0-9_]*$/;

/**
 * Why KSML 1.3.0's runner would refuse `value` (a YAML value as the `yaml` package gives it) as
 * a duration (`grace`, `retention`, `interval`, ...), or undefined when it parses.
 *
 * The runner's reading (`DurationParser.parseDuration`): the value's text, lower-cased and
 * trimmed, is a Java long (optional sign, digits) of milliseconds, or one followed by `ms`, `s`,
 * `m`, `h`, `d` or `w` (spaces allowed before the unit: `5 m`, and any case: `5M` is 5 minutes,
 * not months). No fractions (`1.5s`), no ISO-8601 (`PT5M`), no other units (`5min`). Negative
 * values parse (Kafka refuses most of them later). A value too large for java.time.Duration
 * (`9999999999999999d`) is refused; `w` multiplies by 7 in a Java long first, wrapping around.
 *
 * Values the runner reads as no value at all are accepted, as it does: null, a mapping (the
 * spec's schema is what refuses one), an integer beyond a Java long. YAML's `1.0` is the number 1
 * here but "1.0" to the runner; that one is not refused.
 */
export function durationProblem(value: unknown): string | undefined {
  const parsed = parseDuration(value);
  return parsed && 'problem' in parsed ? parsed.problem : undefined;
}

/**
 * The milliseconds the runner reads from a duration value ({@link durationProblem}), or
 * undefined when it reads none or refuses it.
 */
export function durationMillis(value: unknown): bigint | undefined {
  const parsed = parseDuration(value);
  return parsed && 'millis' in parsed ? parsed.millis : undefined;
}

const MILLIS_PER: Record<string, bigint> = {
  '': 1n,
  ms: 1n,
  s: 1000n,
  m: 60_000n,
  h: 3_600_000n,
  d: 86_400_000n,
};

/** DurationParser's reading of a value: its milliseconds, its refusal, or nothing read. */
function parseDuration(
  value: unknown,
): { millis: bigint } | { problem: string } | undefined {
  if (typeof value === 'string' && value.includes('_')) {
    if (YAML11_INTEGER.test(value)) {
      return { millis: BigInt(value.replace(/_/g, '')) };
    }
  }
  const text = ksmlValueText(value);
  if (text === undefined) return undefined;
  const shown = typeof value === 'string' ? `"${value}"` : text;
  if (Array.isArray(value)) {
    return { problem: `${shown} is a list, not a duration` };
  }
  const duration = javaTrim(text.toLowerCase());
  const unit = /(ms|s|m|h|d|w)$/.exec(duration)?.[1] ?? '';
  const amount = parseJavaLong(
    javaTrim(duration.substring(0, duration.length - unit.length)),
  );
  if (amount === undefined) {
    return { problem: `${shown} is not a duration: ${DURATION_FORMAT}` };
  }
  // Duration.ofMinutes/ofHours/ofDays multiply with Math.multiplyExact: an overflow throws an
  // ArithmeticException, which DurationParser does not catch.
  const days = unit === 'w' ? BigInt.asIntN(64, 7n * amount) : amount;
  const perUnit = SECONDS_PER[unit === 'w' ? 'd' : unit];
  if (perUnit !== undefined) {
    const seconds = days * perUnit;
    if (seconds < LONG_MIN || seconds > LONG_MAX) {
      return { problem: `${shown} is too long a duration` };
    }
  }
  return { millis: days * MILLIS_PER[unit === 'w' ? 'd' : unit] };
}

/**
 * Java's Long.parseLong in base 10: an optional sign and at least one digit, within a long.
 * Digits are what Character.digit takes: any Unicode decimal digit of one UTF-16 unit.
 */
function parseJavaLong(text: string): bigint | undefined {
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  if (text.length === sign.length) return undefined;
  let value = 0n;
  for (const unit of text.substring(sign.length).split('')) {
    const digit = digitValue(unit);
    if (digit === undefined) return undefined;
    value = value * 10n + BigInt(digit);
  }
  const result = sign === '-' ? -value : value;
  return result < LONG_MIN || result > LONG_MAX ? undefined : result;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * A decimal digit's value. Unicode keeps every decimal digit in a run of ten, 0 to 9, so a
 * digit's value is its distance from its run's start.
 */
function digitValue(unit: string): number | undefined {
  if (unit >= '0' && unit <= '9') return unit.charCodeAt(0) - 48;
  if (!DECIMAL_DIGIT.test(unit)) return undefined;
  const code = unit.charCodeAt(0);
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCharCode(start - 1))) start--;
  return (code - start) % 10;
}
