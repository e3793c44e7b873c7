import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import {
  APP_REF_FIELDS,
  DNS_LABEL_PATTERN,
  MAX_RELEASE_NAME_LENGTH,
  releaseName,
} from '../naming';
import { readmeDeployRequest } from '../testing/readmeDeployRequest';
import { propertySettings } from '../testing/propertySettings';
import {
  DEPLOYMENT_MODES,
  DeployRequest,
  definitionFiles,
  deployRequestSchema,
  MAX_CONFIGMAP_CONTENT_BYTES,
  MAX_REPLICAS,
} from './deployRequest';
import { formatFieldPath, parseInput } from './parse';

// Property-based tests of the deploy request schema with bad input, no cluster needed:
// fast-check builds a valid request, then spoils exactly one field. The refusal must be an
// InputError whose first issue names that field and no other top-level field, and every parse
// must end quickly without growing the heap much (an alias bomb must not expand).

type Req = Record<string, unknown>;

// The limits of fields.ts, deployRequest.ts and naming.ts, and the Kubernetes rules behind them.
/** tenant, instance, environment, application: DNS labels. */
const LABEL_MAX = 63;
/** A key of `definitions` (a KSML namespace). */
const DEFINITION_NAME_MAX = 63;
/** A schema file name, which becomes a ConfigMap key. */
const FILE_NAME_MAX = 253;
const SCHEMAS_MAX = 200;
/** A StorageClass name is a DNS subdomain. */
const STORAGE_CLASS_NAME_MAX = 253;
/** The most Kubernetes keeps in one ConfigMap. */
const CONFIGMAP_MAX_BYTES = 1_048_576;
const PORT_MAX = 65_535;
/** What the router lets a body be (express.json in router.ts); generated inputs stay below. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * A generous bound on the CPU time of one parse: the generated inputs of up to 2 MB parse in
 * milliseconds, 30,000 keys in about 300 ms.
 */
const PARSE_BOUND_MS = 2_000;
/** One parse of a small input may grow the heap this much; an expanded alias bomb takes gigabytes. */
const HEAP_BOUND_BYTES = 128 * 1024 * 1024;

/**
 * A property fails (rather than passing on fewer cases) when it runs out of time; a failure
 * is replayed with KSML_FC_SEED and KSML_FC_PATH (propertySettings).
 */
function settings<T>(
  numRuns: number,
  extra: Partial<fc.Parameters<T>> = {},
): fc.Parameters<T> {
  return propertySettings(numRuns, 30_000, extra);
}
const TEST_TIMEOUT_MS = 60_000;

const TOP_FIELDS = [
  'tenant',
  'instance',
  'environment',
  'application',
  'replicas',
  'definition',
  'definitions',
  'kafkaProperties',
  'schemas',
  'deploymentMode',
  'resources',
  'storage',
] as const;

/** How many generated cases each property ran (printed after the file). */
const ran = new Map<string, number>();
const count = (what: string) => ran.set(what, (ran.get(what) ?? 0) + 1);
afterAll(() => {
  const total = [...ran.values()].reduce((sum, n) => sum + n, 0);
  // eslint-disable-next-line no-console
  console.log(
    `deployRequest properties ran ${total} generated cases:\n${[...ran]
      .map(([what, n]) => `  ${what}: ${n}`)
      .join('\n')}`,
  );
});

// ---------------------------------------------------------------------------------------------
// Parsing and judging one input.

interface Outcome {
  accepted?: DeployRequest;
  error?: Error;
  /** CPU time of the parse, in milliseconds. */
  ms: number;
  heapGrowth: number;
}

function attempt(input: unknown): Outcome {
  const heapBefore = process.memoryUsage().heapUsed;
  // CPU time, not time on the clock: parsing is synchronous work of this process, and a blowup
  // shows in its CPU time just as well, while a machine busy with other work (2 shared cores)
  // can stretch a 300 ms parse past any clock bound without anything being wrong.
  const started = process.cpuUsage();
  let accepted: DeployRequest | undefined;
  let error: Error | undefined;
  try {
    accepted = parseInput(deployRequestSchema, input, 'deploy request');
  } catch (e) {
    error = e as Error;
  }
  return {
    accepted,
    error,
    ms: cpuMs(process.cpuUsage(started)),
    heapGrowth: process.memoryUsage().heapUsed - heapBefore,
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

const PREFIX = 'Invalid deploy request: ';

/** The refusal's first issue is about `field` (a path, or the opening words of a whole-request issue). */
function firstIssueNames(message: string, field: string): boolean {
  if (!message.startsWith(PREFIX)) return false;
  const rest = message.slice(PREFIX.length);
  return (
    rest.startsWith(field) &&
    ['', ':', '.', '[', ' ', ';', ','].includes(rest.charAt(field.length))
  );
}

/** Top-level fields other than the one of `field` that an issue of the message is about. */
function otherFieldsNamed(message: string, field: string): string[] {
  const rest = message.slice(PREFIX.length);
  const own = /^[A-Za-z]+/.exec(field)?.[0];
  return TOP_FIELDS.filter(
    other => other !== own && new RegExp(`(^|; )${other}[:.[]`).test(rest),
  );
}

const preview = (text: string | undefined) =>
  text && text.length > 300
    ? `${text.slice(0, 300)}… (${text.length} chars)`
    : text;

/** Expects a quick InputError whose first issue names `field` and no other top-level field. */
function expectRefusal(
  outcome: Outcome,
  field: string,
  options: { boundHeap?: boolean } = {},
): void {
  const message = outcome.error?.message ?? '';
  const report = {
    message: preview(message),
    refused: outcome.error instanceof InputError,
    namesField: firstIssueNames(message, field),
    otherFields: otherFieldsNamed(message, field),
    ms: Math.round(outcome.ms),
    withinTime: outcome.ms < PARSE_BOUND_MS,
    heapMb: Math.round(outcome.heapGrowth / 2 ** 20),
    withinHeap: !options.boundHeap || outcome.heapGrowth < HEAP_BOUND_BYTES,
  };
  expect(report).toEqual({
    ...report,
    refused: true,
    namesField: true,
    otherFields: [],
    withinTime: true,
    withinHeap: true,
  });
}

function expectAccepted(outcome: Outcome): DeployRequest {
  const report = {
    error: preview(outcome.error?.message),
    ms: Math.round(outcome.ms),
    withinTime: outcome.ms < PARSE_BOUND_MS,
  };
  expect(report).toEqual({ ...report, error: undefined, withinTime: true });
  return outcome.accepted!;
}

/** `accepted`, `refused naming it` (an InputError about `field`), or what went wrong instead. */
function answerTo(outcome: Outcome, field: string): string {
  if (outcome.accepted) return 'accepted';
  const message = outcome.error?.message ?? '';
  if (outcome.error instanceof InputError && firstIssueNames(message, field)) {
    return 'refused naming it';
  }
  return preview(`${outcome.error?.name}: ${message}`)!;
}

// ---------------------------------------------------------------------------------------------
// Building blocks.

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const alnum = fc.constantFrom(...(LOWER + DIGITS));
const labelChar = fc.constantFrom(...`${LOWER}${DIGITS}-`);
const definitionNameChar = fc.constantFrom(
  ...`${LOWER}${LOWER.toUpperCase()}${DIGITS}_-`,
);
const fileNameChar = fc.constantFrom(
  ...`${LOWER}${LOWER.toUpperCase()}${DIGITS}-._`,
);

/** `seed` repeated to exactly `length` characters (long strings without a char per arbitrary). */
function fill(seed: string, length: number): string {
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
}

/** A lowercase DNS label of exactly `length` characters. */
function labelOfLength(length: number): fc.Arbitrary<string> {
  if (length === 1) return alnum;
  return fc
    .tuple(
      alnum,
      fc.string({ unit: labelChar, minLength: 1, maxLength: 16 }),
      alnum,
    )
    .map(([first, seed, last]) => first + fill(seed, length - 2) + last);
}
const label = fc.integer({ min: 1, max: LABEL_MAX }).chain(labelOfLength);

/** A `definitions` key of exactly `length` characters. */
function definitionNameOfLength(length: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...`${LOWER}${DIGITS}_`),
      fc.string({ unit: definitionNameChar, minLength: 1, maxLength: 16 }),
    )
    .map(([first, seed]) => first + fill(seed, length - 1));
}
const definitionName = fc
  .stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_-]{0,20}$/)
  .filter(name => name !== '__proto__');

/** A schema file name of exactly `length` characters, not starting with a dot. */
function fileNameOfLength(length: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      alnum,
      fc.string({ unit: fileNameChar, minLength: 1, maxLength: 16 }),
    )
    .map(([first, seed]) => first + fill(seed, length - 1));
}
const schemaFileName = fc
  .stringMatching(/^[A-Za-z0-9_][-._A-Za-z0-9]{0,30}$/)
  .map(name => `${name}.avsc`);

/** Control characters (C0, DEL, C1) and Unicode's line separators, kept out of valid values. */
function isAnyControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
    if (code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}
const c0Control = fc
  .integer({ min: 0, max: 0x20 })
  .map(code => String.fromCharCode(code === 0x20 ? 0x7f : code));

const ident = (prefix: string) =>
  fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/).map(name => `${prefix}_${name}`);

interface DefinitionParts {
  stream: string;
  topic: string;
  pipeline: string;
  fn: string;
  name: string;
}
const definitionParts: fc.Arbitrary<DefinitionParts> = fc.record({
  stream: ident('s'),
  topic: ident('t'),
  pipeline: ident('p'),
  fn: ident('f'),
  name: fc.string({ unit: 'grapheme', maxLength: 40 }),
});

/** A sound KSML definition in block style; the YAML defects below start from it. */
function blockDefinition(p: DefinitionParts): string {
  return [
    `name: ${JSON.stringify(p.name)}`,
    'streams:',
    `  ${p.stream}:`,
    `    topic: ${p.topic}`,
    '    keyType: string',
    '    valueType: json',
    'pipelines:',
    `  ${p.pipeline}:`,
    `    from: ${p.stream}`,
    `    to: ${p.stream}`,
  ].join('\n');
}

function flowDefinition(p: DefinitionParts): string {
  return `{name: ${JSON.stringify(p.name)}, streams: {${p.stream}: {topic: ${
    p.topic
  }, keyType: string, valueType: json}}, pipelines: {${p.pipeline}: {from: ${
    p.stream
  }, forEach: {code: 'log.info(key)'}}}}`;
}

function producerDefinition(p: DefinitionParts): string {
  return [
    `name: ${JSON.stringify(p.name)}`,
    'functions:',
    `  ${p.fn}:`,
    '    type: generator',
    '    resultType: (string, json)',
    '    code: |',
    '      return ("key", {"n": 1})',
    'streams:',
    `  ${p.stream}: {topic: ${p.topic}, keyType: string, valueType: json}`,
    'producers:',
    `  ${p.pipeline}:`,
    `    generator: ${p.fn}`,
    '    interval: 1s',
    `    to: ${p.stream}`,
  ].join('\n');
}

const definitionText = fc.oneof(
  definitionParts.map(blockDefinition),
  definitionParts.map(flowDefinition),
  definitionParts.map(producerDefinition),
  fc.constant(readmeDeployRequest.definition),
);

const host = fc.stringMatching(
  /^[a-z][a-z0-9-]{0,15}(\.[a-z][a-z0-9-]{0,10}){0,2}$/,
);
const server = fc
  .tuple(
    fc.constantFrom('', 'PLAINTEXT://', 'SASL_SSL://'),
    fc.oneof(host, fc.constantFrom('10.0.0.1', '[::1]', '[fd00::2]')),
    fc.integer({ min: 1, max: PORT_MAX }),
  )
  .map(([listener, name, port]) => `${listener}${name}:${port}`);
const bootstrapServers = fc
  .array(server, { minLength: 1, maxLength: 3 })
  .map(list => list.join(','));
const propertyKey = fc
  .stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z][a-z0-9]{0,8}){0,3}$/)
  .filter(key => key !== 'bootstrap.servers');
const propertyValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }).filter(v => !isAnyControl(v)),
  fc.integer(),
  fc.boolean(),
);
const kafkaProperties = fc
  .tuple(
    bootstrapServers,
    fc.dictionary(propertyKey, propertyValue, { maxKeys: 4 }),
  )
  .map(([servers, extra]) => ({ ...extra, 'bootstrap.servers': servers }));

const quantity = fc
  .tuple(
    fc.integer({ min: 0, max: 100_000 }),
    fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    fc.constantFrom('', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti'),
  )
  .map(
    ([whole, fraction, suffix]) =>
      `${whole}${fraction === undefined ? '' : `.${fraction}`}${suffix}`,
  );
const resourceList = fc.record(
  { cpu: quantity, memory: quantity },
  { requiredKeys: [] },
);

const schema = fc.record({
  schemaFileName,
  schemaBody: fc.string({ unit: 'grapheme', maxLength: 200 }),
});

/** A valid deploy request with any mix of the optional parts. */
const validRequest: fc.Arbitrary<Req> = fc
  .tuple(
    fc.record(
      {
        tenant: label,
        instance: label,
        environment: label,
        application: label,
        replicas: fc.integer({ min: 0, max: MAX_REPLICAS }),
        kafkaProperties,
        schemas: fc.uniqueArray(schema, {
          maxLength: 4,
          selector: s => s.schemaFileName,
        }),
        deploymentMode: fc.constantFrom(...DEPLOYMENT_MODES),
        resources: fc.record(
          { requests: resourceList, limits: resourceList },
          { requiredKeys: [] },
        ),
        storage: fc.record(
          {
            size: quantity,
            storageClassName: fc.stringMatching(
              /^[a-z0-9]([-.a-z0-9]{0,40}[a-z0-9])?$/,
            ),
          },
          { requiredKeys: ['size'] },
        ),
      },
      {
        requiredKeys: [
          'tenant',
          'instance',
          'environment',
          'application',
          'kafkaProperties',
        ],
      },
    ),
    fc.oneof(
      definitionText.map(definition => ({ definition })),
      fc
        .uniqueArray(fc.tuple(definitionName, definitionText), {
          minLength: 1,
          maxLength: 3,
          selector: ([name]) => name,
        })
        .map(entries => ({ definitions: Object.fromEntries(entries) })),
    ),
  )
  .map(([request, definitions]) => ({ ...request, ...definitions }));

// Reading and changing a request.

const schemasOf = (request: Req) =>
  (request.schemas as Array<Record<string, unknown>> | undefined) ?? [];

/** The request with at least one schema, so a schema can be spoilt. */
function withASchema(request: Req): Req {
  return schemasOf(request).length > 0
    ? request
    : {
        ...request,
        schemas: [{ schemaFileName: 'Extra.avsc', schemaBody: '{}' }],
      };
}

/** The request with schema `index` (modulo their number) changed; returns the field path too. */
function changeSchema(
  request: Req,
  index: number,
  change: (schema: Record<string, unknown>) => unknown,
): { request: Req; at: number } {
  const schemas = schemasOf(withASchema(request));
  const at = index % schemas.length;
  return {
    request: {
      ...request,
      schemas: schemas.map((s, i) => (i === at ? change(s) : s)),
    },
    at,
  };
}

/** Where a request's definition text is: `definition`, or one of `definitions`. */
function definitionTarget(
  request: Req,
  index: number,
): { field: string; text: string; set(text: unknown): Req } {
  if (typeof request.definition === 'string') {
    return {
      field: 'definition',
      text: request.definition,
      set: text => ({ ...request, definition: text }),
    };
  }
  const definitions = request.definitions as Record<string, string>;
  const names = Object.keys(definitions);
  const name = names[index % names.length];
  return {
    field: formatFieldPath(['definitions', name]),
    text: definitions[name],
    set: text => ({
      ...request,
      definitions: { ...definitions, [name]: text },
    }),
  };
}

const utf8 = new TextEncoder();
/**
 * Bytes of definitions, schemas and Kafka properties (names and values) together: what the
 * runner ConfigMap holds, counted here independently of the schema.
 */
function contentBytes(request: Req): number {
  const texts = [
    ...(typeof request.definition === 'string' ? [request.definition] : []),
    ...Object.values((request.definitions as Record<string, string>) ?? {}),
    ...schemasOf(request).map(s => String(s.schemaBody)),
    ...Object.entries(
      (request.kafkaProperties as Record<string, string>) ?? {},
    ).flat(),
  ];
  return texts.reduce((sum, text) => sum + utf8.encode(text).length, 0);
}

/** A character of each UTF-8 width. */
const WIDE = { 1: 'x', 2: 'é', 3: '€', 4: '😀' } as const;
type Width = keyof typeof WIDE;
const width = fc.constantFrom<Width>(1, 2, 3, 4);

/** Text of exactly `bytes` UTF-8 bytes, mostly of `w`-byte characters. */
function textOfBytes(bytes: number, w: Width): string {
  return WIDE[w].repeat(Math.floor(bytes / w)) + 'x'.repeat(bytes % w);
}

/**
 * The request with `bytes` more bytes of definitions and schemas: a YAML comment in a
 * definition, or a new schema.
 */
function padContent(
  request: Req,
  bytes: number,
  w: Width,
  place: 'definition' | 'schema',
  index: number,
): Req {
  if (place === 'schema') {
    return {
      ...request,
      schemas: [
        ...schemasOf(request),
        { schemaFileName: 'pad.json', schemaBody: textOfBytes(bytes, w) },
      ],
    };
  }
  const target = definitionTarget(request, index);
  // A YAML comment on a line of its own after the definition (flow style too).
  return target.set(
    `${target.text}\n#${textOfBytes(Math.max(0, bytes - 2), w)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Bad changes of one field.

interface BadCase {
  /** The field path the refusal must name first (or the opening words of a whole-request issue). */
  field: string;
  request: Req;
}

interface Mutation {
  category: string;
  what: string;
  /** Tiny inputs (alias bombs, deep nesting): the heap must not grow much either. */
  boundHeap?: boolean;
  apply(base: Req): BadCase;
  [fc.toStringMethod](): string;
}

function mutation(
  category: string,
  what: string,
  apply: (base: Req) => BadCase,
  options: { boundHeap?: boolean } = {},
): Mutation {
  return {
    category,
    what,
    apply,
    ...options,
    [fc.toStringMethod]: () => `${category}: ${what}`,
  };
}

const show = (value: unknown): string => {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : fc.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length})` : text;
};

const anyObject = fc.dictionary(
  fc.stringMatching(/^[a-z]{1,8}$/),
  fc.string(),
  { maxKeys: 3 },
);
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  anyObject,
);
const notNumber = fc.oneof(
  fc.string(),
  fc.integer({ min: 0, max: MAX_REPLICAS }).map(String),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  anyObject,
);
const notObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);
const notArray = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  anyObject,
);
const notMode = fc.oneof(
  notString,
  fc.string().filter(s => !(DEPLOYMENT_MODES as readonly string[]).includes(s)),
  fc.constantFrom('statefulset', 'JOB', ' Job', 'Job\u0000', 'Deployment'),
);
const WRONG_TYPE: Record<(typeof TOP_FIELDS)[number], fc.Arbitrary<unknown>> = {
  tenant: notString,
  instance: notString,
  environment: notString,
  application: notString,
  replicas: notNumber,
  definition: notString,
  definitions: notObject,
  kafkaProperties: notObject,
  schemas: notArray,
  deploymentMode: notMode,
  resources: notObject,
  storage: notObject,
};

const wrongType = fc.oneof(
  fc
    .constantFrom(...TOP_FIELDS)
    .chain(field => fc.tuple(fc.constant(field), WRONG_TYPE[field]))
    .map(([field, value]) =>
      mutation('wrong type', `${field} = ${show(value)}`, base => ({
        field,
        request: { ...base, [field]: value },
      })),
    ),
  fc
    .tuple(
      fc.constantFrom('schemaFileName', 'schemaBody', ''),
      notString,
      fc.nat(),
    )
    .map(([key, value, index]) =>
      mutation(
        'wrong type',
        `schemas[${index}]${key ? `.${key}` : ''} = ${show(value)}`,
        base => {
          const changed = changeSchema(base, index, s =>
            key ? { ...s, [key]: value } : value,
          );
          return {
            field: formatFieldPath(
              key ? ['schemas', changed.at, key] : ['schemas', changed.at],
            ),
            request: changed.request,
          };
        },
      ),
    ),
  fc
    .tuple(
      propertyKey,
      fc.oneof(
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 2 }),
        anyObject,
      ),
    )
    .map(([key, value]) =>
      mutation(
        'wrong type',
        `kafkaProperties[${key}] = ${show(value)}`,
        base => ({
          field: formatFieldPath(['kafkaProperties', key]),
          request: {
            ...base,
            kafkaProperties: {
              ...(base.kafkaProperties as Req),
              [key]: value,
            },
          },
        }),
      ),
    ),
  fc.tuple(fc.constantFrom('cpu', 'memory'), notString).map(([key, value]) =>
    mutation(
      'wrong type',
      `resources.limits.${key} = ${show(value)}`,
      base => ({
        field: `resources.limits.${key}`,
        request: { ...base, resources: { limits: { [key]: value } } },
      }),
    ),
  ),
  fc.tuple(notString, fc.nat()).map(([value, index]) =>
    mutation('wrong type', `a definition = ${show(value)}`, base => {
      const target = definitionTarget(base, index);
      return { field: target.field, request: target.set(value) };
    }),
  ),
);

const missing = fc.oneof(
  fc
    .constantFrom('tenant', 'instance', 'environment', 'application')
    .chain(field =>
      fc.constantFrom(
        mutation('missing', `no ${field}`, base => {
          const { [field]: _gone, ...rest } = base;
          return { field, request: rest };
        }),
        mutation('missing', `${field} empty`, base => ({
          field,
          request: { ...base, [field]: '' },
        })),
      ),
    ),
  fc.constant(
    mutation('missing', 'no kafkaProperties', base => {
      const { kafkaProperties: _gone, ...rest } = base;
      return { field: 'kafkaProperties', request: rest };
    }),
  ),
  fc.constant(
    mutation('missing', 'no definition nor definitions', base => {
      const { definition: _one, definitions: _many, ...rest } = base;
      return { field: 'definition', request: rest };
    }),
  ),
  fc.nat().map(index =>
    mutation('missing', 'a definition empty', base => {
      const target = definitionTarget(base, index);
      return { field: target.field, request: target.set('') };
    }),
  ),
  fc.constantFrom('', ' ', '\t', undefined).map(servers =>
    mutation('missing', `bootstrap.servers = ${show(servers)}`, base => {
      const { 'bootstrap.servers': _gone, ...rest } =
        base.kafkaProperties as Req;
      return {
        field: 'kafkaProperties',
        request: {
          ...base,
          kafkaProperties:
            servers === undefined
              ? rest
              : { ...rest, 'bootstrap.servers': servers },
        },
      };
    }),
  ),
  fc
    .tuple(fc.constantFrom('schemaFileName', 'schemaBody'), fc.nat())
    .map(([key, index]) =>
      mutation('missing', `schemas[${index}] without ${key}`, base => {
        const changed = changeSchema(base, index, s => {
          const { [key]: _gone, ...rest } = s;
          return rest;
        });
        return {
          field: formatFieldPath(['schemas', changed.at, key]),
          request: changed.request,
        };
      }),
    ),
  fc.constant(
    mutation('missing', 'storage without size', base => ({
      field: 'storage.size',
      request: { ...base, storage: { storageClassName: 'standard' } },
    })),
  ),
);

const hugeLength = fc.oneof(
  fc.integer({ min: 64, max: 4_096 }),
  fc.integer({ min: 4_096, max: 1_500_000 }),
);
const hugeStrings = fc.oneof(
  fc
    .tuple(fc.constantFrom(...APP_REF_FIELDS), hugeLength)
    .chain(([field, length]) =>
      labelOfLength(length).map(value =>
        mutation('huge string', `${field} of ${length} chars`, base => ({
          field,
          request: { ...base, [field]: value },
        })),
      ),
    ),
  fc.tuple(hugeLength, definitionText).chain(([length, text]) =>
    definitionNameOfLength(length).map(name =>
      mutation('huge string', `a definitions key of ${length} chars`, base => {
        const { definition: _one, ...rest } = base;
        return {
          field: formatFieldPath(['definitions', name]),
          request: { ...rest, definitions: { [name]: text } },
        };
      }),
    ),
  ),
  fc
    .tuple(
      fc.oneof(
        fc.integer({ min: FILE_NAME_MAX + 1, max: 4_096 }),
        fc.integer({ min: 4_096, max: 1_500_000 }),
      ),
      fc.nat(),
    )
    .chain(([length, index]) =>
      fileNameOfLength(length).map(name =>
        mutation(
          'huge string',
          `schemas[${index}].schemaFileName of ${length} chars`,
          base => {
            const changed = changeSchema(base, index, s => ({
              ...s,
              schemaFileName: name,
            }));
            return {
              field: formatFieldPath(['schemas', changed.at, 'schemaFileName']),
              request: changed.request,
            };
          },
        ),
      ),
    ),
  fc
    .tuple(hugeLength, fc.string({ minLength: 1, maxLength: 8 }))
    .map(([length, seed]) =>
      mutation('huge string', `deploymentMode of ${length} chars`, base => ({
        field: 'deploymentMode',
        request: { ...base, deploymentMode: `Job${fill(seed, length)}` },
      })),
    ),
);

/** Characters that are never part of a definitions key (nor of a DNS label). */
const strangeChar = fc.oneof(
  fc.constantFrom(
    '.',
    '/',
    '\\',
    ' ',
    '%',
    ':',
    "'",
    '"',
    ';',
    '$',
    '\u0000',
    '\t',
    '\n',
    '\r',
    '\u007f',
    '\u0085',
    '\u00a0',
    'é',
    'ß',
    '\u0430', // Cyrillic a
    '\uff41', // fullwidth a
    '\u0131', // dotless i
    '\u200b', // zero-width space
    '\u200d', // zero-width joiner
    '\u202e', // right-to-left override
    '\u2028',
    '\ufeff',
    '\ud800', // lone surrogate
    '😀',
    '👩‍👩‍👧',
  ),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
    .filter(c => !/^[A-Za-z0-9_-]$/.test(c)),
);

/** Characters that are never part of a DNS label. */
const strangeLabelChar = fc.oneof(strangeChar, fc.constantFrom('A', 'Z', '_'));

const insertAt = (text: string, char: string, position: number) => {
  const at = position % (text.length + 1);
  return text.slice(0, at) + char + text.slice(at);
};

const unicodeAndControl = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...APP_REF_FIELDS),
      label,
      strangeLabelChar,
      fc.nat(),
    )
    .map(([field, value, char, position]) => {
      const spoilt = insertAt(value, char, position);
      return mutation(
        'unicode or control',
        `${field} = ${show(spoilt)}`,
        base => ({
          field,
          request: { ...base, [field]: spoilt },
        }),
      );
    }),
  fc
    .tuple(definitionName, strangeChar, fc.nat(), definitionText)
    .map(([name, char, position, text]) => {
      const spoilt = insertAt(name, char, position);
      return mutation(
        'unicode or control',
        `definitions key ${show(spoilt)}`,
        base => {
          const { definition: _one, ...rest } = base;
          return {
            field: formatFieldPath(['definitions', spoilt]),
            request: { ...rest, definitions: { [spoilt]: text } },
          };
        },
      );
    }),
  fc
    .tuple(propertyKey, c0Control, fc.nat(), fc.boolean())
    .map(([key, char, position, inKey]) => {
      const spoiltKey = inKey ? insertAt(key, char, position) : key;
      const value = inKey ? 'v' : insertAt('some value', char, position);
      return mutation(
        'kafka control character',
        `kafkaProperties[${show(spoiltKey)}] = ${show(value)}`,
        base => ({
          field: formatFieldPath(['kafkaProperties', spoiltKey]),
          request: {
            ...base,
            kafkaProperties: {
              ...(base.kafkaProperties as Req),
              [spoiltKey]: value,
            },
          },
        }),
      );
    }),
  fc.constant(
    mutation('unicode or control', 'kafkaProperties[""]', base => ({
      field: formatFieldPath(['kafkaProperties', '']),
      request: {
        ...base,
        kafkaProperties: { ...(base.kafkaProperties as Req), '': 'v' },
      },
    })),
  ),
);

const badBootstrapServers = fc
  .tuple(
    fc.constantFrom(
      'broker',
      'broker:',
      ':9092',
      'broker:port',
      'broker:123456',
      'broker:9092;other:9092',
      'broker:9092 other:9092',
      'broker:9092,',
      ',broker:9092',
      'broker:9092,,b:1',
      '://broker:9092',
      'SASL SSL://broker:9092',
      'brökér:9092',
      'bro ker:9092',
      '[zz::1]:9092',
      'broker:9092/path',
      'http://broker:9092/',
      "broker:9092'; DROP",
    ),
    fc.nat(),
  )
  .map(([servers]) =>
    mutation('bad bootstrap.servers', show(servers), base => ({
      field: formatFieldPath(['kafkaProperties', 'bootstrap.servers']),
      request: {
        ...base,
        kafkaProperties: {
          ...(base.kafkaProperties as Req),
          'bootstrap.servers': servers,
        },
      },
    })),
  );

const badReplicas = fc
  .oneof(
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
    fc.integer({ min: MAX_REPLICAS + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(
      1e21,
      1e308,
      Number.MAX_VALUE,
      Infinity,
      -Infinity,
      NaN,
      0.5,
      1 + Number.EPSILON,
      -0.000001,
    ),
    fc
      .double({ min: -100, max: 100, noNaN: true })
      .filter(x => !Number.isInteger(x)),
  )
  .map(replicas =>
    mutation('bad replicas', String(replicas), base => ({
      field: 'replicas',
      request: { ...base, replicas },
    })),
  );

/** YAML that does not parse, or parses to something that is not a KSML definition. */
const YAML_DEFECTS: Record<
  string,
  (p: DefinitionParts, junk: string) => string
> = {
  'unclosed flow sequence': (p, junk) =>
    `${blockDefinition(p)}\nstores: [${junk.replace(/[\]}]/g, '')}`,
  'unclosed flow mapping': (p, junk) =>
    `${blockDefinition(p)}\nstores: {${junk.replace(/[\]}]/g, '')}`,
  'unclosed quote': (p, junk) =>
    `${blockDefinition(p)}\ndescription: "${junk.replace(/["\\]/g, '')}`,
  'tab indentation': p =>
    blockDefinition(p).replace(`\n  ${p.stream}:`, `\n\t${p.stream}:`),
  'duplicate key': p => `${blockDefinition(p)}\npipelines: {}`,
  'two documents': p => `${blockDefinition(p)}\n---\n${blockDefinition(p)}`,
  'invalid escape': p => `${blockDefinition(p)}\ndescription: "a\\qb"`,
  'unknown alias': p => `${blockDefinition(p)}\ndescription: *nowhere`,
  'unknown section': p => `${blockDefinition(p)}\nsensors:\n  x: 1`,
  'pipelines as a list': p =>
    `streams:\n  ${p.stream}: {topic: t, keyType: string, valueType: json}\npipelines:\n  - from: ${p.stream}`,
  'pipeline without from': p =>
    `streams:\n  ${p.stream}: {topic: t, keyType: string, valueType: json}\npipelines:\n  ${p.pipeline}:\n    to: ${p.stream}`,
  'undeclared source': p =>
    blockDefinition(p).replace(`from: ${p.stream}`, `from: ${p.stream}_x`),
  'nothing to run': p =>
    `streams:\n  ${p.stream}: {topic: t, keyType: string, valueType: json}`,
  'a list': () => '- a\n- b',
  'a scalar': (_p, junk) =>
    `just ${junk.replace(/[:#\-[\]{}&*!|>'"%@`,?\n\r]/g, '')} text`,
  'a number': () => '42',
  null: () => 'null',
  'garbage in braces': (_p, junk) => `{${junk.replace(/[\]}]/g, '')}`,
};

const invalidYaml = fc
  .tuple(
    fc.constantFrom(...Object.keys(YAML_DEFECTS)),
    definitionParts,
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.nat(),
  )
  .map(([defect, parts, junk, index]) =>
    mutation('invalid YAML', defect, base => {
      const target = definitionTarget(base, index);
      return {
        field: target.field,
        request: target.set(YAML_DEFECTS[defect](parts, junk)),
      };
    }),
  );

/** A "billion laughs" mapping: level i holds `fanout` aliases of level i-1. */
function aliasBomb(levels: number, fanout: number): string {
  const parts = [`l0: &l0 [${Array(fanout).fill('lol').join(', ')}]`];
  for (let i = 1; i <= levels; i++) {
    parts.push(
      `l${i}: &l${i} [${Array(fanout)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  return `{${parts.join(', ')}}`;
}

const BOMB_PLACES = [
  'description',
  'stream',
  'function',
  'store',
  'pipeline',
  'unknown section',
] as const;
type BombPlace = (typeof BOMB_PLACES)[number];

/**
 * A sound definition with `value` at one place (and a harmless mapping at the others), each
 * under a key KSML knows (unknown keys are refused before aliases are resolved).
 */
function definitionWith(
  p: DefinitionParts,
  place: BombPlace,
  value: string,
): string {
  const at = (here: BombPlace) => (here === place ? value : '{x: lol}');
  return [
    `name: ${JSON.stringify(p.name)}`,
    `description: ${at('description')}`,
    'streams:',
    `  ${p.stream}: {topic: ${
      p.topic
    }, keyType: string, valueType: json, offsetResetPolicy: ${at('stream')}}`,
    'functions:',
    `  ${p.fn}: {type: predicate, expression: 'True', resultType: ${at(
      'function',
    )}}`,
    'stores:',
    `  st: {type: keyValue, keyType: string, valueType: json, caching: ${at(
      'store',
    )}}`,
    'pipelines:',
    `  ${p.pipeline}: {from: ${p.stream}, via: [{type: filter, if: ${
      p.fn
    }}], forEach: {code: 'log.info(key)'}, name: ${at('pipeline')}}`,
    ...(place === 'unknown section' ? [`laughs: ${value}`] : []),
  ].join('\n');
}

// At least 10^6 expansions, up to 16^12.
const bombSize = fc.record({
  levels: fc.integer({ min: 6, max: 12 }),
  fanout: fc.integer({ min: 10, max: 16 }),
});

const aliasBombs = fc
  .tuple(bombSize, fc.constantFrom(...BOMB_PLACES), definitionParts, fc.nat())
  .map(([{ levels, fanout }, place, parts, index]) =>
    mutation(
      'alias bomb',
      `${fanout}^${levels} at ${place}`,
      base => {
        const target = definitionTarget(base, index);
        return {
          field: target.field,
          request: target.set(
            definitionWith(parts, place, aliasBomb(levels, fanout)),
          ),
        };
      },
      { boundHeap: true },
    ),
  );

/** Deeply nested YAML in a place where no nesting is right. */
const DEEP_YAML: Record<string, (p: DefinitionParts, depth: number) => string> =
  {
    'pipelines as nested flow lists': (p, depth) =>
      `streams:\n  ${
        p.stream
      }: {topic: t, keyType: string, valueType: json}\npipelines: ${'['.repeat(
        depth,
      )}${']'.repeat(depth)}`,
    'pipelines as nested block lists': (p, depth) =>
      `streams:\n  ${
        p.stream
      }: {topic: t, keyType: string, valueType: json}\npipelines:\n  ${'- '.repeat(
        depth,
      )}x`,
    'nested mappings in an unknown section': (p, depth) =>
      `${blockDefinition(p)}\ndeep: ${'{a: '.repeat(depth)}1${'}'.repeat(
        depth,
      )}`,
    'block lists inside a flow list': (_p, depth) =>
      `[\n${'- '.repeat(depth)}x]`,
    'unclosed nesting': (p, depth) =>
      `${blockDefinition(p)}\ndescription: ${'[{a: '.repeat(depth)}`,
  };

const deepNesting = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...Object.keys(DEEP_YAML)),
      fc.integer({ min: 500, max: 100_000 }),
      definitionParts,
      fc.nat(),
    )
    .map(([kind, depth, parts, index]) =>
      mutation(
        'deep YAML',
        `${kind}, depth ${depth}`,
        base => {
          const target = definitionTarget(base, index);
          return {
            field: target.field,
            request: target.set(DEEP_YAML[kind](parts, depth)),
          };
        },
        { boundHeap: true },
      ),
    ),
  fc
    .tuple(
      fc.constantFrom(...TOP_FIELDS),
      fc.constantFrom('arrays', 'objects'),
      fc.integer({ min: 100, max: 100_000 }),
    )
    .map(([field, kind, depth]) =>
      mutation(
        'deep JSON',
        `${field} = ${depth} nested ${kind}`,
        base => {
          let value: unknown = 'x';
          for (let i = 0; i < depth; i++) {
            value = kind === 'arrays' ? [value] : { a: value };
          }
          return { field, request: { ...base, [field]: value } };
        },
        { boundHeap: true },
      ),
    ),
);

/** Schema file names that are paths, or not plain ConfigMap keys. */
const pathLikeName = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_][-._A-Za-z0-9]{0,12}$/),
    fc.constantFrom(
      (n: string) => `../${n}`,
      () => '../../etc/passwd',
      (n: string) => `dir/${n}`,
      (n: string) => `/${n}`,
      () => '/etc/passwd',
      (n: string) => `${n}/`,
      (n: string) => `..\\${n}`,
      (n: string) => `${n}\\x`,
      (n: string) => `${n}\u0000.avsc`,
      () => '\u0000',
      () => '.',
      () => '..',
      (n: string) => ` ${n}`,
      (n: string) => `${n} `,
      (n: string) => `${n}\n`,
      (n: string) => `%2e%2e%2f${n}`,
      (n: string) => `${n}\u2215x`, // division slash
      (n: string) => `${n}\uff0fx`, // fullwidth solidus
      (n: string) => `C:\\${n}`,
      (n: string) => `~/${n}`,
      (n: string) => `*.${n}`,
      (n: string) => `$(id)${n}`,
      (n: string) => `${n};rm -rf`,
      (n: string) => `${n}?x`,
      (n: string) => `${n}#x`,
      (n: string) => `${n}é`,
      () => '',
    ),
    fc.nat(),
  )
  .map(([name, make, index]) => {
    const spoilt = make(name);
    return mutation('schema file name', show(spoilt), base => {
      const changed = changeSchema(base, index, s => ({
        ...s,
        schemaFileName: spoilt,
      }));
      return {
        field: formatFieldPath(['schemas', changed.at, 'schemaFileName']),
        request: changed.request,
      };
    });
  });

const schemaNameClash = fc.oneof(
  fc.constant(
    mutation('schema file name', 'used twice', base => {
      const schemas = schemasOf(withASchema(base));
      return {
        field: formatFieldPath(['schemas', schemas.length, 'schemaFileName']),
        request: { ...base, schemas: [...schemas, { ...schemas[0] }] },
      };
    }),
  ),
  fc.constant(
    mutation('schema file name', "a definition's file", base => {
      const file = Object.values(
        definitionFiles({
          application: base.application as string,
          definition: base.definition as string | undefined,
          definitions: base.definitions as Record<string, string> | undefined,
        }),
      )[0];
      const schemas = schemasOf(base);
      return {
        field: formatFieldPath(['schemas', schemas.length, 'schemaFileName']),
        request: {
          ...base,
          schemas: [...schemas, { schemaFileName: file, schemaBody: '{}' }],
        },
      };
    }),
  ),
);

const thousandsOfSchemas = fc
  .integer({ min: SCHEMAS_MAX + 1, max: 20_000 })
  .map(n =>
    mutation('thousands of schemas', `${n} schemas`, base => ({
      field: 'schemas',
      request: {
        ...base,
        schemas: Array.from({ length: n }, (_, i) => ({
          schemaFileName: `s${i}.json`,
          schemaBody: '{}',
        })),
      },
    })),
  );

const pastTotal = fc
  .tuple(
    fc.integer({ min: 1, max: 900_000 }),
    width,
    fc.constantFrom<'definition' | 'schema'>('definition', 'schema'),
    fc.nat(),
  )
  .map(([over, w, place, index]) =>
    mutation(
      'total past 1 MB',
      `${over} bytes over, in ${w}-byte characters, in a ${place}`,
      base => {
        const bytes = MAX_CONFIGMAP_CONTENT_BYTES + over - contentBytes(base);
        return {
          field: 'definitions, schemas and Kafka properties take',
          request: padContent(base, bytes, w, place, index),
        };
      },
    ),
  );

const FIELD_NAMES = new Set<string>([
  ...TOP_FIELDS,
  'schemaFileName',
  'schemaBody',
  'requests',
  'limits',
  'cpu',
  'memory',
  'size',
  'storageClassName',
  '__proto__',
]);
const unknownKey = fc
  .stringMatching(/^[A-Za-z0-9_.-]{1,30}$/)
  .filter(key => !FIELD_NAMES.has(key));
const unknownFields = fc
  .tuple(
    unknownKey,
    fc.constantFrom(
      '',
      'schemas',
      'resources',
      'resources.requests',
      'storage',
    ),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map(([key, where, value]) =>
    mutation('unknown field', `${where || 'top'}.${key}`, base => {
      const unknown = `unknown field ${JSON.stringify(key)}`;
      switch (where) {
        case 'schemas': {
          const changed = changeSchema(base, 0, s => ({ ...s, [key]: value }));
          return {
            field: `${formatFieldPath(['schemas', changed.at])}: ${unknown}`,
            request: changed.request,
          };
        }
        case 'resources':
          return {
            field: `resources: ${unknown}`,
            request: { ...base, resources: { [key]: value } },
          };
        case 'resources.requests':
          return {
            field: `resources.requests: ${unknown}`,
            request: { ...base, resources: { requests: { [key]: value } } },
          };
        case 'storage':
          return {
            field: `storage: ${unknown}`,
            request: { ...base, storage: { size: '1Gi', [key]: value } },
          };
        default:
          return { field: unknown, request: { ...base, [key]: value } };
      }
    }),
  );

const BAD_QUANTITIES = [
  'lots',
  '1 GB',
  '1GB',
  '-1Gi',
  '1e3',
  '0x10',
  '1.Gi',
  '.5',
  'Gi',
  '1gi',
  '1Gi ',
  '١',
  '',
] as const;
const badQuantities = fc
  .tuple(
    fc.constantFrom(...BAD_QUANTITIES),
    fc.constantFrom(
      'resources.requests.cpu',
      'resources.limits.memory',
      'storage.size',
    ),
  )
  .map(([value, field]) =>
    mutation('bad quantity', `${field} = ${show(value)}`, base => {
      const [top, mid, leaf] = field.split('.');
      return {
        field,
        request: {
          ...base,
          [top]: leaf ? { [mid]: { [leaf]: value } } : { [mid]: value },
        },
      };
    }),
  );

/** Every bad change, one field at a time. */
const MUTATIONS = {
  wrongType,
  missing,
  hugeStrings,
  unicodeAndControl,
  badBootstrapServers,
  badReplicas,
  invalidYaml,
  aliasBombs,
  deepNesting,
  pathLikeName,
  schemaNameClash,
  thousandsOfSchemas,
  pastTotal,
  unknownFields,
  badQuantities,
};

const SOME_PARTS: DefinitionParts = {
  stream: 's_a',
  topic: 't_a',
  pipeline: 'p_a',
  fn: 'f_a',
  name: '',
};

/** Cases found before, always run first. */
const EXAMPLES: Record<string, Array<[Req, Mutation]>> = {
  deepNesting: [
    [
      readmeDeployRequest,
      mutation(
        'deep YAML',
        'block lists inside a flow list, depth 5000 (yaml runs out of stack)',
        base => ({
          field: 'definition',
          request: {
            ...base,
            definition: DEEP_YAML['block lists inside a flow list'](
              SOME_PARTS,
              5_000,
            ),
          },
        }),
        { boundHeap: true },
      ),
    ],
  ],
};

// ---------------------------------------------------------------------------------------------

describe('deploy request properties', () => {
  const valid = 'valid requests are accepted as sent';
  it(
    `${valid} (200 generated)`,
    () => {
      fc.assert(
        fc.property(validRequest, request => {
          count(valid);
          const parsed = expectAccepted(attempt(request));
          const kafka = request.kafkaProperties as Req;
          expect(parsed).toMatchObject({
            tenant: request.tenant,
            instance: request.instance,
            environment: request.environment,
            application: request.application,
            replicas: request.replicas ?? 1,
            deploymentMode: request.deploymentMode ?? 'StatefulSet',
            schemas: request.schemas ?? [],
            kafkaProperties: Object.fromEntries(
              Object.entries(kafka).map(([k, v]) => [k, String(v)]),
            ),
          });
          expect(Object.keys(definitionFiles(parsed))).toEqual(
            request.definitions
              ? Object.keys(request.definitions as Req)
              : [request.application],
          );
        }),
        settings(200),
      );
    },
    TEST_TIMEOUT_MS,
  );

  // Cases per kind; nesting 100,000 levels deep takes a while to build and parse.
  const runsOf = (category: string) =>
    ((
      { deepNesting: 40, aliasBombs: 60 } as Record<string, number | undefined>
    )[category] ?? 100);
  it.each(
    Object.entries(MUTATIONS).map(([c, m]) => [c, runsOf(c), m] as const),
  )(
    'one bad field, %s: an InputError naming it, quickly (%i generated)',
    (category, runs, mutations) => {
      expect.hasAssertions();
      fc.assert(
        fc.property(validRequest, mutations, (base, spoil) => {
          count(`bad: ${category}`);
          const bad = spoil.apply(base);
          expectRefusal(attempt(bad.request), bad.field, {
            boundHeap: spoil.boundHeap,
          });
        }),
        settings(runs, { examples: EXAMPLES[category] ?? [] }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  const deep = 'deep nesting anywhere in a definition';
  it(
    `${deep} is answered quickly: accepted, or refused naming the definition (60 generated)`,
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 50_000 }),
          fc.constantFrom('[', '{a: ', '- '),
          definitionParts,
          (depth, open, parts) => {
            count(deep);
            const close = { '[': ']', '{a: ': '}', '- ': '' }[open];
            const nested =
              open === '- '
                ? `\n${' '.repeat(6)}${open.repeat(depth)}x`
                : `${open.repeat(depth)}x${close!.repeat(depth)}`;
            const outcome = attempt({
              ...readmeDeployRequest,
              definition: definitionWith(parts, 'pipeline', nested),
            });
            expect({
              answer: answerTo(outcome, 'definition'),
              withinTime: outcome.ms < PARSE_BOUND_MS,
              withinHeap: outcome.heapGrowth < HEAP_BOUND_BYTES,
            }).toEqual({
              answer: expect.stringMatching(/^(accepted|refused naming it)$/),
              withinTime: true,
              withinHeap: true,
            });
          },
        ),
        // Found by this property: yaml's parser runs out of stack (no YAML error).
        settings(60, { examples: [[5_000, '- ', SOME_PARTS]] }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an alias bomb is refused for its size, not for where it sits (the same definition without it is accepted)',
    () => {
      expect.hasAssertions();
      fc.assert(
        fc.property(
          bombSize,
          fc.constantFrom(...BOMB_PLACES.filter(p => p !== 'unknown section')),
          definitionParts,
          ({ levels, fanout }, place, parts) => {
            count('alias bomb vs. harmless alias');
            expectAccepted(
              attempt({
                ...readmeDeployRequest,
                definition: definitionWith(
                  parts,
                  place,
                  '{a: &a [lol], b: *a}',
                ),
              }),
            );
            expectRefusal(
              attempt({
                ...readmeDeployRequest,
                definition: definitionWith(
                  parts,
                  place,
                  aliasBomb(levels, fanout),
                ),
              }),
              'definition',
              { boundHeap: true },
            );
          },
        ),
        settings(30),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------------------------

interface LimitCase {
  what: string;
  /** The field the refusal of `past` must name. */
  field(past: Req): string;
  at(base: Req): Req;
  past(base: Req): Req;
  [fc.toStringMethod](): string;
}

function limitCase(
  what: string,
  field: string | ((past: Req) => string),
  at: (base: Req) => Req,
  past: (base: Req) => Req,
): LimitCase {
  return {
    what,
    field: typeof field === 'string' ? () => field : field,
    at,
    past,
    [fc.toStringMethod]: () => what,
  };
}

/** `count` schemas in all: the request's, then small ones. */
function schemasUpTo(request: Req, total: number): Req {
  const schemas = schemasOf(request);
  return {
    ...request,
    schemas: [
      ...schemas,
      ...Array.from({ length: total - schemas.length }, (_, i) => ({
        schemaFileName: `n${i}.json`,
        schemaBody: '{}',
      })),
    ],
  };
}

const limitCases = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...APP_REF_FIELDS),
      labelOfLength(LABEL_MAX),
      labelOfLength(LABEL_MAX + 1),
    )
    .map(([field, at, past]) =>
      limitCase(
        `${field} of ${LABEL_MAX} / ${LABEL_MAX + 1} chars`,
        field,
        base => ({ ...base, [field]: at }),
        base => ({ ...base, [field]: past }),
      ),
    ),
  fc
    .tuple(
      definitionNameOfLength(DEFINITION_NAME_MAX),
      definitionNameOfLength(DEFINITION_NAME_MAX + 1),
      definitionText,
    )
    .map(([at, past, text]) => {
      const only = (base: Req, name: string) => {
        const { definition: _one, ...rest } = base;
        return { ...rest, definitions: { [name]: text } };
      };
      return limitCase(
        `a definitions key of ${DEFINITION_NAME_MAX} / ${
          DEFINITION_NAME_MAX + 1
        } chars`,
        formatFieldPath(['definitions', past]),
        base => only(base, at),
        base => only(base, past),
      );
    }),
  fc
    .tuple(fileNameOfLength(FILE_NAME_MAX), fileNameOfLength(FILE_NAME_MAX + 1))
    .map(([at, past]) => {
      const add = (base: Req, name: string) => ({
        ...base,
        schemas: [...schemasOf(base), { schemaFileName: name, schemaBody: '' }],
      });
      return limitCase(
        `a schema file name of ${FILE_NAME_MAX} / ${FILE_NAME_MAX + 1} chars`,
        request =>
          formatFieldPath([
            'schemas',
            schemasOf(request).length - 1,
            'schemaFileName',
          ]),
        base => add(base, at),
        base => add(base, past),
      );
    }),
  fc.constant(
    limitCase(
      `${SCHEMAS_MAX} / ${SCHEMAS_MAX + 1} schemas`,
      'schemas',
      base => schemasUpTo(base, SCHEMAS_MAX),
      base => schemasUpTo(base, SCHEMAS_MAX + 1),
    ),
  ),
  fc.constant(
    limitCase(
      `replicas ${MAX_REPLICAS} / ${MAX_REPLICAS + 1}`,
      'replicas',
      base => ({ ...base, replicas: MAX_REPLICAS }),
      base => ({ ...base, replicas: MAX_REPLICAS + 1 }),
    ),
  ),
  fc.constant(
    limitCase(
      'replicas 0 / -1',
      'replicas',
      base => ({ ...base, replicas: 0 }),
      base => ({ ...base, replicas: -1 }),
    ),
  ),
  fc
    .tuple(
      width,
      fc.constantFrom<'definition' | 'schema'>('definition', 'schema'),
      fc.nat(),
    )
    .map(([w, place, index]) => {
      const upTo = (base: Req, total: number) =>
        padContent(base, total - contentBytes(base), w, place, index);
      return limitCase(
        `definitions and schemas of ${MAX_CONFIGMAP_CONTENT_BYTES} / ${
          MAX_CONFIGMAP_CONTENT_BYTES + 1
        } bytes (${w}-byte characters, in a ${place})`,
        'definitions, schemas and Kafka properties take',
        base => upTo(base, MAX_CONFIGMAP_CONTENT_BYTES),
        base => upTo(base, MAX_CONFIGMAP_CONTENT_BYTES + 1),
      );
    }),
);

describe('deploy request limits', () => {
  const limits = 'at each limit accepted, one past refused naming the field';
  it(
    `${limits} (150 generated)`,
    () => {
      fc.assert(
        fc.property(validRequest, limitCases, (base, limit) => {
          count(limits);
          const at = limit.at(base);
          expect(contentBytes(at)).toBeLessThanOrEqual(
            MAX_CONFIGMAP_CONTENT_BYTES,
          );
          expectAccepted(attempt(at));
          const past = limit.past(base);
          expectRefusal(attempt(past), limit.field(past));
        }),
        settings(150),
      );
    },
    TEST_TIMEOUT_MS,
  );

  const combined = 'the combined release name';
  it(
    `${combined}: four labels that make ${MAX_RELEASE_NAME_LENGTH} or ${
      MAX_RELEASE_NAME_LENGTH + 1
    } characters, or any length up to 4 x ${LABEL_MAX}, are accepted and named within the limit (150 generated)`,
    () => {
      const suffix = '-ksml';
      // Three separators and the suffix; the rest is the four labels.
      const room = MAX_RELEASE_NAME_LENGTH - 3 - suffix.length;
      const lengths = fc.oneof(
        fc
          .tuple(
            fc.integer({ min: 1, max: 13 }),
            fc.integer({ min: 1, max: 13 }),
            fc.integer({ min: 1, max: 13 }),
            fc.constantFrom(0, 1),
          )
          .map(([a, b, c, past]) => [a, b, c, room + past - a - b - c]),
        fc.tuple(
          fc.integer({ min: 1, max: LABEL_MAX }),
          fc.integer({ min: 1, max: LABEL_MAX }),
          fc.integer({ min: 1, max: LABEL_MAX }),
          fc.integer({ min: 1, max: LABEL_MAX }),
        ),
        fc.constant([LABEL_MAX, LABEL_MAX, LABEL_MAX, LABEL_MAX]),
      );
      fc.assert(
        fc.property(
          lengths.chain(ls => fc.tuple(...ls.map(labelOfLength))),
          validRequest,
          (labels, base) => {
            count(combined);
            const ref = Object.fromEntries(
              APP_REF_FIELDS.map((field, i) => [field, labels[i]]),
            ) as Record<(typeof APP_REF_FIELDS)[number], string>;
            const parsed = expectAccepted(attempt({ ...base, ...ref }));
            const plain = `${labels.join('-')}${suffix}`;
            const name = releaseName(parsed);
            expect({
              withinLimit: name.length <= MAX_RELEASE_NAME_LENGTH,
              label: DNS_LABEL_PATTERN.test(name),
              suffix: name.endsWith(suffix),
              plainWhenItFits:
                plain.length <= MAX_RELEASE_NAME_LENGTH
                  ? name === plain
                  : name !== plain,
              stable: releaseName({ ...ref }) === name,
            }).toEqual({
              withinLimit: true,
              label: true,
              suffix: true,
              plainWhenItFits: true,
              stable: true,
            });
          },
        ),
        settings(150),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------------------------
// What the schema lets through today although the cluster or the runner cannot take it. These
// fail until the schema refuses them (found by the properties above; each names the rule).

describe('deploy request gaps', () => {
  it(
    `a storageClassName (a DNS subdomain) of ${STORAGE_CLASS_NAME_MAX} chars is accepted, longer ones refused naming it`,
    () => {
      expect.hasAssertions();
      const name = (length: number) =>
        fc
          .tuple(
            alnum,
            fc.string({ unit: labelChar, minLength: 1, maxLength: 16 }),
            alnum,
          )
          .map(([first, seed, last]) => first + fill(seed, length - 2) + last);
      fc.assert(
        fc.property(
          validRequest,
          name(STORAGE_CLASS_NAME_MAX),
          fc
            .integer({ min: STORAGE_CLASS_NAME_MAX + 1, max: 100_000 })
            .chain(name),
          (base, at, past) => {
            count('gap: storageClassName length');
            expectAccepted(
              attempt({
                ...base,
                storage: { size: '1Gi', storageClassName: at },
              }),
            );
            expectRefusal(
              attempt({
                ...base,
                storage: { size: '1Gi', storageClassName: past },
              }),
              'storage.storageClassName',
            );
          },
        ),
        settings(30, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a schema file name starting with '..' (Kubernetes refuses such ConfigMap keys) is refused naming it",
    () => {
      expect.hasAssertions();
      fc.assert(
        fc.property(
          validRequest,
          fc
            .stringMatching(/^[-._A-Za-z0-9]{0,20}$/)
            .map(rest => `..${rest}`)
            .filter(name => name !== '..'),
          (base, name) => {
            count("gap: '..' file names");
            const schemas = schemasOf(base);
            expectRefusal(
              attempt({
                ...base,
                schemas: [
                  ...schemas,
                  { schemaFileName: name, schemaBody: '{}' },
                ],
              }),
              formatFieldPath(['schemas', schemas.length, 'schemaFileName']),
            );
          },
        ),
        settings(30, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Kafka properties that take the runner ConfigMap past 1 MiB are refused',
    () => {
      fc.assert(
        fc.property(
          validRequest,
          fc.integer({ min: 0, max: MAX_CONFIGMAP_CONTENT_BYTES }),
          fc.integer({ min: 1, max: 200_000 }),
          (base, content, over) => {
            count('gap: Kafka properties in the ConfigMap');
            const padded =
              content > contentBytes(base)
                ? padContent(base, content - contentBytes(base), 1, 'schema', 0)
                : base;
            const kafkaBytes =
              CONFIGMAP_MAX_BYTES + over - contentBytes(padded);
            const request = {
              ...padded,
              kafkaProperties: {
                ...(padded.kafkaProperties as Req),
                'x.padding': 'v'.repeat(kafkaBytes),
              },
            };
            expect(JSON.stringify(request).length).toBeLessThan(
              BODY_LIMIT_BYTES,
            );
            const outcome = attempt(request);
            const report = {
              message: preview(outcome.error?.message),
              refused: outcome.error instanceof InputError,
              namesKafkaOrTheConfigMap: /kafkaProperties|ConfigMap/.test(
                outcome.error?.message ?? '',
              ),
            };
            expect(report).toEqual({
              ...report,
              refused: true,
              namesKafkaOrTheConfigMap: true,
            });
          },
        ),
        settings(20, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `bootstrap.servers: port ${PORT_MAX} is accepted, ports past it refused naming the property`,
    () => {
      expect.hasAssertions();
      fc.assert(
        fc.property(
          validRequest,
          host,
          fc.integer({ min: PORT_MAX + 1, max: 99_999 }),
          (base, name, port) => {
            count('gap: port range');
            const withServers = (servers: string) => ({
              ...base,
              kafkaProperties: {
                ...(base.kafkaProperties as Req),
                'bootstrap.servers': servers,
              },
            });
            expectAccepted(attempt(withServers(`${name}:${PORT_MAX}`)));
            expectRefusal(
              attempt(withServers(`${name}:${port}`)),
              formatFieldPath(['kafkaProperties', 'bootstrap.servers']),
            );
          },
        ),
        settings(30, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an empty definitions map is refused naming it (it would deploy a runner with nothing to run)',
    () => {
      fc.assert(
        fc.property(validRequest, base => {
          count('gap: empty definitions');
          const { definition: _one, ...rest } = base;
          const outcome = attempt({ ...rest, definitions: {} });
          expect(
            outcome.accepted ? 'accepted' : outcome.error?.message,
          ).toMatch(/^Invalid deploy request: definitions?:/);
        }),
        settings(10, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a definition named __proto__ in a JSON body is kept or refused, never dropped silently',
    () => {
      fc.assert(
        fc.property(validRequest, definitionText, (base, text) => {
          count('gap: __proto__ definition');
          const { definition: _one, definitions: _many, ...rest } = base;
          // As express.json parses it: an own property named __proto__.
          const body = JSON.parse(
            JSON.stringify({ ...rest, definitions: { ok: text } }).replace(
              '"definitions":{',
              // A function: a replacement string would read "$'" in the text as a pattern.
              () => `"definitions":{"__proto__":${JSON.stringify(text)},`,
            ),
          );
          const outcome = attempt(body);
          const answer = outcome.accepted
            ? `accepted with ${Object.keys(definitionFiles(outcome.accepted))
                .map(name => JSON.stringify(name))
                .join(', ')}`
            : outcome.error?.message;
          expect(answer).toMatch(
            /^(accepted with "__proto__", "ok"|accepted with "ok", "__proto__"|Invalid deploy request: definitions(\.__proto__)?[:.[])/,
          );
        }),
        settings(10, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a definition of many thousand keys (well under the size limit) is answered quickly',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 25_000, max: 28_000 }),
          fc.constantFrom('unknown sections', 'stores'),
          (keys, kind) => {
            count('gap: many keys');
            // Unknown top-level keys (refused), or that many stores (a sound definition).
            const definition =
              kind === 'stores'
                ? `stores:\n${Array.from(
                    { length: keys },
                    (_, i) => `  s${i}: x`,
                  ).join(
                    '\n',
                  )}\nstreams:\n  s: {topic: t, keyType: string, valueType: json}\npipelines:\n  p: {from: s, to: s}`
                : Array.from({ length: keys }, (_, i) => `k${i}: 1`).join('\n');
            const outcome = attempt({ ...readmeDeployRequest, definition });
            const report = {
              kind,
              bytes: definition.length,
              ms: Math.round(outcome.ms),
              withinTime: outcome.ms < PARSE_BOUND_MS,
            };
            expect(report).toEqual({ ...report, withinTime: true });
          },
        ),
        settings(3, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a definition of many undeclared references (well under the size limit) is answered quickly',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 1_300, max: 1_500 }), names => {
          count('gap: many references');
          const definition = `streams:\n${Array.from(
            { length: names },
            (_, i) =>
              `  stream_${i}: {topic: t, keyType: string, valueType: json}`,
          ).join('\n')}\npipelines:\n${Array.from(
            { length: names },
            (_, i) => `  p${i}: {from: stream_x${i}}`,
          ).join('\n')}\n`;
          const outcome = attempt({ ...readmeDeployRequest, definition });
          const report = {
            bytes: definition.length,
            ms: Math.round(outcome.ms),
            refused: outcome.error instanceof InputError,
            withinTime: outcome.ms < PARSE_BOUND_MS,
          };
          expect(report).toEqual({
            ...report,
            refused: true,
            withinTime: true,
          });
        }),
        settings(3, { endOnFailure: true }),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
