import { DEFINITION_KINDS, ROOT_KIND } from './definitionKinds';
import {
  definitionKindsFromSpec,
  LANGUAGE_SPEC_PATH,
  TOP_LEVEL_KEYS_BEYOND_SPEC,
} from './testing/definitionKindsFromSpec';
import { ksmlSourceLocation, readKsmlSource } from './testing/ksmlSource';

const PARSERS = 'ksml/src/main/java/io/axual/ksml';
const TOPOLOGY_PARSER = `${PARSERS}/definition/parser/TopologyDefinitionParser.java`;
const DSL = `${PARSERS}/dsl/KSMLDSL.java`;

const source = ksmlSourceLocation();
// Skipped on a developer's machine without the source; never in CI, where a missing source
// fails the suite (the runner's image is built from the same archive).
const describeWithSource =
  source.found || process.env.CI ? describe : describe.skip;
const from = source.found
  ? `KSML's source at ${source.path}`
  : `KSML's source, not found at ${source.path} (set KSML_SOURCE to a KSML source folder or .tar.gz)`;

describe('definitionKinds', () => {
  it('names only kinds it defines', () => {
    const named = Object.values(DEFINITION_KINDS).flatMap(kind =>
      [...Object.values(kind.inline ?? {}), ...Object.values(kind.named ?? {})]
        .join(' ')
        .split(' ')
        .filter(Boolean),
    );
    expect(named.filter(name => !DEFINITION_KINDS[name])).toEqual([]);
    expect(Object.keys(DEFINITION_KINDS[ROOT_KIND].named ?? {})).toEqual([
      'functions',
      'globalTables',
      'pipelines',
      'producers',
      'stores',
      'streams',
      'tables',
    ]);
  });
});

describeWithSource(`definitionKinds, held to ${from}`, () => {
  const files = source.found
    ? readKsmlSource(source.path, path =>
        [LANGUAGE_SPEC_PATH, TOPOLOGY_PARSER, DSL].includes(path),
      )
    : new Map<string, string>();

  it("is KSML's language spec", () => {
    const spec = files.get(LANGUAGE_SPEC_PATH);
    expect(spec).toBeDefined();
    const { root, kinds } = definitionKindsFromSpec(JSON.parse(spec!));
    expect(root).toBe(ROOT_KIND);
    expect(DEFINITION_KINDS).toEqual(kinds);
  });

  it('has the top-level keys the topology parser reads beyond the spec', () => {
    // `stringField(KSMLDSL.NAME, true, ...)`: a field the parser reads, constant in its schema.
    const constants = [
      ...files
        .get(TOPOLOGY_PARSER)!
        .matchAll(/stringField\(KSMLDSL\.(\w+), true,/g),
    ].map(match => match[1]);
    const dsl = files.get(DSL)!;
    const keys = constants.map(
      constant => new RegExp(`String ${constant} = "([^"]+)"`).exec(dsl)?.[1],
    );
    expect(keys).toEqual(TOP_LEVEL_KEYS_BEYOND_SPEC);
  });
});
