import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatDefinitionProblems, validateDefinition } from './definition';
import { KSML_STARTERS, starterDefinition } from './starters';
import { KSML_VERSION, ksmlSourceLocation } from './testing/ksmlSource';
import { vendoredDefinitions } from './testing/vendoredDefinitions';

// Real definitions the validator must accept: our starters and examples, and KSML's own
// (a representative set copied into __fixtures__, and all of them when KSML's source is here).

const REPO = join(__dirname, '../../..');
const FIXTURES = join(__dirname, '__fixtures__');
const VENDORED_FIXTURES = join(FIXTURES, `ksml-${KSML_VERSION}`);

/** Every .yaml file under a folder, by its path inside it. */
function yamlFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(folder, path), readFileSync(path, 'utf8'));
    }
  }
  return files;
}

/** The definitions among `files` that the validator refuses, with its problems. */
function refused(files: Map<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, text] of files) {
    const problems = validateDefinition(text);
    if (problems.length > 0) result[path] = formatDefinitionProblems(problems);
  }
  return result;
}

/**
 * KSML's definitions the validator refuses for other reasons than keys, and why: fragments of
 * its docs that define nothing to run or name what they do not define, one docs example
 * that names a function and a stream it lacks (the runner stops at it: "Unknown function"), and
 * docs examples whose functions lack a resultType.
 */
const REFUSED_UPSTREAM: Record<string, RegExp> = {
  'docs/local-docker-compose-setup/examples/processor.yaml':
    /"explode_order_items" is not a function of this definition.*"items_output" is not a stream/,
  'ksml/src/test/resources/docs-examples/introduction/example-function-definition.yaml':
    /^defines no pipelines and no producers/,
  'ksml/src/test/resources/docs-examples/introduction/example-stream-definition.yaml':
    /^defines no pipelines and no producers/,
  'ksml/src/test/resources/docs-examples/introduction/example-pipeline-definition.yaml':
    /pipelines\.my_pipeline\.via\[1\]\.mapper: needs a resultType/,
  // Functions without the resultType their kind needs: the runner refuses each ("Function type
  // 'valueTransformer' requires an explicit resultType"), as the differential test shows.
  'ksml/src/test/resources/docs-examples/reference/operations/selectkey-processor.yaml':
    /pipelines\.rekey_user_events\.via\[0\]\.mapper: needs a resultType/,
  'ksml/src/test/resources/docs-examples/use-cases/fraud-detection/fraud-detection-machine-learning.yaml':
    /needs a resultType/,
  // Its function's parameter has the type "object", which is none (the runner: 'Schema "object"
  // can not be used for notation binary').
  'ksml/src/test/resources/docs-examples/use-cases/fraud-detection/fraud-notifications.yaml':
    /functions\.generate_notification: needs a resultType/,
  'ksml/src/test/resources/docs-examples/use-cases/fraud-detection/fraud-pattern-detection.yaml':
    /functions\.calculate_fraud_score: needs a resultType/,
  'ksml/src/test/resources/docs-examples/use-cases/iot-data-processing/edge-processing.yaml':
    /pipelines\.edge_preprocessing\.via\[1\]\.mapper: needs a resultType/,
  // A store without its key and value types: the runner fails on it (a NullPointerException).
  'ksml/src/test/resources/docs-examples/use-cases/iot-data-processing/device-state-tracking.yaml':
    /stores\.device_state_store\.keyType: is required/,
  'ksml/src/test/resources/docs-examples/use-cases/iot-data-processing/processing-geospatial-data.yaml':
    /functions\.calculate_distance: needs a resultType/,
};

describe('the definition validator on real definitions', () => {
  it.each(KSML_STARTERS)('accepts the %s starter', starter => {
    expect(
      validateDefinition(starterDefinition(starter, { application: 'app' })),
    ).toEqual([]);
  });

  it("accepts this repository's examples (examples/definitions)", () => {
    const examples = yamlFiles(join(REPO, 'examples/definitions'));
    expect(examples.size).toBeGreaterThan(0);
    expect(refused(examples)).toEqual({});
  });

  it(`accepts the copies of KSML ${KSML_VERSION}'s definitions in __fixtures__, and every-operation.yaml`, () => {
    const fixtures = yamlFiles(FIXTURES);
    expect(fixtures.size).toBe(16);
    expect(refused(fixtures)).toEqual({});
  });
});

const source = ksmlSourceLocation();
// Skipped on a developer's machine without the source; never in CI, where a missing source
// fails the suite (the runner's image is built from the same archive).
const describeWithSource =
  source.found || process.env.CI ? describe : describe.skip;

describeWithSource(
  source.found
    ? `the definition validator on KSML's source at ${source.path}`
    : `the definition validator on KSML's source (not found at ${source.path}; set KSML_SOURCE to a KSML source folder or .tar.gz)`,
  () => {
    const vendored = source.found
      ? vendoredDefinitions(source.path)
      : new Map<string, string>();

    it(`accepts every one of its ${vendored.size} definitions`, () => {
      expect(vendored.size).toBeGreaterThanOrEqual(327);
      const result = refused(vendored);
      expect(Object.keys(result).sort()).toEqual(
        Object.keys(REFUSED_UPSTREAM).sort(),
      );
      for (const [path, reason] of Object.entries(REFUSED_UPSTREAM)) {
        expect(result[path]).toMatch(reason);
      }
    }, 60_000);

    it('has __fixtures__ copies that match it', () => {
      const fixtures = yamlFiles(VENDORED_FIXTURES);
      for (const [path, text] of fixtures) {
        expect({ path, text }).toEqual({ path, text: vendored.get(path) });
      }
    });
  },
);
