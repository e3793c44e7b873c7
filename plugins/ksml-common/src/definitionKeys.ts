import { isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import type { DefinitionProblem } from './definition';
import { DEFINITION_KINDS, ROOT_KIND } from './definitionKinds';
import { closestName, formatPath, Path } from './definitionReferences';
import { resultTypeProblem, storeTypeProblem } from './definitionKindRules';

// KSML's parser reads the keys it knows and ignores the rest, so a misspelt key (`vai:` for
// `via:`) silently drops what it holds. Every mapping of a definition is checked against the
// keys of the kinds it may be, as KSML's own schema lists them (definitionKinds.ts).

/**
 * One kind of mapping in a KSML definition (a pipeline, a filter step, an inline predicate, ...)
 * as definitionKinds.ts lists it.
 */
export interface DefinitionKind {
  /** Every key the kind has, space-separated. */
  keys: string;
  /** Keys whose value is a mapping (or a list of mappings) of one of these kinds, space-separated. */
  inline?: Record<string, string>;
  /** Keys whose value maps names to mappings of these kinds (the top-level sections). */
  named?: Record<string, string>;
  /** Keys whose value picks this kind among the others of its place (an operation's `type`): the values that pick it. */
  picks?: Record<string, string>;
  /** The value a missing pick key stands for. */
  defaults?: Record<string, string>;
}

/** Unknown keys and values given a "did you mean" per definition; the message shows 20. */
const MAX_SUGGESTIONS = 20;

interface Kind {
  keys: string[];
  inline: Map<string, string[]>;
  named: Map<string, string[]>;
  picks: Map<string, Set<string>>;
  defaults: Map<string, string>;
}

const words = (text: string) => text.split(' ');
const entries = (record: Record<string, string> | undefined) =>
  Object.entries(record ?? {});

function compile(kind: DefinitionKind): Kind {
  return {
    keys: words(kind.keys),
    inline: new Map(entries(kind.inline).map(([k, v]) => [k, words(v)])),
    named: new Map(entries(kind.named).map(([k, v]) => [k, words(v)])),
    picks: new Map(entries(kind.picks).map(([k, v]) => [k, new Set(words(v))])),
    defaults: new Map(entries(kind.defaults)),
  };
}

const KINDS = new Map(
  Object.entries(DEFINITION_KINDS).map(([name, kind]) => [name, compile(kind)]),
);
const ROOT = KINDS.get(ROOT_KIND)!;

/** The keys a definition may have at its top level: its sections and its metadata. */
export const TOP_LEVEL_KEYS: readonly string[] = ROOT.keys;

/** A key of a YAML mapping as text. */
export function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** `unknown key "vai" (did you mean "via"?)`, or the known keys when none is close. */
function unknownMessage(
  what: string,
  name: string,
  known: readonly string[],
  suggest = true,
): string {
  const closest = suggest ? closestName(name, known) : undefined;
  return closest
    ? `unknown ${what} "${name}" (did you mean "${closest}"?)`
    : `unknown ${what} "${name}"; expected one of ${known.join(', ')}`;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

/** Checks the keys of one definition, adding what it finds to `problems`. */
export interface KeyChecker {
  /** Whether a top-level key is known; an unknown one is reported. */
  topLevelKey(
    key: string,
    node: unknown,
    problems: DefinitionProblem[],
  ): boolean;
  /**
   * An entry of a top-level section (`pipelines.main`) and every mapping inside it that KSML
   * defines keys for: steps, sinks, inline functions, stores and topics. A value that picks
   * a mapping's kind (an operation's `type`) must be one KSML knows.
   */
  sectionEntry(
    section: string,
    name: string,
    entry: YAMLMap,
    problems: DefinitionProblem[],
  ): void;
}

/** A {@link KeyChecker} for one definition. */
export function keyChecker(options: {
  lineOf: (node: unknown) => number | undefined;
  /** {@link TOP_LEVEL_KEYS} in the order a refusal lists them. */
  topLevelKeys: readonly string[];
}): KeyChecker {
  const { lineOf, topLevelKeys } = options;
  let sink: DefinitionProblem[] = [];
  let suggested = 0;
  // Suggestions cost an edit distance per known name: a few are worth it, not thousands.
  const suggest = () => suggested++ < MAX_SUGGESTIONS;
  const report = (
    at: Path,
    what: string,
    value: string,
    known: readonly string[],
    node: unknown,
  ) =>
    sink.push({
      path: formatPath(at),
      message: unknownMessage(what, value, known, suggest()),
      line: lineOf(node),
    });

  /** The kinds the mapping is, as its pick keys (`type`, `windowType`, ...) choose them. */
  const choose = (map: YAMLMap, kinds: Kind[], at: Path) => {
    let chosen = kinds;
    for (const key of unique(kinds.flatMap(kind => [...kind.picks.keys()]))) {
      const node = map.get(key, true);
      const value =
        isScalar(node) && node.value !== null ? String(node.value) : undefined;
      if (node !== undefined && value === undefined) continue; // not a name: left to KSML
      const picked = chosen.filter(kind => {
        const values = kind.picks.get(key);
        return !values || values.has(value ?? kind.defaults.get(key) ?? '');
      });
      if (value !== undefined && picked.length === 0) {
        const known = unique(
          chosen.flatMap(kind => [...(kind.picks.get(key) ?? [])]),
        );
        report([...at, key], key, value, known, node);
        return undefined;
      }
      if (value === undefined && picked.length === 0) {
        // KSML's ChoiceParser falls back to the default, and without one it refuses the mapping
        // at start-up ('Unknown state store "type", choose one of keyValue').
        const known = unique(
          chosen.flatMap(kind => [...(kind.picks.get(key) ?? [])]),
        );
        sink.push({
          path: formatPath([...at, key]),
          message: `is required: one of ${known.join(', ')}`,
          line: lineOf(map),
        });
        return undefined;
      }
      if (picked.length > 0) chosen = picked;
    }
    return chosen;
  };

  const check = (map: YAMLMap, kindNames: string[], at: Path) => {
    const kinds = choose(
      map,
      kindNames.map(kind => KINDS.get(kind)!),
      at,
    );
    if (!kinds) return;
    const chosenNames = kindNames.filter(name =>
      kinds.includes(KINDS.get(name)!),
    );
    const resultType = resultTypeProblem(chosenNames, map);
    if (resultType) {
      sink.push({
        path: formatPath(at),
        message: resultType,
        line: lineOf(map),
      });
    }
    const storeType = storeTypeProblem(chosenNames, map);
    if (storeType) {
      sink.push({
        path: formatPath([...at, 'type']),
        message: storeType,
        line: lineOf(map),
      });
    }
    const known = unique(kinds.flatMap(kind => kind.keys));
    for (const pair of map.items) {
      const key = keyName(pair.key);
      const here = [...at, key];
      if (!known.includes(key)) {
        report(here, 'key', key, known, pair.key);
        continue;
      }
      const inline = unique(kinds.flatMap(k => k.inline.get(key) ?? []));
      const named = unique(kinds.flatMap(k => k.named.get(key) ?? []));
      const value = pair.value;
      // Aliases are not followed: their anchors are checked where they are defined.
      if (inline.length > 0 && isMap(value)) check(value, inline, here);
      if (inline.length > 0 && isSeq(value)) {
        value.items.forEach((item, index) => {
          if (isMap(item)) check(item, inline, [...here, index]);
        });
      }
      if (named.length > 0 && isMap(value)) {
        for (const item of value.items) {
          if (isMap(item.value))
            check(item.value, named, [...here, keyName(item.key)]);
        }
      }
    }
  };

  return {
    topLevelKey: (key, node, problems) => {
      if (topLevelKeys.includes(key)) return true;
      const closest = suggest() ? closestName(key, topLevelKeys) : undefined;
      problems.push({
        path: key,
        // Without a close key, as this refusal has always read.
        message: closest
          ? `unknown top-level key "${key}" (did you mean "${closest}"?)`
          : `unknown top-level key; expected one of ${topLevelKeys.join(', ')}`,
        line: lineOf(node),
      });
      return false;
    },
    sectionEntry: (section, name, entry, problems) => {
      sink = problems;
      check(entry, sectionKinds(section), [section, name]);
    },
  };
}

/** The kinds an entry of a top-level section may be. */
function sectionKinds(section: string): string[] {
  return ROOT.named.get(section) ?? [];
}
