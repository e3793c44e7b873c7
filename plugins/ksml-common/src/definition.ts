import { isMap, isSeq, LineCounter, YAMLMap } from 'yaml';
import {
  KeyChecker,
  keyChecker,
  keyName,
  TOP_LEVEL_KEYS,
} from './definitionKeys';
import { Path, referenceProblems } from './definitionReferences';
import { valueProblems } from './definitionValues';
import { storeRuleProblems } from './definitionStoreRules';
import {
  definitionData,
  definitionMapping,
  parseDefinitionDocument,
} from './definitionParse';

/** One thing wrong with a KSML definition. */
export interface DefinitionProblem {
  /** Dotted path inside the definition, e.g. `pipelines.consume_avro.from`; empty for the whole. */
  path: string;
  message: string;
  /** 1-based line of the problem in the definition text, when known. */
  line?: number;
}

/**
 * Top-level sections of a KSML definition and what each entry must hold. The other top-level
 * keys (`name`, `version`, `description`) and every key allowed below come from KSML's own
 * spec (definitionKeys.ts).
 */
const SECTIONS: Record<string, readonly string[]> = {
  streams: ['topic', 'keyType', 'valueType'],
  tables: ['topic', 'keyType', 'valueType'],
  globalTables: ['topic', 'keyType', 'valueType'],
  // KSML's spec asks only a key-value store's type, but the runner fails on one used by a
  // function without its key and value types (a NullPointerException at start-up).
  stores: ['keyType', 'valueType'],
  functions: [],
  pipelines: ['from'],
  producers: ['generator', 'to'],
};
/** The top-level keys as a refusal lists them: the sections, then name, version, description. */
const TOP_LEVEL_ORDER = [
  ...Object.keys(SECTIONS),
  ...TOP_LEVEL_KEYS.filter(key => !SECTIONS[key]),
];
/** Problems a message lists; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20;
const RUNNABLE = ['pipelines', 'producers'];

/**
 * Checks a KSML definition (YAML text) before it is deployed: YAML syntax (with the line),
 * the keys each stream, table, pipeline and producer needs, no key KSML does not know at any
 * level (KSML would silently ignore it: a misspelt `via` drops the steps), and names that
 * resolve. Returns every problem found; an empty list means the definition is sound. It does
 * not run or type-check the definition's Python code.
 */
export function validateDefinition(text: string): DefinitionProblem[] {
  try {
    return definitionProblems(text);
  } catch (error) {
    // The YAML parser recurses per level of nesting: thousands of levels exhaust its stack.
    if (error instanceof RangeError) {
      return [{ path: '', message: 'nests too deeply to be read' }];
    }
    throw error;
  }
}

/** Levels of nesting a definition may have; real ones have about ten. */
const MAX_NESTING = 200;

/**
 * An upper bound of a YAML text's nesting, found without parsing it: flow brackets open
 * outside quotes and comments, and per line its indentation plus its chained `- ` entries.
 * The parser recurses per level, so thousands of them take seconds and a lot of memory.
 */
export function nestingEstimate(text: string): number {
  let flow = 0;
  let deepest = 0;
  for (const line of text.split('\n')) {
    const indent = /^[ \t-]*/.exec(line)![0];
    const block = indent.length;
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      deepest = Math.max(deepest, flow + block);
    }
    deepest = Math.max(deepest, flow + block);
  }
  return deepest;
}

function definitionProblems(text: string): DefinitionProblem[] {
  if (nestingEstimate(text) > MAX_NESTING) {
    return [
      {
        path: '',
        message: `nests too deeply to be read (more than ${MAX_NESTING} levels)`,
      },
    ];
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in one pass: the parser's own check compares every key of
  // a mapping with every other, which takes seconds for a large one.
  const doc = parseDefinitionDocument(text, lineCounter);
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
  const duplicates = duplicateKeys(doc.contents, lineOf);
  if (duplicates.length > 0) return duplicates;

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
  const keys = keyChecker({ lineOf, topLevelKeys: TOP_LEVEL_ORDER });
  for (const pair of root.items) {
    const key = keyName(pair.key);
    const required = SECTIONS[key];
    // An unknown key is reported by the checker; name, version and description hold no entries.
    if (!keys.topLevelKey(key, pair.key, problems) || !required) continue;
    if (!isMap(pair.value)) {
      problems.push({
        path: key,
        message: 'must be a mapping of names to definitions',
        line: lineOf(pair.value ?? pair.key),
      });
      continue;
    }
    checkEntries(
      { section: key, entries: pair.value, required, lineOf, keys },
      problems,
    );
  }

  if (problems.length === 0) {
    // Names are checked once the structure is sound.
    let js: unknown;
    try {
      js = definitionData(doc);
    } catch (error) {
      return [{ path: '', message: `YAML: ${(error as Error).message}` }];
    }
    const lineAt = (path: Path) => lineOf(doc.getIn(path, true));
    problems.push(
      ...referenceProblems(js as Record<string, unknown>, lineAt),
      ...valueProblems(js as Record<string, unknown>, lineAt),
      ...storeRuleProblems(js as Record<string, unknown>, lineAt),
    );
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

/** The entries of a top-level section: their required keys, and keys KSML does not know. */
function checkEntries(
  options: {
    section: string;
    entries: YAMLMap;
    required: readonly string[];
    lineOf: (node: unknown) => number | undefined;
    keys: KeyChecker;
  },
  problems: DefinitionProblem[],
): void {
  const { section, entries, required, lineOf, keys } = options;
  for (const entry of entries.items) {
    const name = keyName(entry.key);
    const path = `${section}.${name}`;
    if (!isMap(entry.value)) {
      // A bare value is fine only where nothing is required, and for a store (by reference).
      if ((required.length > 0 && section !== 'stores') || isSeq(entry.value)) {
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
    keys.sectionEntry(section, name, entry.value, problems);
  }
}

/** Renders problems as one line each: `line 3: pipelines.p.from: is required`. */
export function formatDefinitionProblems(
  problems: DefinitionProblem[],
): string {
  const shown = problems
    .slice(0, MAX_PROBLEMS_SHOWN)
    .map(p =>
      [p.line ? `line ${p.line}` : undefined, p.path || undefined, p.message]
        .filter(Boolean)
        .join(': '),
    )
    .join('; ');
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/**
 * Keys given twice in one mapping, anywhere in the document, in one pass per mapping (as the
 * YAML spec forbids them and the runner's parser would keep only one).
 */
function duplicateKeys(
  root: unknown,
  lineOf: (node: unknown) => number | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = keyName(pair.key);
        if (seen.has(key)) {
          problems.push({
            path: '',
            message: `YAML syntax: Map keys must be unique ("${key}" is given twice)`,
            line: lineOf(pair.key),
          });
        }
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return problems;
}

/** KSML operations (a pipeline step's `type`) that keep their result in a state store. */
const STATEFUL_OPERATIONS = new Set([
  'aggregate',
  'cogroup',
  'count',
  'reduce',
  'join',
  'leftJoin',
  'outerJoin',
  'suppress',
  'toTable',
  'windowByTime',
  'windowBySession',
]);

/**
 * Where a KSML definition keeps state (state stores on the runner's disk): its `stores`,
 * `tables` and `globalTables` (materialised), and pipeline steps that aggregate, join,
 * suppress or build a table. Returns dotted paths such as `tables.sensor_table` or
 * `pipelines.count_sensors.via[1] (count)`; empty for a stateless definition or one that does
 * not parse (validation reports that).
 */
export function statefulParts(text: string): string[] {
  const root = definitionMapping(text);
  if (!root) return [];
  const parts: string[] = [];
  for (const section of ['stores', 'tables', 'globalTables']) {
    const entries = root[section];
    if (isRecord(entries)) {
      parts.push(...Object.keys(entries).map(name => `${section}.${name}`));
    }
  }
  const pipelines = root.pipelines;
  if (isRecord(pipelines)) {
    for (const [name, pipeline] of Object.entries(pipelines)) {
      const via = isRecord(pipeline) ? pipeline.via : undefined;
      if (!Array.isArray(via)) continue;
      via.forEach((step, index) => {
        const type = isRecord(step) ? step.type : undefined;
        if (typeof type === 'string' && STATEFUL_OPERATIONS.has(type)) {
          parts.push(`pipelines.${name}.via[${index}] (${type})`);
        }
      });
    }
  }
  return parts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
