import { z } from 'zod';
import { ksmlErrorReasons } from './errors';
import { ksmlResponses } from './responses';
import { KsmlRoute, ksmlRoutes } from './routes';

/** A JSON Schema as zod writes it (draft 2020-12, as OpenAPI 3.1 takes it). */
type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/**
 * The JSON Schema of a zod schema: of what a client sends (`input`: before defaults and
 * transforms), or of what a server answers (`output`).
 */
export function jsonSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message', 'reason'],
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
              reason: {
                description:
                  'A stable code: what the error means, to tell cases apart without reading the message',
                enum: Object.keys(ksmlErrorReasons),
              },
            },
          },
        },
      },
    },
  },
});

/** The OpenAPI operation of one route. */
function operation(route: KsmlRoute): Record<string, unknown> {
  const input = route.input && jsonSchemaOf(route.input.schema);
  const parameters =
    route.input?.in === 'query' && input
      ? Object.entries(input.properties ?? {}).map(([name, schema]) => ({
          name,
          in: 'query',
          required: (input.required ?? []).includes(name),
          schema,
        }))
      : undefined;
  return {
    operationId: route.operationId,
    description: route.description,
    'x-ksml-permission': route.permission,
    'x-ksml-provisioner': route.provisioner,
    ...(parameters ? { parameters } : {}),
    ...(route.input?.in === 'body' && input
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: input } },
          },
        }
      : {}),
    responses: {
      200: {
        description: `${route.response}`,
        content: route.stream
          ? { 'text/event-stream': { schema: { type: 'string' } } }
          : {
              'application/json': {
                schema: { $ref: `#/components/schemas/${route.response}` },
              },
            },
      },
      ...(route.input
        ? {
            400: errorResponse(`Invalid ${route.input.what}, naming the field`),
          }
        : {}),
      403: errorResponse('Not allowed: names the permission'),
      default: errorResponse(
        'Any other error, with its reason code (NotDeployed, NoPods, …)',
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the KSML API, built from {@link ksmlRoutes}: paths, methods,
 * query parameters, request bodies and responses (their JSON Schemas from the same zod schemas
 * the routes parse with and answer by), the permission of each route and whether the standalone provisioner serves it.
 */
export function buildOpenApiDocument(
  routes: readonly KsmlRoute[] = ksmlRoutes,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = {
      ...paths[route.path],
      [route.method]: operation(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ksml',
      version: '1',
      description:
        'The KSML API: the backend plugin at /api/ksml, and the standalone provisioner (the operations marked x-ksml-provisioner) at its root. Built from plugins/ksml-common/src/contract/routes.ts by `npm run contract`; do not edit.',
      license: { name: 'Apache-2.0' },
    },
    servers: [{ url: '/api/ksml' }],
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(ksmlResponses).map(([name, schema]) => [
          name,
          jsonSchemaOf(schema, 'output'),
        ]),
      ),
    },
  };
}

/** The README's tables of the routes (route, permission, what) and of the error reason codes. */
export function routeTable(routes: readonly KsmlRoute[] = ksmlRoutes): string {
  const rows = routes.map(route => {
    const query = route.input?.in === 'query' ? '?…' : '';
    return [
      `\`${route.method.toUpperCase()} ${route.path}${query}\``,
      `\`${route.permission}\``,
      route.description.replace(/\|/g, '\\|'),
      route.provisioner ? 'yes' : '',
    ];
  });
  const lines = [
    ['route', 'permission', 'what', 'provisioner'],
    ['---', '---', '---', '---'],
    ...rows,
  ];
  const reasons = [
    ['reason', 'means'],
    ['---', '---'],
    ...Object.entries(ksmlErrorReasons).map(([reason, means]) => [
      `\`${reason}\``,
      means,
    ]),
  ];
  const table = (rowsOf: string[][]) =>
    rowsOf.map(cells => `| ${cells.join(' | ')} |`).join('\n');
  return `${table(
    lines,
  )}\n\nEvery error answer is \`{error: {name, message, reason}}\`: \`reason\` is a stable code of the contract (\`ksmlErrorReasons\`), to tell cases apart without reading the message:\n\n${table(
    reasons,
  )}`;
}
