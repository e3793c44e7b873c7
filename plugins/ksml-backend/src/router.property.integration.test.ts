import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  DEPLOYMENT_MODES,
  DNS_LABEL_PATTERN,
  formatFieldPath,
  type KsmlManagedApp,
  MAX_CONFIGMAP_CONTENT_BYTES,
  MAX_REPLICAS,
  MAX_TAIL_LINES,
} from '@ksml-backstage/plugin-ksml-common';
import {
  propertySettings,
  readmeDeployRequest,
} from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  helmReleasesIn,
  loadTestbedEnv,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedEnv,
  TestbedKube,
} from '@ksml-backstage/testbed';
import fc from 'fast-check';
import type { Knex } from 'knex';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { ksmlPlugin } from './plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Integration, property-based: generated bad deploy bodies and bad query strings go through the
// real plugin in a test backend to the real test bed. Every answer must be a 4xx naming the
// field, quickly, and nothing may reach the cluster or the deploy history.

type Body = Record<string, unknown>;

/** The body limit of router.ts (`express.json({ limit: '2mb' })`). */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
const LABEL_MAX = 63;
const DEFINITION_NAME_MAX = 63;
const FILE_NAME_MAX = 253;
const SCHEMAS_MAX = 200;
const STORAGE_CLASS_NAME_MAX = 253;
const CONFIGMAP_MAX_BYTES = 1_048_576;
const PORT_MAX = 65_535;
/** One bad request may take this long, up to 2 MB sent and parsed included. */
const ANSWER_BOUND_MS = 5_000;
const TEST_TIMEOUT_MS = 60_000;

/** The app every bad body is about (unless the change is to the app's identity). */
const APP = 'prop-bad';
const BASE: Body = {
  ...readmeDeployRequest,
  environment: 'dev',
  application: APP,
};
const REF = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: APP,
};
const REF_FIELDS = [
  'tenant',
  'instance',
  'environment',
  'application',
] as const;
const TOP_FIELDS = [
  ...REF_FIELDS,
  'replicas',
  'definition',
  'definitions',
  'kafkaProperties',
  'schemas',
  'deploymentMode',
  'resources',
  'storage',
] as const;

/** How many generated cases ran, per property (printed after the file). */
const ran = new Map<string, number>();
const count = (what: string) => ran.set(what, (ran.get(what) ?? 0) + 1);
afterAll(() => {
  const total = [...ran.values()].reduce((sum, n) => sum + n, 0);
  // eslint-disable-next-line no-console
  console.log(
    `router properties ran ${total} generated cases:\n${[...ran]
      .map(([what, n]) => `  ${what}: ${n}`)
      .join('\n')}`,
  );
});

/**
 * A property fails (rather than passing on fewer cases) when it runs out of time; a failure
 * is replayed with KSML_FC_SEED and KSML_FC_PATH (propertySettings).
 */
function settings<T>(
  numRuns: number,
  extra: Partial<fc.Parameters<T>> = {},
): fc.Parameters<T> {
  return propertySettings(numRuns, 40_000, extra);
}

/** `field` (a path, or the words of a whole-request issue) is what an issue of the message is about. */
function namesField(message: string, field: string): boolean {
  for (
    let at = message.indexOf(field);
    at >= 0;
    at = message.indexOf(field, at + 1)
  ) {
    const before = message.slice(Math.max(0, at - 2), at);
    const after = message.charAt(at + field.length);
    if (
      (at === 0 || before === ': ' || before === '; ') &&
      ['', ':', '.', '[', ' ', ';', ','].includes(after)
    ) {
      return true;
    }
  }
  return false;
}

const preview = (text: string | undefined) =>
  text && text.length > 300
    ? `${text.slice(0, 300)}… (${text.length} chars)`
    : text;

const show = (value: unknown): string => {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : fc.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length})` : text;
};

/** `seed` repeated to exactly `length` characters. */
function fill(seed: string, length: number): string {
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const alnum = fc.constantFrom(...(LOWER + DIGITS));
const labelChar = fc.constantFrom(...`${LOWER}${DIGITS}-`);

/** A string of exactly `length` characters: a first character, then a repeated seed. */
function ofLength(
  length: number,
  first: fc.Arbitrary<string>,
  rest: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  return fc
    .tuple(first, fc.string({ unit: rest, minLength: 1, maxLength: 12 }))
    .map(([head, seed]) => head + fill(seed, length - 1));
}
const labelOfLength = (length: number) =>
  ofLength(length - 1, alnum, labelChar).chain(head =>
    alnum.map(last => head + last),
  );

// ---------------------------------------------------------------------------------------------
// Bad bodies, one field at a time.

interface BadBody {
  /** What the message must name: a field path, or the words of a whole-request issue. */
  field: string;
  /** The body; a string is sent as it is (JSON text). */
  body: Body | string;
  /** Bad for a deploy only (a render applies and keeps nothing). */
  deployOnly?: boolean;
  [fc.toStringMethod](): string;
}

function badBody(
  what: string,
  field: string,
  body: Body | string,
  options: { deployOnly?: boolean } = {},
): BadBody {
  return { field, body, ...options, [fc.toStringMethod]: () => what };
}

const withField = (field: string, value: unknown): Body => ({
  ...BASE,
  [field]: value,
});
const withKafka = (key: string, value: unknown): Body =>
  withField('kafkaProperties', {
    ...readmeDeployRequest.kafkaProperties,
    [key]: value,
  });
const withSchemas = (schemas: unknown[]): Body => withField('schemas', schemas);
const SCHEMA_0 = readmeDeployRequest.schemas[0];

/** Is `value` of the type `field` takes (so changing to it would not be a wrong type)? */
function isRightType(field: string, value: unknown): boolean {
  const plainObject =
    typeof value === 'object' && value !== null && !Array.isArray(value);
  switch (field) {
    case 'replicas':
      return typeof value === 'number';
    case 'definitions':
    case 'kafkaProperties':
    case 'resources':
    case 'storage':
      return plainObject;
    case 'schemas':
      return Array.isArray(value);
    case 'deploymentMode':
      return (DEPLOYMENT_MODES as readonly unknown[]).includes(value);
    default:
      return typeof value === 'string';
  }
}

const wrongType = fc
  .tuple(
    fc.constantFrom(...TOP_FIELDS),
    fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string(), {
        minKeys: 1,
        maxKeys: 2,
      }),
      fc.string({ maxLength: 12 }),
    ),
  )
  .filter(([field, value]) => !isRightType(field, value))
  .map(([field, value]) =>
    badBody(`${field} = ${show(value)}`, field, withField(field, value)),
  );

const missing = fc.oneof(
  fc.constantFrom(...REF_FIELDS, 'kafkaProperties').map(field => {
    const { [field]: _gone, ...rest } = BASE;
    return badBody(`no ${field}`, field, rest);
  }),
  fc
    .constantFrom(...REF_FIELDS, 'definition')
    .map(field => badBody(`${field} empty`, field, withField(field, ''))),
  fc.constant(
    badBody('no definition', 'definition', withField('definition', undefined)),
  ),
  fc.constant(
    badBody(
      'no bootstrap.servers',
      'kafkaProperties',
      withField('kafkaProperties', { 'application.id': 'x' }),
    ),
  ),
  fc
    .constantFrom('schemaFileName', 'schemaBody')
    .map(key =>
      badBody(
        `schemas[0] without ${key}`,
        `schemas[0].${key}`,
        withSchemas([
          { [key === 'schemaBody' ? 'schemaFileName' : 'schemaBody']: 'x' },
        ]),
      ),
    ),
);

const hugeLength = fc.oneof(
  fc.integer({ min: 64, max: 10_000 }),
  fc.integer({ min: 10_000, max: 1_000_000 }),
);
const hugeStrings = fc.oneof(
  fc
    .tuple(fc.constantFrom(...REF_FIELDS), hugeLength)
    .chain(([field, length]) =>
      labelOfLength(length).map(value =>
        badBody(`${field} of ${length} chars`, field, withField(field, value)),
      ),
    ),
  fc
    .integer({ min: FILE_NAME_MAX + 1, max: 1_000_000 })
    .chain(length =>
      ofLength(length, alnum, fc.constantFrom(...`${LOWER}._-`)).map(name =>
        badBody(
          `a schema file name of ${length} chars`,
          'schemas[0].schemaFileName',
          withSchemas([{ ...SCHEMA_0, schemaFileName: name }]),
        ),
      ),
    ),
  fc.integer({ min: DEFINITION_NAME_MAX + 1, max: 100_000 }).chain(length =>
    ofLength(length, alnum, fc.constantFrom(...`${LOWER}_-`)).map(name =>
      badBody(
        `a definitions key of ${length} chars`,
        formatFieldPath(['definitions', name]),
        {
          ...BASE,
          definition: undefined,
          definitions: { [name]: readmeDeployRequest.definition },
        },
      ),
    ),
  ),
);

/** Characters never in a DNS label. */
const strangeChar = fc.oneof(
  fc.constantFrom(
    'A',
    '_',
    '.',
    '/',
    ' ',
    '%',
    "'",
    ';',
    '$',
    '\u0000',
    '\n',
    '\u007f',
    '\u0085',
    'é',
    '\u0430',
    '\uff41',
    '\u200b',
    '\u202e',
    '\u2028',
    '\ud800',
    '😀',
  ),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
    .filter(c => !/^[a-z0-9-]$/.test(c)),
);
const c0Control = fc
  .integer({ min: 0, max: 0x20 })
  .map(code => String.fromCharCode(code === 0x20 ? 0x7f : code));

const unicodeAndControl = fc.oneof(
  fc
    .tuple(fc.constantFrom(...REF_FIELDS), strangeChar, fc.nat())
    .map(([field, char, position]) => {
      const value = REF[field];
      const at = position % (value.length + 1);
      const spoilt = value.slice(0, at) + char + value.slice(at);
      return badBody(
        `${field} = ${show(spoilt)}`,
        field,
        withField(field, spoilt),
      );
    }),
  fc.tuple(c0Control, fc.boolean()).map(([char, inKey]) => {
    const key = inKey ? `linger${char}ms` : 'linger.ms';
    return badBody(
      `kafkaProperties[${show(key)}] with a control character`,
      formatFieldPath(['kafkaProperties', key]),
      withKafka(key, inKey ? '5' : `5${char}0`),
    );
  }),
);

const onePast = fc.oneof(
  fc
    .tuple(fc.constantFrom(...REF_FIELDS), labelOfLength(LABEL_MAX + 1))
    .map(([field, value]) =>
      badBody(
        `${field} of ${LABEL_MAX + 1} chars`,
        field,
        withField(field, value),
      ),
    ),
  ofLength(
    DEFINITION_NAME_MAX + 1,
    alnum,
    fc.constantFrom(...`${LOWER}_-`),
  ).map(name =>
    badBody(
      `a definitions key of ${DEFINITION_NAME_MAX + 1} chars`,
      formatFieldPath(['definitions', name]),
      {
        ...BASE,
        definition: undefined,
        definitions: { [name]: readmeDeployRequest.definition },
      },
    ),
  ),
  ofLength(FILE_NAME_MAX + 1, alnum, fc.constantFrom(...`${LOWER}._-`)).map(
    name =>
      badBody(
        `a schema file name of ${FILE_NAME_MAX + 1} chars`,
        'schemas[0].schemaFileName',
        withSchemas([{ ...SCHEMA_0, schemaFileName: name }]),
      ),
  ),
  fc.constant(
    badBody(
      `${SCHEMAS_MAX + 1} schemas`,
      'schemas',
      withSchemas(
        Array.from({ length: SCHEMAS_MAX + 1 }, (_, i) => ({
          schemaFileName: `s${i}.json`,
          schemaBody: '{}',
        })),
      ),
    ),
  ),
  fc
    .constantFrom(MAX_REPLICAS + 1, -1)
    .map(replicas =>
      badBody(
        `replicas ${replicas}`,
        'replicas',
        withField('replicas', replicas),
      ),
    ),
  fc.constant(
    badBody(
      `definitions and schemas of ${MAX_CONFIGMAP_CONTENT_BYTES + 1} bytes`,
      'definitions, schemas and Kafka properties take',
      withSchemas([
        {
          schemaFileName: 'big.avsc',
          schemaBody: 'x'.repeat(
            MAX_CONFIGMAP_CONTENT_BYTES +
              1 -
              Buffer.byteLength(readmeDeployRequest.definition),
          ),
        },
      ]),
    ),
  ),
);

const badReplicas = fc
  .oneof(
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
    fc.integer({ min: MAX_REPLICAS + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(1e21, 1e308, 0.5, -0.000001),
    fc
      .double({ min: -100, max: 100, noNaN: true })
      .filter(x => !Number.isInteger(x)),
  )
  .map(replicas =>
    badBody(
      `replicas ${replicas}`,
      'replicas',
      withField('replicas', replicas),
    ),
  );

const BLOCK_DEFINITION = [
  'streams:',
  '  s:',
  '    topic: t',
  '    keyType: string',
  '    valueType: json',
  'pipelines:',
  '  p:',
  '    from: s',
  '    to: s',
].join('\n');
const invalidYaml = fc
  .tuple(
    fc.constantFrom(
      `${BLOCK_DEFINITION}\nstores: [`,
      `${BLOCK_DEFINITION}\ndescription: "unclosed`,
      BLOCK_DEFINITION.replace('\n  s:', '\n\ts:'),
      `${BLOCK_DEFINITION}\npipelines: {}`,
      `${BLOCK_DEFINITION}\n---\n${BLOCK_DEFINITION}`,
      `${BLOCK_DEFINITION}\ndescription: *nowhere`,
      `${BLOCK_DEFINITION}\nsensors:\n  x: 1`,
      BLOCK_DEFINITION.replace('from: s', 'from: s_missing'),
      BLOCK_DEFINITION.replace('    from: s\n', ''),
      '- a\n- b',
      '42',
      'null',
      '{',
    ),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
  .map(([text, junk]) => {
    const definition = text === '{' ? `{${junk.replace(/[\]}]/g, '')}` : text;
    return badBody(
      `definition ${show(definition.slice(-40))}`,
      'definition',
      withField('definition', definition),
    );
  });

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
const aliasBombs = fc
  .tuple(
    fc.integer({ min: 6, max: 12 }),
    fc.integer({ min: 10, max: 16 }),
    fc.constantFrom('description', 'stores:\n  st', 'laughs'),
  )
  .map(([levels, fanout, key]) =>
    badBody(
      `alias bomb ${fanout}^${levels} at ${key.split(':')[0]}`,
      'definition',
      withField(
        'definition',
        `${BLOCK_DEFINITION}\n${key}: ${aliasBomb(levels, fanout)}`,
      ),
    ),
  );

/** Found by these properties: yaml's parser runs out of stack on it (no YAML error). */
const blockListsInAFlowList = (depth: number) => `[\n${'- '.repeat(depth)}x]`;

const deepNesting = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        (d: number) =>
          `streams:\n  s: {topic: t, keyType: string, valueType: json}\npipelines: ${'['.repeat(
            d,
          )}${']'.repeat(d)}`,
        (d: number) =>
          `${BLOCK_DEFINITION}\ndeep: ${'{a: '.repeat(d)}1${'}'.repeat(d)}`,
        (d: number) => `${BLOCK_DEFINITION}\ndescription: ${'[{a: '.repeat(d)}`,
        blockListsInAFlowList,
      ),
      fc.integer({ min: 500, max: 100_000 }),
    )
    .map(([make, depth]) =>
      badBody(
        `definition nested ${depth} deep: ${show(make(3))}`,
        'definition',
        withField('definition', make(depth)),
      ),
    ),
  fc
    .tuple(
      fc.constantFrom(...TOP_FIELDS),
      fc.constantFrom('[', '{"a":'),
      fc.integer({ min: 100, max: 100_000 }),
    )
    .map(([field, open, depth]) => {
      const close = open === '[' ? ']' : '}';
      // Built as text: the client's JSON.stringify would itself run out of stack.
      const text = JSON.stringify({ ...BASE, [field]: 0 }).replace(
        `"${field}":0`,
        `"${field}":${open.repeat(depth)}1${close.repeat(depth)}`,
      );
      return badBody(`${field} nested ${depth} deep in ${open}`, field, text);
    }),
);

const pathLikeName = fc
  .constantFrom(
    '../SensorData.avsc',
    '../../etc/passwd',
    'dir/a.avsc',
    '/a.avsc',
    '/etc/passwd',
    'a.avsc/',
    '..\\a.avsc',
    'a\u0000.avsc',
    '\u0000',
    '.',
    '..',
    ' a.avsc',
    'a.avsc\n',
    '%2e%2e%2fa.avsc',
    'a\u2215b.avsc',
    'C:\\a.avsc',
    '~/a.avsc',
    '*.avsc',
    '$(id).avsc',
    'a;rm -rf',
    'é.avsc',
    '',
  )
  .map(name =>
    badBody(
      `schemaFileName ${show(name)}`,
      'schemas[0].schemaFileName',
      withSchemas([{ ...SCHEMA_0, schemaFileName: name }]),
    ),
  );

const thousandsOfSchemas = fc
  .integer({ min: SCHEMAS_MAX + 1, max: 20_000 })
  .map(n =>
    badBody(
      `${n} schemas`,
      'schemas',
      withSchemas(
        Array.from({ length: n }, (_, i) => ({
          schemaFileName: `s${i}.json`,
          schemaBody: '{}',
        })),
      ),
    ),
  );

const WIDE = ['x', 'é', '€', '😀'];
const pastTotal = fc
  .tuple(
    fc.integer({ min: 1, max: 900_000 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 8 }),
  )
  .map(([over, width, parts]) => {
    const bytes =
      MAX_CONFIGMAP_CONTENT_BYTES +
      over -
      Buffer.byteLength(readmeDeployRequest.definition);
    const each = Math.ceil(bytes / parts / width);
    return badBody(
      `${over} bytes over the limit in ${parts} schemas of ${width}-byte characters`,
      'definitions, schemas and Kafka properties take',
      withSchemas(
        Array.from({ length: parts }, (_, i) => ({
          schemaFileName: `big-${i}.json`,
          schemaBody: WIDE[width - 1].repeat(each),
        })),
      ),
    );
  });

const unknownFields = fc
  .tuple(
    fc.oneof(
      {
        weight: 9,
        arbitrary: fc
          .stringMatching(/^[A-Za-z0-9_.-]{1,30}$/)
          .filter(key => !(TOP_FIELDS as readonly string[]).includes(key)),
      },
      // A key the generator above also makes, now and then: JSON.parse makes it an own key,
      // and it is refused with its own reason (parseInput), at its path.
      { weight: 1, arbitrary: fc.constant('__proto__') },
    ),
    fc.constantFrom('', 'schemas[0]', 'resources', 'storage'),
  )
  .map(([key, where]) => {
    const unknown = `unknown field ${JSON.stringify(key)}`;
    const bodies: Record<string, Body> = {
      '': withField(key, 1),
      'schemas[0]': withSchemas([{ ...SCHEMA_0, [key]: 1 }]),
      resources: withField('resources', { [key]: 1 }),
      storage: withField('storage', { size: '1Gi', [key]: 1 }),
    };
    let field = where ? `${where}: ${unknown}` : unknown;
    if (key === '__proto__') {
      field = `${
        where ? `${where}.` : ''
      }__proto__: "__proto__" is not allowed as a name`;
    }
    return badBody(`${where || 'top'}: ${key}`, field, bodies[where]);
  });

const badBootstrapServers = fc
  .constantFrom(
    'broker',
    'broker:',
    ':9092',
    'broker:port',
    'broker:123456',
    'broker:9092;other:9092',
    'broker:9092,',
    'brökér:9092',
    "broker:9092'; DROP",
    '$(id):9092',
  )
  .map(servers =>
    badBody(
      `bootstrap.servers ${show(servers)}`,
      formatFieldPath(['kafkaProperties', 'bootstrap.servers']),
      withKafka('bootstrap.servers', servers),
    ),
  );

/** What only the backend and the chart module know to refuse. */
const backendRefusals = fc.oneof(
  fc
    .stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/)
    .filter(env => env !== 'dev' && env !== 'stag')
    .map(environment =>
      badBody(
        `environment ${environment} not configured`,
        'environment',
        withField('environment', environment),
      ),
    ),
  fc
    .constantFrom('ksml-runner.yaml', 'ksml-metrics-config.yml')
    .map(name =>
      badBody(
        `schema named ${name}`,
        'schemas[0].schemaFileName',
        withSchemas([{ schemaFileName: name, schemaBody: '{}' }]),
      ),
    ),
  fc.constant(
    badBody(
      "application 'ksml-runner' (its definition file is the chart's)",
      'application',
      withField('application', 'ksml-runner'),
    ),
  ),
  fc
    .constantFrom(
      'group.instance.id',
      'config.providers',
      'config.providers.env.class',
    )
    .map(key =>
      badBody(
        `kafkaProperties[${key}]`,
        formatFieldPath(['kafkaProperties', key]),
        withKafka(key, 'x'),
      ),
    ),
  fc.constantFrom('sasl.jaas.config', 'ssl.truststore.password').map(key =>
    badBody(
      `kafkaProperties[${key}] = ***`,
      formatFieldPath(['kafkaProperties', key]),
      withKafka(key, '***'),
      // A render never holds secret values, so the redaction marker does no harm there.
      { deployOnly: true },
    ),
  ),
  fc
    .constantFrom('my/ssl.key.password', 'a b.password', 'x:y.token')
    .map(key =>
      badBody(
        `secret property named ${show(key)}`,
        formatFieldPath(['kafkaProperties', key]),
        withKafka(key, 'secret'),
      ),
    ),
  fc.constant(
    badBody('storage with deploymentMode Job', 'storage', {
      ...BASE,
      deploymentMode: 'Job',
      storage: { size: '1Gi' },
    }),
  ),
);

const BAD_BODIES = {
  wrongType,
  missing,
  hugeStrings,
  unicodeAndControl,
  onePast,
  badReplicas,
  invalidYaml,
  aliasBombs,
  deepNesting,
  pathLikeName,
  thousandsOfSchemas,
  pastTotal,
  unknownFields,
  badBootstrapServers,
  backendRefusals,
};

/** Cases found before, always run first. */
const EXAMPLES: Record<string, Array<[BadBody, string]>> = {
  deepNesting: [
    [
      badBody(
        'definition of block lists 5,000 deep inside a flow list',
        'definition',
        withField('definition', blockListsInAFlowList(5_000)),
      ),
      'render',
    ],
  ],
};

// ---------------------------------------------------------------------------------------------
// Bad query strings, one parameter at a time.

type Pair = [string, string];

interface Route {
  method: 'get' | 'delete';
  path: string;
  /** The route's own parameters, each with a valid value. */
  own: Pair[];
}
const LOGS: Pair[] = [
  ['tailLines', '5'],
  ['previous', 'false'],
];
/** Every route of router.ts that reads a query. */
const ROUTES: Route[] = [
  { method: 'get', path: 'status', own: [] },
  { method: 'get', path: 'logs', own: LOGS },
  { method: 'get', path: 'logs/follow', own: LOGS },
  { method: 'get', path: 'metrics', own: [['deploymentMode', 'StatefulSet']] },
  { method: 'get', path: 'history', own: [] },
  { method: 'get', path: 'revisions', own: [] },
  { method: 'get', path: 'events', own: [] },
  { method: 'delete', path: 'deploy', own: [['deleteStorage', 'false']] },
];

interface BadQuery {
  route: Route;
  /** The query string as sent (already encoded). */
  query: string;
  field: string;
  [fc.toStringMethod](): string;
}

/** The route's valid query as encoded pairs. */
const validPairs = (route: Route): Pair[] =>
  [...Object.entries(REF), ...route.own].map(([key, value]) => [
    key,
    encodeURIComponent(value),
  ]);

/** A change to the pairs of a query that spoils parameter `field`. */
interface QueryChange {
  what: string;
  change(pairs: Pair[], field: string): Pair[];
}
const replace = (pairs: Pair[], field: string, ...by: Pair[]): Pair[] => {
  const at = pairs.findIndex(([key]) => key === field);
  return [...pairs.slice(0, at), ...by, ...pairs.slice(at + 1)];
};
const setTo = (value: string, raw = false): QueryChange => ({
  what: `= ${show(value)}${raw ? ' (raw)' : ''}`,
  change: (pairs, field) =>
    replace(pairs, field, [field, raw ? value : encodeURIComponent(value)]),
});

const isLabel = (value: string) =>
  value.length <= LABEL_MAX && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
const INJECTIONS = [
  "'; DROP TABLE ksml_deployments;--",
  "' OR '1'='1",
  '../../etc/passwd',
  'dev/../prod',
  '$(id)',
  '`id`',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'a\r\nSet-Cookie: x=y',
  '\u0000',
  'dizzl\u0000',
  'a;b',
  'a b',
  'Dizzl',
  '*',
  '%',
  '😀',
  'ｄｅｖ',
];
/** Already encoded: percent-escapes that decode to something odd, or do not decode at all. */
const RAW_INJECTIONS = [
  '%00',
  'dizzl%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%2e%2e%2f',
  '..%2F..%2Fetc',
  '%27%3B%20DROP%20TABLE%20ksml_deployments%3B--',
  '%24(id)',
  '%0d%0aSet-Cookie:%20x=y',
];

const refChanges = (field: string, route: Route): fc.Arbitrary<QueryChange> =>
  fc.oneof(
    fc.constant<QueryChange>({
      what: 'missing',
      change: (pairs, f) => pairs.filter(([key]) => key !== f),
    }),
    fc
      .tuple(
        fc.constantFrom(REF[field as keyof typeof REF], 'other'),
        fc.boolean(),
      )
      .map(([second, bracket]) => ({
        what: `repeated${bracket ? ' as f[]' : ''} (then ${second})`,
        change: (pairs: Pair[], f: string) => {
          const value = pairs.find(([key]) => key === f)![1];
          const key = bracket ? `${f}[]` : f;
          return replace(pairs, f, [key, value], [key, second]);
        },
      })),
    fc.constantFrom('[x]', '[0]', '[]', '[__proto__]').map(suffix => ({
      what: `as ${field}${suffix}`,
      change: (pairs: Pair[], f: string) => {
        const value = pairs.find(([key]) => key === f)![1];
        return replace(pairs, f, [`${f}${suffix}`, value]);
      },
    })),
    fc.constant(setTo('')),
    fc.constantFrom(...INJECTIONS).map(value => setTo(value)),
    fc.constantFrom(...RAW_INJECTIONS).map(value => setTo(value, true)),
    fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .filter(value => !isLabel(value))
      .map(value => setTo(value)),
    fc.integer({ min: LABEL_MAX + 1, max: 7_000 }).map(length => ({
      ...setTo('a'.repeat(length)),
      what: `${length} chars`,
    })),
    fc.constantFrom('__proto__', 'constructor[prototype]').map(prefix => ({
      what: `only as ${prefix}[${field}]`,
      change: (pairs: Pair[], f: string) => {
        const value = pairs.find(([key]) => key === f)![1];
        return replace(pairs, f, [`${prefix}[${f}]`, value]);
      },
    })),
    // GET /history reads the database only: it answers (empty) for an environment not
    // configured, e.g. one removed from the config, so only the other routes refuse it.
    ...(field === 'environment' && route.path !== 'history'
      ? [
          fc
            .stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/)
            .filter(env => env !== 'dev' && env !== 'stag')
            .map(env => ({
              ...setTo(env),
              what: `= ${env} (not configured)`,
            })),
        ]
      : []),
  );

const isValidTailLines = (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_TAIL_LINES;
};
const badBoolean = fc
  .oneof(
    fc.constantFrom(
      'TRUE',
      'True',
      '1',
      '0',
      'yes',
      'on',
      '',
      ' true',
      'false ',
    ),
    fc.string({ maxLength: 8 }),
  )
  .filter(value => value !== 'true' && value !== 'false')
  .map(value => setTo(value));
const ownChanges: Record<string, fc.Arbitrary<QueryChange>> = {
  tailLines: fc
    .oneof(
      fc.integer({ min: -1e9, max: 0 }).map(String),
      fc.integer({ min: MAX_TAIL_LINES + 1, max: 1e12 }).map(String),
      fc
        .double({ min: -1e6, max: 1e6, noNaN: true })
        .filter(x => !Number.isInteger(x))
        .map(String),
      fc.constantFrom(
        'abc',
        'NaN',
        'Infinity',
        '1e309',
        '',
        '--1',
        '1,000',
        '١٠',
        '5abc',
        "5'; DROP TABLE x;--",
        '$(id)',
      ),
      fc.string({ maxLength: 8 }),
    )
    .filter(value => !isValidTailLines(value))
    .map(value => setTo(value)),
  deleteStorage: badBoolean,
  previous: badBoolean,
  deploymentMode: fc
    .oneof(
      fc.constantFrom('statefulset', 'job', 'Deployment', '', 'Job\u0000'),
      fc.string({ maxLength: 12 }),
    )
    .filter(value => !(DEPLOYMENT_MODES as readonly string[]).includes(value))
    .map(value => setTo(value)),
};
const repeatedOwn: fc.Arbitrary<QueryChange> = fc.constant({
  what: 'repeated',
  change: (pairs, f) => {
    const value = pairs.find(([key]) => key === f)![1];
    return replace(pairs, f, [f, value], [f, value]);
  },
});

const badQueries: fc.Arbitrary<BadQuery> = fc
  .constantFrom(...ROUTES)
  .chain(route =>
    fc
      .constantFrom(...REF_FIELDS, ...route.own.map(([key]) => key))
      .chain(field =>
        fc.tuple(
          fc.constant(route),
          fc.constant(field),
          (REF_FIELDS as readonly string[]).includes(field)
            ? refChanges(field, route)
            : fc.oneof(ownChanges[field], repeatedOwn),
        ),
      ),
  )
  .map(([route, field, change]) => ({
    route,
    field,
    query: change
      .change(validPairs(route), field)
      .map(([key, value]) => `${key}=${value}`)
      .join('&'),
    [fc.toStringMethod]: () =>
      `${route.method.toUpperCase()} /${route.path}: ${field} ${change.what}`,
  }));

// ---------------------------------------------------------------------------------------------

describe('bad input through the real backend (property-based)', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let devNs: string;
  let gapNs: string;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: http.Server;
  let devBefore: Record<string, string[]>;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  /** The names of what lives in a namespace: Helm releases and the objects a deploy makes. */
  const objectsIn = async (namespace: string) => {
    const names = (list: { items: Array<{ metadata?: { name?: string } }> }) =>
      list.items.map(item => item.metadata?.name ?? '').sort();
    return {
      helmReleases: await helmReleasesIn(env, namespace),
      configMaps: names(await kube.core.listNamespacedConfigMap({ namespace })),
      secrets: names(await kube.core.listNamespacedSecret({ namespace })),
      statefulSets: names(
        await kube.apps.listNamespacedStatefulSet({ namespace }),
      ),
      jobs: names(await kube.batch.listNamespacedJob({ namespace })),
      claims: names(
        await kube.core.listNamespacedPersistentVolumeClaim({ namespace }),
      ),
    };
  };
  /** Deploy history rows, all or of one app. */
  const historyRows = async (where: Record<string, string>) => {
    const [row] = await knex('ksml_deployments').where(where).count({ n: '*' });
    return Number(row.n);
  };

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    devNs = await createTestNamespace(kube, 'prop-dev');
    gapNs = await createTestNamespace(kube, 'prop-gap');
    knex = await databases.init('SQLITE_3');
    backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary, timeoutSeconds: 60 },
              cluster: testbedClusterConfig(env),
              environments: {
                dev: { namespace: devNs },
                stag: { namespace: gapNs },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    devBefore = await objectsIn(devNs);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    for (const name of [devNs, gapNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
  }, 60_000);

  interface Answer {
    status: number;
    error?: string;
    message: string;
    ms: number;
  }
  const answerOf = async (pending: request.Test): Promise<Answer> => {
    const started = performance.now();
    const res = await pending;
    return {
      status: res.status,
      error: res.body?.error?.name,
      message: String(res.body?.error?.message ?? res.text ?? ''),
      ms: performance.now() - started,
    };
  };
  const post = (route: string, body: Body | string) => {
    const pending = request(server)
      .post(`/api/ksml/${route}`)
      .set('content-type', 'application/json');
    return answerOf(
      pending.send(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  };

  /** A 4xx naming the field, in time, and no deploy history added by the request. */
  const expectRefusal = async (send: () => Promise<Answer>, field: string) => {
    const rowsBefore = await historyRows({});
    const answer = await send();
    const report = {
      status: answer.status,
      error: answer.error,
      message: preview(answer.message),
      is4xx: answer.status >= 400 && answer.status < 500,
      namesField: namesField(answer.message, field),
      ms: Math.round(answer.ms),
      withinTime: answer.ms < ANSWER_BOUND_MS,
      historyRowsAdded: (await historyRows({})) - rowsBefore,
    };
    expect(report).toEqual({
      ...report,
      is4xx: true,
      namesField: true,
      withinTime: true,
      historyRowsAdded: 0,
    });
  };

  describe('bad deploy and render bodies: 4xx naming the field, nothing applied', () => {
    it.each(Object.entries(BAD_BODIES))(
      '%s (12 generated, to /deploy or /render)',
      async (category, bodies) => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(
            bodies,
            fc.constantFrom('deploy', 'render'),
            async (bad, route) => {
              count(`body: ${category}`);
              await expectRefusal(
                () => post(bad.deployOnly ? 'deploy' : route, bad.body),
                bad.field,
              );
            },
          ),
          settings(12, { examples: EXAMPLES[category] ?? [] }),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it.each([
      ['a JSON array', 'application/json', '[]'],
      ['a JSON string', 'application/json', '"x"'],
      ['a JSON number', 'application/json', '42'],
      ['JSON null', 'application/json', 'null'],
      ['cut-off JSON', 'application/json', '{"tenant":'],
      ['not JSON', 'application/json', '{tenant: dizzl}'],
      ['an empty body', 'application/json', ''],
      [
        'a body of 100,000 nested arrays',
        'application/json',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      ],
    ])(
      '%s: a 400 about the body',
      async (_what, type, text) => {
        count('body: not an object');
        const rowsBefore = await historyRows({});
        const answer = await answerOf(
          request(server)
            .post('/api/ksml/deploy')
            .set('content-type', type)
            .send(text),
        );
        const report = {
          status: answer.status,
          message: preview(answer.message),
          historyRowsAdded: (await historyRows({})) - rowsBefore,
        };
        expect(report).toEqual({ ...report, status: 400, historyRowsAdded: 0 });
      },
      TEST_TIMEOUT_MS,
    );

    it.each([
      ['text/plain', JSON.stringify(BASE)],
      [
        'application/x-www-form-urlencoded',
        new URLSearchParams(REF).toString(),
      ],
    ])(
      'a body sent as %s is not read: 400 naming the first required field',
      async (type, text) => {
        expect.hasAssertions();
        count('body: other content types');
        await expectRefusal(
          () =>
            answerOf(
              request(server)
                .post('/api/ksml/deploy')
                .set('content-type', type)
                .send(text),
            ),
          'tenant',
        );
      },
      TEST_TIMEOUT_MS,
    );
  });

  describe('bad query strings on every route that takes one: 4xx naming the parameter', () => {
    it(
      'GET /status, /logs, /logs/follow, /metrics, /history, /revisions, /events and DELETE /deploy (200 generated)',
      async () => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(badQueries, async bad => {
            count(`query: ${bad.route.path}`);
            const url = `/api/ksml/${bad.route.path}?${bad.query}`;
            await expectRefusal(
              () =>
                answerOf(
                  bad.route.method === 'get'
                    ? request(server).get(url)
                    : request(server).delete(url),
                ),
              bad.field,
            );
          }),
          settings(200),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'GET /apps: tenant, instance and application narrow the list, an unusable one is a 400 naming it, other parameters are ignored (30 generated)',
      async () => {
        const FILTERS = ['tenant', 'instance', 'application'] as const;
        const usable = (value: string) =>
          value.length <= 63 && DNS_LABEL_PATTERN.test(value);
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(
              fc.tuple(
                fc.constantFrom(...FILTERS, 'limit', 'namespace'),
                fc.oneof(
                  fc.constantFrom(
                    REF.tenant,
                    REF.instance,
                    REF.application,
                    'another-app',
                    ...INJECTIONS,
                  ),
                  fc.string({ maxLength: 20 }),
                ),
              ),
              { maxLength: 4, selector: ([key]) => key },
            ),
            async pairs => {
              count('query: apps');
              const query = pairs
                .map(
                  ([k, v]) =>
                    `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
                )
                .join('&');
              const url = `/api/ksml/apps?${query}`;
              const filter = pairs.filter(([key]) =>
                (FILTERS as readonly string[]).includes(key),
              );
              const unusable = filter.find(([, value]) => !usable(value));
              if (unusable) {
                await expectRefusal(
                  () => answerOf(request(server).get(url)),
                  unusable[0],
                );
                return;
              }
              const all = await request(server).get('/api/ksml/apps');
              const res = await request(server).get(url);
              const matching = (all.body.items as KsmlManagedApp[]).filter(
                item =>
                  filter.every(
                    ([key, value]) =>
                      item.ref[key as (typeof FILTERS)[number]] === value,
                  ),
              );
              expect({ status: res.status, items: res.body.items }).toEqual({
                status: 200,
                items: matching,
              });
            },
          ),
          settings(30),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a query past the server header limit is refused with a 4xx, not a 5xx',
      async () => {
        const res = await request(server).get(
          `/api/ksml/status?${new URLSearchParams({
            ...REF,
            tenant: 'a'.repeat(20_000),
          })}`,
        );
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      },
      TEST_TIMEOUT_MS,
    );
  });

  it(
    'after all of it, the cluster and the deploy history are as they were',
    async () => {
      const apps = await request(server).get('/api/ksml/apps');
      const history = await request(server).get(
        `/api/ksml/history?${new URLSearchParams(REF)}`,
      );
      expect({
        dev: await objectsIn(devNs),
        historyRows: await historyRows({}),
        apps: apps.body,
        history: history.body,
      }).toEqual({
        dev: { ...devBefore, helmReleases: [] },
        historyRows: 0,
        apps: { items: [] },
        history: { items: [] },
      });
    },
    TEST_TIMEOUT_MS,
  );

  describe('bodies over the 2 MB limit: 413, before the body is read', () => {
    /**
     * Posts to /deploy with node's own client (supertest re-encodes gzip bodies): the status
     * of the answer, or none within `waitMs`. Without `end` the rest of the body never comes.
     */
    const rawPost = (options: {
      headers: Record<string, string | number>;
      chunks: Buffer[];
      end: boolean;
      waitMs: number;
    }) =>
      new Promise<{ status: number | string; ms: number }>(resolve => {
        const started = performance.now();
        const req = http.request({
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          method: 'POST',
          path: '/api/ksml/deploy',
          headers: options.headers,
        });
        const finish = (status: number | string) => {
          req.destroy();
          resolve({ status, ms: Math.round(performance.now() - started) });
        };
        const timer = setTimeout(
          () => finish(`no answer within ${options.waitMs} ms`),
          options.waitMs,
        );
        req.on('response', res => {
          clearTimeout(timer);
          finish(res.statusCode ?? 'no status');
        });
        req.on('error', error => {
          clearTimeout(timer);
          finish(`error: ${error.message}`);
        });
        for (const chunk of options.chunks) req.write(chunk);
        if (options.end) req.end();
      });
    const json = { 'content-type': 'application/json' };
    const MB = 1024 * 1024;

    it(
      'a 3 MB body is refused with 413, quickly',
      async () => {
        const answer = await post('deploy', {
          ...BASE,
          definition: `# ${'x'.repeat(3 * MB)}`,
        });
        expect({ status: answer.status, fast: answer.ms < 2_000 }).toEqual({
          status: 413,
          fast: true,
        });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a 50 MB body is refused with 413, quickly',
      async () => {
        const body = Buffer.alloc(50 * MB, 'x');
        body.write('{"definition":"');
        body.write('"}', body.length - 2);
        const answer = await rawPost({
          headers: { ...json, 'content-length': body.length },
          chunks: [body],
          end: true,
          waitMs: 10_000,
        });
        expect({ status: answer.status, fast: answer.ms < 5_000 }).toEqual({
          status: 413,
          fast: true,
        });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a body that says it is 50 MB is refused with 413 after its first 64 KB, without waiting for the rest',
      async () => {
        const answer = await rawPost({
          headers: { ...json, 'content-length': 50 * MB },
          chunks: [Buffer.from(`{"definition":"${'x'.repeat(64 * 1024)}`)],
          end: false,
          waitMs: 3_000,
        });
        expect(answer).toEqual({ status: 413, ms: expect.any(Number) });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a chunked body is refused with 413 once past the limit, without waiting for its end',
      async () => {
        const answer = await rawPost({
          headers: { ...json, 'transfer-encoding': 'chunked' },
          chunks: [
            Buffer.from('{"definition":"'),
            ...Array.from({ length: 3 }, () => Buffer.alloc(MB, 'x')),
          ],
          end: false,
          waitMs: 3_000,
        });
        expect(answer).toEqual({ status: 413, ms: expect.any(Number) });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a gzip bomb (50 MB that packs into 50 KB) is refused with 413, quickly',
      async () => {
        const packed = gzipSync(
          Buffer.from(`{"definition":"${'x'.repeat(50 * MB)}"}`),
        );
        expect(packed.length).toBeLessThan(BODY_LIMIT_BYTES / 10);
        const answer = await rawPost({
          headers: {
            ...json,
            'content-encoding': 'gzip',
            'content-length': packed.length,
          },
          chunks: [packed],
          end: true,
          waitMs: 10_000,
        });
        expect({ status: answer.status, fast: answer.ms < 2_000 }).toEqual({
          status: 413,
          fast: true,
        });
      },
      TEST_TIMEOUT_MS,
    );
  });

  it(
    'a definition of many thousand YAML keys (300 KB) is answered quickly, and does not stall the backend',
    async () => {
      const definition = Array.from(
        { length: 30_000 },
        (_, i) => `k${i}: 1`,
      ).join('\n');
      // The test backend runs in this process: a stalled event loop shows as a late tick (and
      // every other request of the backend would wait as long). The bounds are on the CPU time
      // this process spent, in the whole request and in its longest stall, not on the clock:
      // the work is synchronous, and a machine busy with other work (2 shared cores, another
      // test worker, a load) stretched a 400 ms stall past 1 s of clock time with nothing wrong
      // in the backend, while a blowup (a quadratic parse) shows in CPU time just as well.
      // The bound on the longest stall is the request's: 2 s of CPU. The parse takes 0.4-0.75 s
      // of CPU alone, yaml's lexer and its garbage, and 1.24 s was measured in a CI run beside
      // other busy processes on the 2 shared vCPUs (CPU time stretches too when siblings
      // compete), so 1 s failed at random; the blowup the bound is for, yaml's own duplicate
      // key check (uniqueKeys, quadratic), takes 7 s of CPU on this definition.
      const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) =>
        (to.user - from.user + to.system - from.system) / 1000;
      let last = { at: performance.now(), cpu: process.cpuUsage() };
      let longestStall = { ms: 0, cpuMs: 0 };
      const ticks = setInterval(() => {
        const now = { at: performance.now(), cpu: process.cpuUsage() };
        if (now.at - last.at > longestStall.ms) {
          longestStall = {
            ms: now.at - last.at,
            cpuMs: cpuMs(last.cpu, now.cpu),
          };
        }
        last = now;
      }, 10);
      const cpuBefore = process.cpuUsage();
      const render = await post('render', withField('definition', definition));
      const renderCpuMs = cpuMs(cpuBefore, process.cpuUsage());
      clearInterval(ticks);
      const report = {
        status: render.status,
        namesDefinition: namesField(render.message, 'definition'),
        renderMs: Math.round(render.ms),
        renderCpuMs: Math.round(renderCpuMs),
        renderWithinCpuTime: renderCpuMs < 2_000,
        longestStallMs: Math.round(longestStall.ms),
        longestStallCpuMs: Math.round(longestStall.cpuMs),
        stallWithinCpuBound: longestStall.cpuMs < 2_000,
      };
      expect(report).toEqual({
        ...report,
        status: 400,
        namesDefinition: true,
        renderWithinCpuTime: true,
        stallWithinCpuBound: true,
      });
    },
    TEST_TIMEOUT_MS,
  );

  // What the schema lets through today although the cluster refuses it (a 500, and a failed
  // release and a history row left behind), or the runner cannot use it. In their own
  // environment and namespace; they fail until the backend refuses them up front.
  describe('gaps: refused up front, not by the cluster', () => {
    let app = 0;
    /** A bad body for a new app in the `stag` environment (namespace gapNs). */
    const expectGapRefused = async (
      route: 'deploy' | 'render',
      change: Body,
      fields: string[],
    ) => {
      const application = `gap-${++app}`;
      const answer = await post(route, {
        ...BASE,
        environment: 'stag',
        application,
        ...change,
      });
      const release = `dizzl-sandbox-stag-${application}-ksml`;
      const report = {
        status: answer.status,
        message: preview(answer.message),
        is4xx: answer.status >= 400 && answer.status < 500,
        namesField: fields.some(field => namesField(answer.message, field)),
        releaseLeft: (await helmReleasesIn(env, gapNs)).includes(release),
        historyRows: await historyRows({ application }),
      };
      expect(report).toEqual({
        ...report,
        is4xx: true,
        namesField: true,
        releaseLeft: false,
        historyRows: 0,
      });
    };

    it(
      "a schema file name starting with '..' (not a ConfigMap key)",
      async () => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(
            fc.stringMatching(/^[-._a-z0-9]{1,12}$/).map(rest => `..${rest}`),
            async name => {
              count('gap: .. file names');
              await expectGapRefused(
                'deploy',
                { schemas: [{ schemaFileName: name, schemaBody: '{}' }] },
                ['schemas[0].schemaFileName'],
              );
            },
          ),
          settings(3, { endOnFailure: true }),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `a storageClassName longer than ${STORAGE_CLASS_NAME_MAX} characters`,
      async () => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(
            fc
              .integer({ min: STORAGE_CLASS_NAME_MAX + 1, max: 1_000 })
              .chain(labelOfLength),
            async name => {
              count('gap: storageClassName length');
              await expectGapRefused(
                'deploy',
                { storage: { size: '1Gi', storageClassName: name } },
                ['storage.storageClassName'],
              );
            },
          ),
          settings(3, { endOnFailure: true }),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'Kafka properties that take the runner ConfigMap past 1 MiB',
      async () => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 100_000 }), async over => {
            count('gap: Kafka properties in the ConfigMap');
            await expectGapRefused(
              'deploy',
              {
                kafkaProperties: {
                  ...readmeDeployRequest.kafkaProperties,
                  'x.padding': 'v'.repeat(CONFIGMAP_MAX_BYTES + over),
                },
              },
              [
                'kafkaProperties',
                'definitions, schemas and Kafka properties take',
              ],
            );
          }),
          settings(3, { endOnFailure: true }),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'an empty definitions map',
      async () => {
        expect.hasAssertions();
        count('gap: empty definitions');
        await expectGapRefused(
          'deploy',
          { definition: undefined, definitions: {} },
          ['definitions', 'definition'],
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a definition named __proto__ (dropped without a word)',
      async () => {
        count('gap: __proto__ definition');
        const answer = await post(
          'render',
          JSON.stringify({
            ...BASE,
            environment: 'stag',
            definition: undefined,
            definitions: { ok: readmeDeployRequest.definition },
          }).replace(
            '"definitions":{',
            `"definitions":{"__proto__":${JSON.stringify('pipelines: [')},`,
          ),
        );
        const report = {
          status: answer.status,
          message: preview(answer.message),
          namesField: namesField(answer.message, 'definitions.__proto__'),
        };
        expect(report).toEqual({ ...report, status: 400, namesField: true });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `a bootstrap.servers port past ${PORT_MAX}`,
      async () => {
        expect.hasAssertions();
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: PORT_MAX + 1, max: 99_999 }),
            async port => {
              count('gap: port range');
              await expectGapRefused(
                'render',
                { kafkaProperties: { 'bootstrap.servers': `broker:${port}` } },
                [formatFieldPath(['kafkaProperties', 'bootstrap.servers'])],
              );
            },
          ),
          settings(3, { endOnFailure: true }),
        );
      },
      TEST_TIMEOUT_MS,
    );
  });
});
