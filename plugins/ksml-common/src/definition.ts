import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  YAMLMap,
} from 'yaml';

/** One thing wrong with a KSML definition. */
export interface DefinitionProblem {
  /** Dotted path inside the definition, e.g. `pipelines.consume_avro.from`; empty for the whole. */
  path: string;
  message: string;
  /** 1-based line of the problem in the definition text, when known. */
  line?: number;
}

/** Top-level sections of a KSML definition and what each entry must hold. */
const SECTIONS: Record<string, readonly string[]> = {
  streams: ['topic', 'keyType', 'valueType'],
  tables: ['topic', 'keyType', 'valueType'],
  globalTables: ['topic', 'keyType', 'valueType'],
  stores: [],
  functions: [],
  pipelines: ['from'],
  producers: ['generator', 'to'],
};
const METADATA = ['name', 'version', 'description'];
const RUNNABLE = ['pipelines', 'producers'];

/**
 * Checks a KSML definition (YAML text) before it is deployed: YAML syntax (with the line),
 * known top-level keys, and the keys each stream, table, pipeline and producer needs.
 * Returns every problem found; an empty list means the structure is sound. It does not run
 * or type-check the definition's Python code.
 */
export function validateDefinition(text: string): DefinitionProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map(error => ({
      path: '',
      message: `YAML syntax: ${error.message.split('\n')[0]}`,
      line: error.linePos?.[0].line,
    }));
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | undefined)
      ?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };

  const root = doc.contents;
  if (!isMap(root)) {
    return [
      {
        path: '',
        message:
          'must be a YAML mapping with sections such as streams and pipelines',
        line: lineOf(root),
      },
    ];
  }

  const problems: DefinitionProblem[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (METADATA.includes(key)) continue;
    const required = SECTIONS[key];
    if (!required) {
      problems.push({
        path: key,
        message: `unknown top-level key; expected one of ${[
          ...Object.keys(SECTIONS),
          ...METADATA,
        ].join(', ')}`,
        line: lineOf(pair.key),
      });
      continue;
    }
    if (!isMap(pair.value)) {
      problems.push({
        path: key,
        message: 'must be a mapping of names to definitions',
        line: lineOf(pair.value ?? pair.key),
      });
      continue;
    }
    problems.push(...checkEntries(key, pair.value, required, lineOf));
  }

  const hasRunnable = RUNNABLE.some(section => {
    const value = root.get(section);
    return isMap(value) && value.items.length > 0;
  });
  if (!hasRunnable && problems.length === 0) {
    problems.push({
      path: '',
      message: 'defines no pipelines and no producers, so it would do nothing',
    });
  }
  return problems;
}

function checkEntries(
  section: string,
  entries: YAMLMap,
  required: readonly string[],
  lineOf: (node: unknown) => number | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const entry of entries.items) {
    const name = isScalar(entry.key)
      ? String(entry.key.value)
      : String(entry.key);
    const path = `${section}.${name}`;
    if (!isMap(entry.value)) {
      // A bare value is fine only where nothing is required (e.g. a store by reference).
      if (required.length > 0 || isSeq(entry.value)) {
        problems.push({
          path,
          message: 'must be a mapping',
          line: lineOf(entry.value ?? entry.key),
        });
      }
      continue;
    }
    for (const key of required) {
      if (!entry.value.has(key)) {
        problems.push({
          path: `${path}.${key}`,
          message: 'is required',
          line: lineOf(entry.key),
        });
      }
    }
  }
  return problems;
}

/** Renders problems as one line each: `line 3: pipelines.p.from: is required`. */
export function formatDefinitionProblems(
  problems: DefinitionProblem[],
): string {
  return problems
    .map(p =>
      [p.line ? `line ${p.line}` : undefined, p.path || undefined, p.message]
        .filter(Boolean)
        .join(': '),
    )
    .join('; ');
}
