import type { DefinitionKind } from '../definitionKeys';
import { KSML_VERSION } from './ksmlSource';

/**
 * Test helper: derives the validator's table of definition kinds (definitionKinds.ts) from
 * KSML's language spec, the JSON schema KSML's TopologyDefinitionParser generates from its own
 * parsers (`docs/ksml-language-spec.json` in KSML's source, and `ksml-runner --schema`).
 */

/** Where in KSML's source the spec is. */
export const LANGUAGE_SPEC_PATH = 'docs/ksml-language-spec.json';

/**
 * Keys TopologyDefinitionParser reads at the top level outside the schema it generates (its
 * `name`, `version` and `description` fields, marked constant, are left out of the spec).
 */
export const TOP_LEVEL_KEYS_BEYOND_SPEC = ['name', 'version', 'description'];

interface SchemaNode {
  $ref?: string;
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  title?: string;
}

interface LanguageSpec extends SchemaNode {
  $defs: Record<string, SchemaNode>;
}

/** The kinds a mapping in this value may be: its `$ref`s, directly or in an `anyOf`. */
function refs(node: SchemaNode | undefined): string[] {
  if (!node) return [];
  return [
    ...(node.$ref ? [node.$ref.replace(/^#\/\$defs\//, '')] : []),
    ...(node.anyOf ?? []).flatMap(refs),
  ];
}

function kindOf(name: string, node: SchemaNode): DefinitionKind {
  if (node.additionalProperties !== false) {
    throw new Error(
      `${name} allows keys beyond its properties: the spec changed shape`,
    );
  }
  const keys = Object.keys(node.properties ?? {});
  const kind: DefinitionKind = { keys: keys.join(' ') };
  const add = (
    field: Exclude<keyof DefinitionKind, 'keys'>,
    key: string,
    value: string,
  ) => {
    if (value === '') return;
    kind[field] = { ...kind[field], [key]: value };
  };
  for (const [key, property] of Object.entries(node.properties ?? {})) {
    add('inline', key, [...refs(property), ...refs(property.items)].join(' '));
    if (typeof property.additionalProperties === 'object') {
      add('named', key, refs(property.additionalProperties).join(' '));
    }
    // An enum that is required or defaulted is what KSML's ChoiceParser picks a kind by (an
    // operation's `type`, a window's `windowType`); an optional one is only a setting.
    const picks =
      property.enum &&
      (node.required?.includes(key) || property.default !== undefined);
    if (picks) add('picks', key, property.enum!.map(String).join(' '));
    if (picks && property.default !== undefined) {
      add('defaults', key, String(property.default));
    }
  }
  return kind;
}

/** The kinds of KSML's language spec, the whole definition's (root) first. */
export function definitionKindsFromSpec(spec: LanguageSpec): {
  root: string;
  kinds: Record<string, DefinitionKind>;
} {
  const root = spec.title ?? 'TopologyDefinition';
  const rootKind = kindOf(root, spec);
  rootKind.keys = [rootKind.keys, ...TOP_LEVEL_KEYS_BEYOND_SPEC].join(' ');
  const kinds: Record<string, DefinitionKind> = { [root]: rootKind };
  for (const name of Object.keys(spec.$defs).sort()) {
    kinds[name] = kindOf(name, spec.$defs[name]);
  }
  return { root, kinds };
}

/** definitionKinds.ts for these kinds (formatted by prettier afterwards). */
export function definitionKindsModule(
  root: string,
  kinds: Record<string, DefinitionKind>,
): string {
  const extras = TOP_LEVEL_KEYS_BEYOND_SPEC.join(', ');
  return `// KSML ${KSML_VERSION}'s definition kinds and the keys of each, for the definition validator
// (definitionKeys.ts). Generated from KSML's language spec, the JSON schema KSML's
// TopologyDefinitionParser generates from its own parsers (${LANGUAGE_SPEC_PATH} in KSML's
// source, vendored at ../shared/vendor/ksml-${KSML_VERSION}-src.tar.gz), plus the top-level keys
// ${extras}, which that parser reads outside that schema.
// Do not edit: regenerate with \`bash plugins/ksml-common/scripts/definition-kinds.sh\`;
// definitionKinds.test.ts fails while this table and the spec differ.

import type { DefinitionKind } from './definitionKeys';

/** The kind of a whole definition. */
export const ROOT_KIND = ${JSON.stringify(root)};

/** Every kind, by the name KSML's spec gives it. */
export const DEFINITION_KINDS: Record<string, DefinitionKind> = ${JSON.stringify(
    kinds,
  )};
`;
}
