import { Document, LineCounter, parseDocument } from 'yaml';

/**
 * How every reader of a KSML definition parses its YAML, so the validator, the stateful-parts
 * check and the topology agree on what a text means. Duplicate keys are not the parser's to
 * refuse: its own check compares every key of a mapping with every other (seconds for a large
 * one), so the validator finds them in one pass instead; elsewhere the last one wins.
 */
const PARSE_OPTIONS = { uniqueKeys: false } as const;

/** Aliases resolved at most: an alias bomb is refused rather than expanded. */
const TO_JS_OPTIONS = { maxAliasCount: 100 } as const;

/** The definition's YAML document, with line numbers when a counter is given. */
export function parseDefinitionDocument(
  text: string,
  lineCounter?: LineCounter,
): Document.Parsed {
  return parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
}

/** A parsed definition as plain data; throws for too many aliases. */
export function definitionData(doc: Document.Parsed): unknown {
  return doc.toJS(TO_JS_OPTIONS);
}

/**
 * The definition's top-level mapping as plain data, or undefined when the text is not clean
 * YAML (a syntax error: better nothing than a partial reading), not a mapping, or an alias bomb.
 */
export function definitionMapping(
  text: string,
): Record<string, unknown> | undefined {
  try {
    const doc = parseDefinitionDocument(text);
    if (doc.errors.length > 0) return undefined;
    const data = definitionData(doc);
    return data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
