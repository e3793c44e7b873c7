import {
  DeployRequest,
  definitionFiles,
  definitionNameOf,
} from '@ksml-backstage/plugin-ksml-common';
import { parseDocument } from 'yaml';

/**
 * What KSML's test runner reads for a request, by path under one folder: the definitions in
 * `definitions/` (as the chart names them), the schemas in `schemas/`, and each suite in
 * `tests/`, pointed at those (its `definition` and `schemaDirectory` rewritten; its `name`
 * defaulted to the request's suite name, so results carry it).
 */
export function testRunFiles(
  request: Pick<
    DeployRequest,
    'application' | 'definition' | 'definitions' | 'schemas' | 'tests'
  >,
): Record<string, string> {
  const files: Record<string, string> = {};
  const definitionTexts = request.definitions ?? {
    [request.application]: request.definition ?? '',
  };
  const fileNames = definitionFiles(request);
  for (const [namespace, file] of Object.entries(fileNames)) {
    files[`definitions/${file}`] = definitionTexts[namespace];
  }
  for (const schema of request.schemas) {
    files[`schemas/${schema.schemaFileName}`] = schema.schemaBody;
  }
  for (const [suite, text] of Object.entries(request.tests ?? {})) {
    const doc = parseDocument(text);
    const namespace = definitionNameOf(
      String(doc.get('definition') ?? ''),
      Object.keys(fileNames),
    );
    if (namespace === undefined) {
      // The request's schema refuses such a suite before anything runs.
      throw new Error(`test suite ${suite} names no definition of the request`);
    }
    doc.set('definition', `../definitions/${fileNames[namespace]}`);
    if (request.schemas.length > 0) doc.set('schemaDirectory', '../schemas');
    else doc.delete('schemaDirectory');
    if (!doc.has('name')) doc.set('name', suite);
    files[`tests/${suite}.yaml`] = doc.toString();
  }
  return files;
}
