import { parseAllDocuments } from 'yaml';
import { chartFullname, workloadKind } from './chartInterface';
import { Values } from './mergeValues';
import { KafkaSecretPlan, kafkaSecretName, SECRET_ENV_PREFIX } from './secrets';

// What an installed release's own records say about it, so that an operation on it (a scale, a
// rollback) changes only what it means to and keeps everything else as it was installed.

const ENV_REFERENCE = new RegExp(
  `^\\$\\{env:(${SECRET_ENV_PREFIX}[A-Z0-9_]+)\\}$`,
);

/**
 * The Secret plan of installed values: the Kafka properties the runner takes from the app's
 * Secret (their `${env:KSML_SECRET_…}` references), without values, which stay in the Secret.
 */
export function installedSecretPlan(
  release: string,
  values: Values,
): KafkaSecretPlan {
  const kafka =
    ((values.ksmlRunnerConfig as Values | undefined)?.kafka as
      | Values
      | undefined) ?? {};
  const entries = Object.entries(kafka)
    .flatMap(([property, value]) => {
      const match = ENV_REFERENCE.exec(String(value));
      return match ? [{ property, env: match[1] }] : [];
    })
    .sort((a, b) => a.property.localeCompare(b.property));
  return { secretName: kafkaSecretName(release), entries, data: {} };
}

/** The workload installed values render. */
export function installedWorkload(
  release: string,
  values: Values,
): { kind: 'StatefulSet' | 'Job'; name: string } {
  return {
    kind: workloadKind(String(values.deploymentMode ?? 'StatefulSet')),
    name: chartFullname(release, values),
  };
}

/** The keys of a Secret that a manifest's containers read (`secretKeyRef`). */
export function secretKeysReferenced(
  manifest: string,
  secretName: string,
): string[] {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const ref = (node as { secretKeyRef?: { name?: string; key?: string } })
      .secretKeyRef;
    if (ref?.name === secretName && ref.key) keys.add(ref.key);
    Object.values(node).forEach(visit);
  };
  for (const document of parseAllDocuments(manifest)) visit(document.toJS());
  return [...keys].sort();
}

/**
 * The schema files installed values put beside the definitions (`schemaDefinitions`, file name
 * -> body), sorted by file name so that two reads of one revision compare equal.
 */
export function installedSchemas(
  values: Values,
): { schemaFileName: string; schemaBody: string }[] {
  const files =
    (values.schemaDefinitions as Record<string, unknown> | undefined) ?? {};
  return Object.entries(files)
    .flatMap(([schemaFileName, schemaBody]) =>
      typeof schemaBody === 'string' ? [{ schemaFileName, schemaBody }] : [],
    )
    .sort((a, b) => a.schemaFileName.localeCompare(b.schemaFileName));
}
