import { formatPath } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap } from 'yaml';

/**
 * Generated mistakes in KSML definitions, for the differential test of the validator against
 * the runner: each kind is one thing a developer gets wrong, applied to a sound definition where
 * it fits. Pure: the same definition always gives the same mutations.
 */

/** One mutated definition. */
export interface Mutation {
  /** What was done, e.g. `unknown-from`. */
  kind: MutationKind;
  /** Dotted path of the place changed (empty for the whole text), as the validator names places. */
  place: string;
  /** The mutated definition. */
  text: string;
}

/** The kinds of mistake, each applied at most once per definition. */
export const MUTATION_KINDS = [
  'yaml-syntax',
  'duplicate-key',
  'nothing-to-run',
  'unknown-from',
  'unknown-to',
  'unknown-function',
  'unknown-store',
  'misspelt-key',
  'missing-topic',
  'unknown-type',
  'unknown-operation',
  'python-syntax',
  'missing-generator',
  'bad-interval',
] as const;
/** See {@link MUTATION_KINDS}. */
export type MutationKind = (typeof MUTATION_KINDS)[number];

type Mutate = (doc: Document) => string | undefined;
type Path = Array<string | number>;

const UNKNOWN = 'no_such_name';

/** Entries of a top-level section, e.g. the pipelines. */
function entries(doc: Document, section: string): Array<[string, YAMLMap]> {
  const node = doc.get(section);
  if (!isMap(node)) return [];
  return node.items.flatMap(pair =>
    isScalar(pair.key) && isMap(pair.value)
      ? [[String(pair.key.value), pair.value] as [string, YAMLMap]]
      : [],
  );
}

/** The first entry of a section holding a string at `key`, with that entry's name. */
function firstWithString(
  doc: Document,
  sections: string[],
  key: string,
): [string, string, YAMLMap] | undefined {
  for (const section of sections) {
    for (const [name, entry] of entries(doc, section)) {
      if (typeof entry.get(key) === 'string') return [section, name, entry];
    }
  }
  return undefined;
}

/**
 * The first scalar under pipelines and producers whose value names an entry of `section` (a
 * function or a store), replaced by an unknown name; returns its dotted path.
 */
function renameReference(doc: Document, section: string): string | undefined {
  const names = new Set(entries(doc, section).map(([name]) => name));
  if (names.size === 0) return undefined;
  const visit = (node: unknown, path: Path): string | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (
          isScalar(pair.value) &&
          typeof pair.value.value === 'string' &&
          names.has(pair.value.value)
        ) {
          pair.value.value = UNKNOWN;
          return formatPath([...path, key]);
        }
        const found = visit(pair.value, [...path, key]);
        if (found !== undefined) return found;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        if (
          isScalar(item) &&
          typeof item.value === 'string' &&
          names.has(item.value)
        ) {
          item.value = UNKNOWN;
          return formatPath([...path, index]);
        }
        const found = visit(item, [...path, index]);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  for (const top of ['pipelines', 'producers']) {
    const found = visit(doc.get(top), [top]);
    if (found !== undefined) return found;
  }
  return undefined;
}

const MUTATE: Partial<Record<MutationKind, Mutate>> = {
  'nothing-to-run': doc => {
    if (!doc.has('pipelines') && !doc.has('producers')) return undefined;
    doc.delete('pipelines');
    doc.delete('producers');
    return '';
  },
  'unknown-from': doc => {
    const found = firstWithString(doc, ['pipelines'], 'from');
    if (!found) return undefined;
    found[2].set('from', UNKNOWN);
    return `pipelines.${found[1]}.from`;
  },
  'unknown-to': doc => {
    const found =
      firstWithString(doc, ['pipelines'], 'to') ??
      firstWithString(doc, ['producers'], 'to');
    if (!found) return undefined;
    found[2].set('to', UNKNOWN);
    return `${found[0]}.${found[1]}.to`;
  },
  'unknown-function': doc => renameReference(doc, 'functions'),
  'unknown-store': doc => renameReference(doc, 'stores'),
  'misspelt-key': doc => {
    const [name, pipeline] = entries(doc, 'pipelines')[0] ?? [];
    const pair = pipeline?.items.find(
      item => isScalar(item.key) && item.key.value !== 'from',
    );
    if (!pair || !isScalar(pair.key)) return undefined;
    const key = String(pair.key.value);
    pair.key.value = `${key}x`;
    return `pipelines.${name}.${key}x`;
  },
  'missing-topic': doc => {
    for (const section of ['streams', 'tables', 'globalTables']) {
      const [name, stream] = entries(doc, section)[0] ?? [];
      if (stream?.has('topic')) {
        stream.delete('topic');
        return `${section}.${name}`;
      }
    }
    return undefined;
  },
  'unknown-type': doc => {
    const found = firstWithString(
      doc,
      ['streams', 'tables', 'globalTables'],
      'valueType',
    );
    if (!found) return undefined;
    found[2].set('valueType', 'no_such_type');
    return `${found[0]}.${found[1]}.valueType`;
  },
  'unknown-operation': doc => {
    for (const [name, pipeline] of entries(doc, 'pipelines')) {
      const via = pipeline.get('via');
      if (!isSeq(via)) continue;
      for (const [index, step] of via.items.entries()) {
        if (isMap(step) && typeof step.get('type') === 'string') {
          step.set('type', `${step.get('type')}x`);
          return `pipelines.${name}.via[${index}].type`;
        }
      }
    }
    return undefined;
  },
  'python-syntax': doc => {
    for (const [name, fn] of entries(doc, 'functions')) {
      for (const key of ['expression', 'code']) {
        if (typeof fn.get(key) === 'string') {
          fn.set(key, 'value + (');
          return `functions.${name}.${key}`;
        }
      }
    }
    return undefined;
  },
  'missing-generator': doc => {
    const [name, producer] = entries(doc, 'producers')[0] ?? [];
    if (!producer?.has('generator')) return undefined;
    producer.delete('generator');
    return `producers.${name}`;
  },
  'bad-interval': doc => {
    const [name, producer] = entries(doc, 'producers')[0] ?? [];
    if (!producer) return undefined;
    producer.set('interval', 'soon');
    return `producers.${name}.interval`;
  },
};

/** Every mutation of `text` that applies to it (none for a text that is not a YAML mapping). */
export function mutationsOf(text: string): Mutation[] {
  const result: Mutation[] = [];
  if (!isMap(parseDocument(text).contents)) return result;
  // Text-level mistakes: the YAML itself.
  result.push({
    kind: 'yaml-syntax',
    place: '',
    text: `${text.trimEnd()}\nbroken: [unclosed\n`,
  });
  const firstKey = /^([A-Za-z_][\w]*):/m.exec(text)?.[1];
  if (firstKey) {
    result.push({
      kind: 'duplicate-key',
      place: firstKey,
      text: `${text.trimEnd()}\n${firstKey}: {}\n`,
    });
  }
  for (const [kind, mutate] of Object.entries(MUTATE) as Array<
    [MutationKind, Mutate]
  >) {
    const doc = parseDocument(text);
    const place = mutate(doc);
    if (place !== undefined) {
      result.push({ kind, place, text: doc.toString({ lineWidth: 0 }) });
    }
  }
  return result;
}
