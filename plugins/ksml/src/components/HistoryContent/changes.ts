import type { KsmlRevision } from '@ksml-backstage/plugin-ksml-common';

/** What a revision changed, in words: "replicas 1 → 2; definition; Kafka properties client.id". */
export function describeChanges(revision: KsmlRevision): string {
  const { changes } = revision;
  const parts: string[] = [];
  if (changes.replicas) {
    parts.push(
      `replicas ${changes.replicas.from ?? '–'} → ${
        changes.replicas.to ?? '–'
      }`,
    );
  }
  if (changes.definition) parts.push('definition');
  if (changes.kafkaProperties?.length) {
    parts.push(`Kafka properties ${changes.kafkaProperties.join(', ')}`);
  }
  if (changes.chartVersion) {
    parts.push(
      `chart ${changes.chartVersion.from} → ${changes.chartVersion.to}`,
    );
  }
  if (changes.deploymentMode) {
    parts.push(
      `mode ${changes.deploymentMode.from ?? '–'} → ${
        changes.deploymentMode.to ?? '–'
      }`,
    );
  }
  return parts.join('; ');
}
