import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  KSML_STARTERS,
  starterDefinition,
} from '@ksml-backstage/plugin-ksml-common';
import {
  readKsmlSource,
  vendoredDefinitions,
} from '@ksml-backstage/plugin-ksml-common/testUtils';
import { repoRoot } from '../env';
import { MutationKind, mutationsOf } from './mutations';
import type { RunnerCase } from './runnerJudge';

/**
 * The differential test's corpus: KSML's own definitions (its examples, docs and test resources
 * in the vendored source), our starters and examples, and generated mutations of the sound ones.
 */

/** A case of the corpus. */
export interface DifferentialCase extends RunnerCase {
  origin: 'ksml' | 'starter' | 'example' | 'mutation' | 'beside-broken';
  /** For a mutation: its kind and the place it changed (as the validator names places). */
  kind?: MutationKind;
  place?: string;
}

/** The KSML namespace every case's (main) definition runs in. */
export const NAMESPACE = 'app';

const SCHEMA_FILE = /\.(avsc|json|xsd|proto|csv)$/;

/**
 * KSML's definitions with the schema files a runner's schema directory would hold for them:
 * those of their own folder, else (docs examples that borrow them) those of KSML's `examples/`.
 * By their path inside KSML's source.
 */
function ksmlCases(source: string): DifferentialCase[] {
  const definitions = vendoredDefinitions(source);
  const schemas = readKsmlSource(
    source,
    path =>
      SCHEMA_FILE.test(path) &&
      /^(examples\/|docs\/|[^/]+\/src\/test\/resources\/)/.test(path),
  );
  const schemasIn = (folder: string) =>
    Object.fromEntries(
      [...schemas]
        .filter(([path]) => dirname(path) === folder)
        .map(([path, text]) => [path.slice(folder.length + 1), text]),
    );
  const examples = schemasIn('examples');
  return [...definitions].map(([path, text]) => ({
    id: path,
    origin: 'ksml',
    definitions: { [NAMESPACE]: text },
    schemas: { ...examples, ...schemasIn(dirname(path)) },
  }));
}

/** The schemas of the template's skeleton, which the starters' avro types name. */
function templateSchemas(): Record<string, string> {
  const folder = join(repoRoot, 'templates/ksml-app/skeleton/schemas');
  return Object.fromEntries(
    readdirSync(folder).map(name => [
      name,
      readFileSync(join(folder, name), 'utf8'),
    ]),
  );
}

/** Our starters, as the template writes them for an app named `app`, with its schemas. */
function starterCases(): DifferentialCase[] {
  return KSML_STARTERS.map(starter => ({
    id: `starter:${starter}`,
    origin: 'starter',
    definitions: {
      [NAMESPACE]: starterDefinition(starter, { application: 'app' }),
    },
    schemas: templateSchemas(),
  }));
}

/**
 * This repository's example definitions (examples/definitions), and the validator's fixture of
 * every operation, sink and store (plugins/ksml-common/src/__fixtures__/every-operation.yaml).
 */
function exampleCases(): DifferentialCase[] {
  const folder = join(repoRoot, 'examples/definitions');
  const fixture = join(
    repoRoot,
    'plugins/ksml-common/src/__fixtures__/every-operation.yaml',
  );
  return [
    ...readdirSync(folder)
      .filter(name => name.endsWith('.yaml'))
      .map(name => join(folder, name)),
    fixture,
  ].map(path => ({
    id: `example:${basename(path)}`,
    origin: 'example',
    definitions: { [NAMESPACE]: readFileSync(path, 'utf8') },
    schemas: templateSchemas(),
  }));
}

/**
 * The whole corpus. Mutations are made of the starters, our examples and KSML's `examples/`
 * folder (the definitions a developer starts from); each starter also runs beside a definition
 * that is not YAML, which the runner skips without a word.
 */
export function differentialCorpus(source: string): DifferentialCase[] {
  const ksml = ksmlCases(source);
  const bases = [
    ...starterCases(),
    ...exampleCases(),
    ...ksml.filter(c => /^examples\/[^/]+$/.test(c.id)),
  ];
  const mutations = bases.flatMap(base =>
    mutationsOf(base.definitions[NAMESPACE]).map(
      (mutation): DifferentialCase => ({
        id: `${base.id}~${mutation.kind}`,
        origin: 'mutation',
        kind: mutation.kind,
        place: mutation.place,
        definitions: { [NAMESPACE]: mutation.text },
        schemas: base.schemas,
      }),
    ),
  );
  const besideBroken = starterCases().map(
    (starter): DifferentialCase => ({
      ...starter,
      id: `${starter.id}+broken`,
      origin: 'beside-broken',
      place: 'broken',
      definitions: { ...starter.definitions, broken: 'streams: [unclosed\n' },
    }),
  );
  return [
    ...starterCases(),
    ...exampleCases(),
    ...ksml,
    ...mutations,
    ...besideBroken,
  ];
}
