import type { DefinitionProblem } from './definition';
import { FUNCTION_FIELDS, JOIN_FIELDS, STORE_FIELDS } from './definitionFields';

/** Unknown names given a "did you mean" per definition. */
const MAX_SUGGESTIONS = 20;

// Every name a KSML definition uses must resolve within the same definition, as the KSML runner
// resolves it at startup (checked against its parsers, 1.2 to 2.0): a name that does not
// resolve stops the runner with "Unknown function …" or "Stream '…' not found". Inline
// definitions (a mapping in place of the name) stay allowed.

/** Sink fields a pipeline or a branch ends in. */
const SINK_FIELDS = [
  'to',
  'as',
  'forEach',
  'print',
  'toTopicNameExtractor',
  'branch',
] as const;

/** A place in a definition: keys and list indexes. */
export type Path = Array<string | number>;
type Obj = Record<string, unknown>;

/** What the definition declares, by kind. */
interface Declared {
  topics: Set<string>;
  functions: Set<string>;
  stores: Set<string>;
}

/**
 * The references of a parsed KSML definition that resolve to nothing it declares: pipeline
 * sources (streams, tables, global tables, earlier pipelines' `as` results), sink and join
 * targets, functions of steps, sinks and producers, and stores. Each problem names the path,
 * the unknown name and the closest declared one. `lineOf` maps a path to its line.
 */
export function referenceProblems(
  root: Obj,
  lineOf: (path: Path) => number | undefined,
): DefinitionProblem[] {
  const declared: Declared = {
    topics: new Set(
      ['streams', 'tables', 'globalTables'].flatMap(section =>
        Object.keys(asObj(root[section]) ?? {}),
      ),
    ),
    functions: new Set(Object.keys(asObj(root.functions) ?? {})),
    stores: new Set([
      ...Object.keys(asObj(root.stores) ?? {}),
      ...inlineStoreNames(root),
    ]),
  };
  const problems: DefinitionProblem[] = [];
  let suggested = 0;
  const unknown = (
    path: Path,
    name: string,
    known: Iterable<string>,
    what: string,
  ) => {
    // Suggestions cost an edit distance per declared name: a few are worth it, not thousands.
    const closest =
      suggested++ < MAX_SUGGESTIONS ? closestName(name, known) : undefined;
    problems.push({
      path: formatPath(path),
      message: `"${name}" is not ${what}${
        closest ? ` (did you mean "${closest}"?)` : ''
      }`,
      line: lineOf(path),
    });
  };
  const check = (
    path: Path,
    value: unknown,
    known: Set<string>,
    what: string,
  ) => {
    if (value === undefined || value === null || asObj(value)) return; // absent or inline
    if (typeof value !== 'string') {
      problems.push({
        path: formatPath(path),
        message: `must be the name of ${what} or an inline definition`,
        line: lineOf(path),
      });
    } else if (!known.has(value)) {
      unknown(path, value, known, what);
    }
  };
  const fn = (path: Path, value: unknown) =>
    check(path, value, declared.functions, 'a function of this definition');
  const topic = (path: Path, value: unknown) =>
    check(
      path,
      value,
      declared.topics,
      'a stream, table or globalTable of this definition',
    );

  const steps = (path: Path, via: unknown) => {
    if (!Array.isArray(via)) return;
    via.forEach((step, index) => {
      const op = asObj(step);
      if (!op) return;
      const at = [...path, index];
      for (const field of FUNCTION_FIELDS) fn([...at, field], op[field]);
      for (const field of STORE_FIELDS)
        check(
          [...at, field],
          op[field],
          declared.stores,
          'a store of this definition',
        );
      for (const field of JOIN_FIELDS) topic([...at, field], op[field]);
    });
  };
  /** Sink fields; returns the `as` names the sink (and its branches) declare. */
  const sink = (path: Path, holder: Obj): string[] => {
    topic([...path, 'to'], holder.to);
    fn([...path, 'forEach'], holder.forEach);
    const print = asObj(holder.print);
    if (print) fn([...path, 'print', 'mapper'], print.mapper);
    const extractor = holder.toTopicNameExtractor;
    const nested = asObj(extractor);
    if (nested) {
      fn(
        [...path, 'toTopicNameExtractor', 'topicNameExtractor'],
        nested.topicNameExtractor,
      );
      fn([...path, 'toTopicNameExtractor', 'partitioner'], nested.partitioner);
    } else {
      fn([...path, 'toTopicNameExtractor'], extractor);
    }
    const names = typeof holder.as === 'string' ? [holder.as] : [];
    if (Array.isArray(holder.branch)) {
      holder.branch.forEach((entry, index) => {
        const branch = asObj(entry);
        if (!branch) return;
        const at = [...path, 'branch', index];
        fn([...at, 'if'], branch.if);
        steps([...at, 'via'], branch.via);
        names.push(...sink(at, branch));
      });
    }
    return names;
  };

  // Pipelines in the order KSML builds them: a source may be an earlier pipeline's result.
  const results = new Set<string>();
  for (const [name, value] of Object.entries(asObj(root.pipelines) ?? {})) {
    const pipeline = asObj(value);
    if (!pipeline) continue;
    const at: Path = ['pipelines', name];
    const from = pipeline.from;
    if (Array.isArray(from)) {
      problems.push({
        path: formatPath([...at, 'from']),
        message:
          'must be one source (a name or an inline definition): KSML pipelines read from one stream, table or globalTable',
        line: lineOf([...at, 'from']),
      });
    } else {
      check(
        [...at, 'from'],
        from,
        new Set([...declared.topics, ...results]),
        "a stream, table or globalTable of this definition, nor an earlier pipeline's result",
      );
    }
    steps([...at, 'via'], pipeline.via);
    const names = sink(at, pipeline);
    if (names.length > 0) names.forEach(n => results.add(n));
    else if (!SINK_FIELDS.some(field => pipeline[field] !== undefined)) {
      // A pipeline without a sink is a result named after it, for later pipelines to read.
      results.add(typeof pipeline.name === 'string' ? pipeline.name : name);
    }
  }

  for (const [name, value] of Object.entries(asObj(root.producers) ?? {})) {
    const producer = asObj(value);
    if (!producer) continue;
    const at: Path = ['producers', name];
    for (const field of ['generator', 'condition', 'until'])
      fn([...at, field], producer[field]);
    topic([...at, 'to'], producer.to);
  }

  for (const section of ['streams', 'tables', 'globalTables']) {
    for (const [name, value] of Object.entries(asObj(root[section]) ?? {})) {
      const entry = asObj(value);
      if (!entry) continue;
      fn([section, name, 'timestampExtractor'], entry.timestampExtractor);
      fn([section, name, 'partitioner'], entry.partitioner);
    }
  }

  // A function's `stores` may also name a table or global table: its materialised store.
  const functionStores = new Set([
    ...declared.stores,
    ...['tables', 'globalTables'].flatMap(section =>
      Object.keys(asObj(root[section]) ?? {}),
    ),
  ]);
  for (const [name, value] of Object.entries(asObj(root.functions) ?? {})) {
    const stores = asObj(value)?.stores;
    if (!Array.isArray(stores)) continue;
    stores.forEach((store, index) =>
      check(
        ['functions', name, 'stores', index],
        store,
        functionStores,
        'a store, table or globalTable of this definition',
      ),
    );
  }
  return problems;
}

/** Names of stores defined inline (a table's `store`, a step's `store: {name, type}`). */
function inlineStoreNames(root: Obj): string[] {
  const names: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const obj = asObj(value);
    if (!obj) return;
    for (const [key, child] of Object.entries(obj)) {
      const store = asObj(child);
      if (
        (STORE_FIELDS as readonly string[]).includes(key) &&
        store &&
        typeof store.name === 'string'
      ) {
        names.push(store.name);
      }
      visit(child);
    }
  };
  visit(root);
  return names;
}

/**
 * The declared name closest to `name` (edit distance, a swap of two neighbours counting as one
 * edit), when it is close enough to be a typo of it rather than another word.
 */
export function closestName(
  name: string,
  known: Iterable<string>,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(
    Math.max(2, Math.floor(name.length / 3)),
    name.length - 1,
  );
  return bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** `pipelines.p.via[1].mapper` */
export function formatPath(path: Path): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? part : `.${part}`;
    })
    .join('');
}

function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}
