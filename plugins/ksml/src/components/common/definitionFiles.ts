import type { KsmlDefinitionResponse } from '@ksml-backstage/plugin-ksml-common';

/**
 * The file a KSML namespace's definition is in, in the runner's ConfigMap (`<namespace>.yaml`,
 * as the deploy request's `definitionFiles` names it): its name in a diff and a download.
 */
export function definitionFileName(namespace: string): string {
  return `${namespace}.yaml`;
}

/** Definitions by KSML namespace as files: `<namespace>.yaml` → YAML. */
export function definitionFilesOf(
  definitions: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(definitions).map(([namespace, text]) => [
      definitionFileName(namespace),
      text,
    ]),
  );
}

/**
 * Every file a revision runs, by its name in the runner's ConfigMap: the definitions
 * (`<namespace>.yaml`) and the schema files. What two revisions' diff compares.
 */
export function runFilesOf(
  revision: Pick<KsmlDefinitionResponse, 'definitions' | 'schemas'>,
): Record<string, string> {
  return {
    ...definitionFilesOf(revision.definitions),
    ...Object.fromEntries(
      revision.schemas.map(schema => [
        schema.schemaFileName,
        schema.schemaBody,
      ]),
    ),
  };
}
