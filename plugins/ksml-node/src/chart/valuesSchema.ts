import { formatFieldPath } from '@ksml-backstage/plugin-ksml-common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { Values } from './mergeValues';

/** What the provisioner reads from the chart package itself. */
export interface ChartFiles {
  /** The chart's `values.yaml` (its defaults). */
  defaults: Values;
  /** The chart's `values.schema.json`, when it ships one. */
  schema?: Record<string, unknown>;
  /** The chart's `appVersion` (Chart.yaml): the runner image tag when the values name none. */
  appVersion?: string;
}

/**
 * Checks values against the chart's own `values.schema.json` before Helm sees them, the way
 * Helm does: on the chart's defaults coalesced with the values. So a wrongly typed value (e.g.
 * `prometheus.port: 9999` where the public chart wants the string "9999") is a 400 naming the
 * path instead of a failed helm run.
 */
export class ChartValuesSchema {
  readonly #defaults: Values;
  readonly #validate?: ValidateFunction;

  /** Compiles the chart's schema; a chart without one accepts any values. */
  static compile(files: ChartFiles): ChartValuesSchema {
    return new ChartValuesSchema(files);
  }

  private constructor(files: ChartFiles) {
    this.#defaults = files.defaults;
    if (files.schema) {
      // Helm's validator takes the schema's own draft; ajv needs no meta-schema to check it.
      const { $schema: _draft, ...schema } = files.schema;
      const ajv = new Ajv({
        allErrors: true,
        verbose: true, // errors carry the offending value, to say what it was
        strict: false,
        validateSchema: false,
        code: { regExp: goRegExp },
      });
      this.#validate = ajv.compile(schema);
    }
  }

  /**
   * What the schema refuses, one `path: reason` per problem (empty when it accepts). `custom`
   * (the operator's custom values) lets a problem say it comes from there.
   */
  problems(values: Values, custom: Values = {}): string[] {
    if (!this.#validate) return [];
    const coalesced = coalesce(this.#defaults, values);
    if (this.#validate(coalesced)) return [];
    return describe(this.#validate.errors ?? [], custom);
  }
}

/**
 * Helm's coalescing of user values over chart defaults: maps merge key by key, anything else
 * replaces, and `null` deletes the default.
 */
export function coalesce(defaults: Values, values: Values): Values {
  const out: Values = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    const base = out[key];
    if (value === null) delete out[key];
    else if (isMap(base) && isMap(value)) out[key] = coalesce(base, value);
    else out[key] = value;
  }
  return out;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ajv errors as `path: reason`, one per path; an `anyOf` hides its branches' errors. */
function describe(errors: ErrorObject[], custom: Values): string[] {
  const anyOfPaths = new Set(
    errors.filter(e => e.keyword === 'anyOf').map(e => e.instancePath),
  );
  const out = new Map<string, string>();
  for (const error of errors) {
    const segments = pointerSegments(error.instancePath);
    let reason = error.message ?? 'is not allowed';
    if (error.keyword === 'required') {
      segments.push(String(error.params.missingProperty));
      reason = 'is required';
    } else if (error.keyword === 'anyOf') {
      const types = errors
        .filter(
          e => e.instancePath === error.instancePath && e.keyword === 'type',
        )
        .map(e => String(e.params.type));
      reason = types.length
        ? `must be a ${types.join(' or ')}`
        : 'matches none of the allowed forms';
    } else if (anyOfPaths.has(error.instancePath)) {
      continue;
    } else if (error.keyword === 'type') {
      reason = `must be a ${error.params.type} (got ${typeOf(error.data)})`;
    } else if (error.keyword === 'enum') {
      reason = `must be one of ${(error.params.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    }
    const field = formatFieldPath(segments) || 'values';
    const origin = hasPath(custom, segments)
      ? ' (set in the custom values file)'
      : '';
    if (!out.has(field)) out.set(field, `${field}: ${reason}${origin}`);
  }
  return [...out.values()];
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function hasPath(values: Values, segments: string[]): boolean {
  let node: unknown = values;
  for (const segment of segments) {
    if (!isMap(node) || !(segment in node)) return false;
    node = node[segment];
  }
  return segments.length > 0;
}

/**
 * Helm validates schema patterns with Go's regexp (RE2), whose inline flags — `(?i)`, as in the
 * public chart's `^(?i)(StatefulSet|Job)$` — JavaScript lacks: they become RegExp flags for the
 * whole pattern (exact for the flags-first or flags-after-`^` patterns charts use).
 */
function goRegExp(pattern: string, flags: string): RegExp {
  let extra = '';
  const source = pattern
    .replace(/\(\?([ims]+)\)/g, (_m, f: string) => {
      extra += f;
      return '';
    })
    .replace(/\(\?([ims]+):/g, (_m, f: string) => {
      extra += f;
      return '(?:';
    });
  return new RegExp(source, [...new Set(flags + extra)].join(''));
}
goRegExp.code = 'goRegExp';
