import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Renders a zod issue path as the field a caller sent: `schemas[0].schemaFileName`,
 * `kafkaProperties["bootstrap.servers"]`.
 */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part))
      out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** Short messages for zod's generic issues; a schema's own messages win. */
const plainMessage: z.core.$ZodErrorMap = issue => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be a ${issue.expected}`;
    case 'unrecognized_keys':
      return `unknown field ${issue.keys
        .map(key => JSON.stringify(key))
        .join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values
        .map(value => JSON.stringify(value))
        .join(', ')}`;
    default:
      return undefined;
  }
};

/**
 * Parses input with a schema or throws an `InputError` (HTTP 400) whose message names each
 * wrong field and why: `replicas: must be at most 50; kafkaProperties: must hold bootstrap.servers`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const forbidden = forbiddenKeyPath(input);
  if (forbidden) {
    throw new InputError(
      `Invalid ${what}: ${formatFieldPath(
        forbidden,
      )}: "__proto__" is not allowed as a name`,
    );
  }
  const result = schema.safeParse(input, { error: plainMessage });
  if (result.success) return result.data;
  const details = result.error.issues.map(issue => {
    const field = formatFieldPath(issue.path);
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new InputError(`Invalid ${what}: ${details.join('; ')}`);
}

/**
 * The path of a `__proto__` key in parsed JSON, if any: JSON.parse makes it an own key, but
 * every object a schema builds from it would lose it silently (it sets the prototype instead).
 */
function forbiddenKeyPath(input: unknown): PropertyKey[] | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [
    { value: input, path: [] },
  ];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (!value || typeof value !== 'object' || path.length > 32) continue;
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return [...path, key];
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: [...path, Array.isArray(value) ? Number(key) : key],
      });
    }
  }
  return undefined;
}
