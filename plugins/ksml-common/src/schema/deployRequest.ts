import { z } from 'zod';
import { formatDefinitionProblems, validateDefinition } from '../definition';
import { KSML_TEST_SUITE_NAME, testSuiteProblems } from '../ksmlTests';
import { appRefSchema, configMapFileName, quantity } from './fields';

/** How the KSML runner runs: a long-lived StatefulSet, or a Job that runs to completion. */
export const DEPLOYMENT_MODES = ['StatefulSet', 'Job'] as const;
/** See {@link DEPLOYMENT_MODES}. */
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** Most replicas one request may ask for. */
export const MAX_REPLICAS = 50;

/**
 * Bytes that definitions and schemas may take together. They are all rendered into one
 * ConfigMap, and Kubernetes refuses objects over 1 MiB (1,048,576 bytes); the rest is kept
 * for the runner configuration and metadata.
 */
export const MAX_CONFIGMAP_CONTENT_BYTES = 1_000_000;

// Line breaks, NUL and other control characters: a value or name holding one would be split or
// cut on its way into properties and the runner's YAML.
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const NO_CONTROL =
  'must not contain control characters (line breaks, tabs, NUL)';

const kafkaValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(value => String(value))
  .refine(value => !hasControlCharacter(value), NO_CONTROL);

/** `host:port[,host:port]`, hosts as names, IPv4 or [IPv6], optionally with a listener prefix. */
const BOOTSTRAP_SERVERS =
  /^(?:[A-Za-z_]+:\/\/)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}(?:\s*,\s*(?:[A-Za-z_]+:\/\/)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5})*$/;

const resourceList = z
  .object({ cpu: quantity.optional(), memory: quantity.optional() })
  .strict();

/**
 * The body of `POST /deploy`: the KSML Provisioner 0.5.0 readme's request, plus the optional
 * extensions `deploymentMode`, `definitions`, `resources`, `storage` and `allowMissingTopics`.
 */
export const deployRequestSchema = appRefSchema
  .extend({
    replicas: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`)
      .default(1),
    /** The readme's single definition (YAML text). */
    definition: z.string().min(1, 'must not be empty').optional(),
    /** Several named definitions: KSML namespace -> YAML text. */
    definitions: z
      .record(
        z
          .string()
          .regex(
            /^[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62}$/,
            "must be a name of letters, digits, '_' and '-'",
          ),
        z.string().min(1, 'must not be empty'),
      )
      .refine(definitions => Object.keys(definitions).length > 0, {
        message: 'must hold at least one definition',
      })
      .optional(),
    kafkaProperties: z
      .record(z.string().min(1), kafkaValue)
      .refine(
        props =>
          typeof props['bootstrap.servers'] === 'string' &&
          props['bootstrap.servers'].trim() !== '',
        { message: 'must hold bootstrap.servers' },
      )
      .superRefine((props, ctx) => {
        for (const key of Object.keys(props)) {
          if (hasControlCharacter(key)) {
            ctx.addIssue({ code: 'custom', path: [key], message: NO_CONTROL });
          }
        }
        const servers = props['bootstrap.servers'];
        if (servers?.trim() && !BOOTSTRAP_SERVERS.test(servers.trim())) {
          ctx.addIssue({
            code: 'custom',
            path: ['bootstrap.servers'],
            message: `must be host:port[,host:port] (got "${servers}")`,
          });
        } else if (servers?.trim()) {
          const ports = servers
            .split(',')
            .map(s => Number(s.trim().split(':').pop()));
          const bad = ports.find(port => !(port >= 1 && port <= 65535));
          if (bad !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['bootstrap.servers'],
              message: `port ${bad} is not a TCP port (1 to 65535)`,
            });
          }
        }
      }),
    schemas: z
      .array(
        z
          .object({ schemaFileName: configMapFileName, schemaBody: z.string() })
          .strict(),
      )
      .max(200, 'must hold at most 200 schemas')
      .default([]),
    /**
     * KSML test suites (suite name -> YAML, KSML 1.3.0's test runner format), run by `POST
     * /test` and the scaffolder's dry run; never deployed.
     */
    tests: z
      .record(
        z
          .string()
          .regex(
            KSML_TEST_SUITE_NAME,
            "must be a name of letters, digits, '_' and '-'",
          ),
        z.string().min(1, 'must not be empty'),
      )
      .refine(tests => Object.keys(tests).length <= 50, {
        message: 'must hold at most 50 test suites',
      })
      .optional(),
    /** Deploy only when every test of `tests` passes (they run first; a failure is a 422). */
    requireTests: z.boolean().optional(),
    deploymentMode: z.enum(DEPLOYMENT_MODES).default('StatefulSet'),
    /**
     * Deploy even when the environment's Kafka cluster lacks a topic the definition reads
     * (the preflight check then warns instead of refusing).
     */
    allowMissingTopics: z.boolean().optional(),
    resources: z
      .object({
        requests: resourceList.optional(),
        limits: resourceList.optional(),
      })
      .strict()
      .optional(),
    storage: z
      .object({
        size: quantity,
        storageClassName: z
          .string()
          .max(253, 'must be at most 253 characters')
          .regex(
            /^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/,
            'must be a StorageClass name',
          )
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (!request.definition && !request.definitions) {
      ctx.addIssue({
        code: 'custom',
        path: ['definition'],
        message: 'is required (or give definitions)',
      });
      return;
    }
    if (request.definition && request.definitions) {
      ctx.addIssue({
        code: 'custom',
        path: ['definitions'],
        message: 'cannot be given together with definition',
      });
      return;
    }
    const bytes = contentBytes(request);
    if (bytes > MAX_CONFIGMAP_CONTENT_BYTES) {
      // Checked before any definition is parsed: parsing takes time in proportion.
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `definitions, schemas and Kafka properties take ${bytes} bytes${
          request.tests ? ' with the tests' : ''
        }, over the ${MAX_CONFIGMAP_CONTENT_BYTES}-byte limit of the runner ConfigMap`,
      });
      return;
    }
    const files = definitionFiles(request);
    for (const [name, text] of Object.entries(
      request.definitions ?? { ['']: request.definition! },
    )) {
      const problems = validateDefinition(text);
      if (problems.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: name ? ['definitions', name] : ['definition'],
          message: `is not a valid KSML definition: ${formatDefinitionProblems(
            problems,
          )}`,
        });
      }
    }
    if (request.requireTests && !request.tests) {
      ctx.addIssue({
        code: 'custom',
        path: ['requireTests'],
        message: 'needs tests to run',
      });
    }
    for (const { suite, message } of testSuiteProblems(
      request.tests ?? {},
      Object.keys(files),
    )) {
      ctx.addIssue({ code: 'custom', path: ['tests', suite], message });
    }
    // Names the chart itself takes (ksml-runner.yaml, ...) are checked by the chart module of
    // the core, which knows the chart.
    const taken = new Set(Object.values(files));
    const seen = new Set<string>();
    request.schemas.forEach((schema, index) => {
      if (taken.has(schema.schemaFileName) || seen.has(schema.schemaFileName)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schemas', index, 'schemaFileName'],
          message: `"${schema.schemaFileName}" is used twice (or by a definition)`,
        });
      }
      seen.add(schema.schemaFileName);
    });
  });

/** A validated deploy request, defaults applied. */
export type DeployRequest = z.output<typeof deployRequestSchema>;
/** A deploy request as a caller sends it. */
export type DeployRequestInput = z.input<typeof deployRequestSchema>;

/**
 * KSML namespace -> definition file name in the runner ConfigMap. The readme's single
 * definition runs in the namespace named after the application.
 */
export function definitionFiles(
  request: Pick<DeployRequest, 'application' | 'definition' | 'definitions'>,
): Record<string, string> {
  const names = request.definitions
    ? Object.keys(request.definitions)
    : [request.application];
  return Object.fromEntries(names.map(name => [name, `${name}.yaml`]));
}

function contentBytes(
  request: Pick<
    DeployRequest,
    'definition' | 'definitions' | 'schemas' | 'kafkaProperties' | 'tests'
  >,
): number {
  const encoder = new TextEncoder();
  // Kafka properties go into the runner configuration in the same ConfigMap; tests go into
  // the ConfigMap of the Job that runs them, with the definitions and schemas.
  const texts = [
    ...(request.definition ? [request.definition] : []),
    ...Object.values(request.definitions ?? {}),
    ...Object.values(request.tests ?? {}),
    ...request.schemas.map(s => s.schemaBody),
    ...Object.entries(request.kafkaProperties).flat(),
  ];
  return texts.reduce((sum, text) => sum + encoder.encode(text).length, 0);
}

/**
 * Kafka properties for a request to `POST /test` that gives none: the tests run on Kafka's
 * TopologyTestDriver and reach no broker (a name under `.invalid` resolves nowhere).
 */
const NO_BROKER = { 'bootstrap.servers': 'no-broker.invalid:9092' };

/**
 * The body of `POST /test`: a deploy request whose `tests` are required and whose Kafka
 * properties may be left out (the tests reach no broker), so a form can test a definition
 * before it knows the environment's cluster.
 */
export const testRequestSchema = z
  .preprocess(
    body =>
      body !== null &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      !('kafkaProperties' in body)
        ? { ...body, kafkaProperties: NO_BROKER }
        : body,
    deployRequestSchema,
  )
  .superRefine((request, ctx) => {
    if (!request.tests) {
      ctx.addIssue({
        code: 'custom',
        path: ['tests'],
        message: 'is required: the KSML test suites to run',
      });
    }
  });

/** A test request as a caller sends it: a deploy request, Kafka properties optional. */
export type TestRequestInput = Omit<DeployRequestInput, 'kafkaProperties'> &
  Partial<Pick<DeployRequestInput, 'kafkaProperties'>>;
