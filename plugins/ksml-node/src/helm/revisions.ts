import { createHash } from 'node:crypto';
import type {
  KsmlRevision,
  KsmlRevisionChanges,
} from '@ksml-backstage/plugin-ksml-common';
import { HelmReleaseJson, isoSeconds } from './releaseRecords';

type Values = Record<string, unknown>;

/** What a revision's values say about the app, as far as its history shows it. */
interface Facts {
  replicas?: number;
  deploymentMode?: string;
  definitionDigest?: string;
  kafka: Record<string, unknown>;
  chartVersion: string;
}

function factsOf(record: HelmReleaseJson): Facts {
  const values: Values = record.config ?? {};
  const definitions = values.ksmlDefinitions as Values | undefined;
  const runner = values.ksmlRunnerConfig as { kafka?: Values } | undefined;
  return {
    replicas:
      typeof values.replicaCount === 'number' ? values.replicaCount : undefined,
    deploymentMode:
      typeof values.deploymentMode === 'string'
        ? values.deploymentMode
        : undefined,
    definitionDigest: definitions
      ? createHash('sha256')
          .update(
            JSON.stringify(
              Object.keys(definitions)
                .sort()
                .map(name => [name, definitions[name]]),
            ),
          )
          .digest('hex')
          .slice(0, 12)
      : undefined,
    kafka: runner?.kafka ?? {},
    chartVersion: record.chart?.metadata?.version ?? '',
  };
}

/** What changed from `before` to `after`; secret values are `${env:…}` references, never shown. */
function changesBetween(before: Facts, after: Facts): KsmlRevisionChanges {
  const changes: KsmlRevisionChanges = {};
  if (before.replicas !== after.replicas)
    changes.replicas = { from: before.replicas, to: after.replicas };
  if (before.chartVersion !== after.chartVersion)
    changes.chartVersion = {
      from: before.chartVersion,
      to: after.chartVersion,
    };
  if (before.definitionDigest !== after.definitionDigest)
    changes.definition = true;
  if (before.deploymentMode !== after.deploymentMode)
    changes.deploymentMode = {
      from: before.deploymentMode,
      to: after.deploymentMode,
    };
  const names = new Set([
    ...Object.keys(before.kafka),
    ...Object.keys(after.kafka),
  ]);
  const kafkaProperties = [...names]
    .filter(
      name =>
        JSON.stringify(before.kafka[name]) !==
        JSON.stringify(after.kafka[name]),
    )
    .sort();
  if (kafkaProperties.length > 0) changes.kafkaProperties = kafkaProperties;
  return changes;
}

/**
 * A release's Helm revisions as the history shows them, newest first: status, chart, when,
 * Helm's description, and what each changed from the revision before it (replicas, definition
 * digest, Kafka properties by name, chart version, mode). Pure: the records are read elsewhere.
 */
export function describeRevisions(records: HelmReleaseJson[]): KsmlRevision[] {
  const ascending = [...records].sort((a, b) => a.version - b.version);
  const described = ascending.map((record, i) => {
    const facts = factsOf(record);
    const previous = i > 0 ? factsOf(ascending[i - 1]) : undefined;
    return {
      revision: record.version,
      status: record.info?.status ?? 'unknown',
      chartVersion: facts.chartVersion,
      appVersion: record.chart?.metadata?.appVersion ?? '',
      deployedAt: isoSeconds(record.info?.last_deployed ?? ''),
      description: record.info?.description ?? '',
      ...(facts.replicas !== undefined ? { replicas: facts.replicas } : {}),
      ...(facts.deploymentMode ? { deploymentMode: facts.deploymentMode } : {}),
      ...(facts.definitionDigest
        ? { definitionDigest: facts.definitionDigest }
        : {}),
      changes: previous ? changesBetween(previous, facts) : {},
    };
  });
  return described.reverse();
}
