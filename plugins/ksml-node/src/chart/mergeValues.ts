/** A JSON-like object as Helm values are. */
export type Values = { [key: string]: unknown };

function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges Helm values like Helm merges values files: objects merge key by key, anything
 * else (arrays included) is replaced by the later layer. Returns a new object.
 */
export function mergeValues(...layers: Array<Values | undefined>): Values {
  const out: Values = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      const current = out[key];
      out[key] =
        isPlainObject(current) && isPlainObject(value)
          ? mergeValues(current, value)
          : clone(value);
    }
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return mergeValues(value);
  return value;
}
