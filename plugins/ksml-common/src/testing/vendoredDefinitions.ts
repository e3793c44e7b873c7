import { definitionMapping } from '../definitionParse';
import { readKsmlSource } from './ksmlSource';

/**
 * Test helper: the KSML definitions in KSML's own source, for tests that hold the validator
 * (and the runner) to them.
 */

const SECTIONS = [
  'streams',
  'tables',
  'globalTables',
  'stores',
  'functions',
  'pipelines',
  'producers',
];
/** Top-level keys of the other YAML files in KSML's source: runner configs, test runner specs. */
const NOT_DEFINITIONS = ['ksml', 'kafka', 'tests', 'definition'];

/**
 * The KSML definitions in KSML's source (a folder or .tar.gz): the YAML files of its examples,
 * docs and test resources with a definition's sections and none of a runner config's or a test
 * spec's keys, by their path inside the source.
 */
export function vendoredDefinitions(location: string): Map<string, string> {
  const files = readKsmlSource(location, path =>
    /^(examples\/|docs\/|[^/]+\/src\/test\/resources\/).*\.ya?ml$/.test(path),
  );
  return new Map(
    [...files].filter(([, text]) => {
      const keys = Object.keys(definitionMapping(text) ?? {});
      return (
        keys.some(key => SECTIONS.includes(key)) &&
        !keys.some(key => NOT_DEFINITIONS.includes(key))
      );
    }),
  );
}
