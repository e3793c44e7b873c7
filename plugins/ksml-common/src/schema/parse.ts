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

/** One thing wrong with an input: where, and why. */
interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/**
 * Parses input with a schema or throws an `InputError` (HTTP 400) whose message names each
 * wrong field and why: `replicas: must be at most 50; kafkaProperties: must hold bootstrap.servers`.
 *
 * A `__proto__` key is named first, since the schema cannot see it (it would be dropped
 * silently, and what the schema then says may only follow from the drop), unless it lies inside
 * a field the schema already refuses as a whole (an unknown field, a value of the wrong type):
 * there the field is the mistake to fix, and whatever it holds is beside the point.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input, { error: plainMessage });
  const issues: Issue[] = result.success ? [] : result.error.issues;
  const forbidden = forbiddenKeyPath(input);
  if (forbidden && !issues.some(issue => refusesWhole(issue, forbidden))) {
    issues.unshift({
      path: forbidden,
      message: '"__proto__" is not allowed as a name',
    });
  }
  if (result.success && issues.length === 0) return result.data;
  const details = issues.map(issue => {
    const field = formatFieldPath(issue.path);
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new InputError(`Invalid ${what}: ${details.join('; ')}`);
}

/**
 * True when `issue` refuses a field that holds `path` (a strict ancestor of it): an unknown
 * key is refused with everything under it; any other issue refuses the value at its path,
 * except a whole-input issue (an empty path), which judges the input, not a field of it. An
 * issue about the `__proto__` key itself does not count: its name is the first thing to fix.
 */
function refusesWhole(
  issue: z.core.$ZodIssue | Issue,
  path: ReadonlyArray<PropertyKey>,
): boolean {
  const within = (field: ReadonlyArray<PropertyKey>) =>
    field.length > 0 &&
    field.length < path.length &&
    field.every((part, i) => String(part) === String(path[i]));
  if ('code' in issue && issue.code === 'unrecognized_keys') {
    return issue.keys.some(key => within([...issue.path, key]));
  }
  return within(issue.path);
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
