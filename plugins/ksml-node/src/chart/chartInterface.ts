/**
 * Facts of the public KSML Helm chart (1.2.x, 1.3.x and the 2.0 line) that the provisioner
 * builds on. The chart is the contract: every value we generate must work on it as it is
 * (docs/chart-compatibility.md).
 */

/**
 * ConfigMap keys the chart writes itself beside the definition and schema files: a user file
 * with one of these names would collide with it (Helm keeps one of the two silently).
 */
export const RESERVED_CONFIGMAP_KEYS = [
  'ksml-runner.yaml',
  'ksml-metrics-config.yml',
] as const;

/**
 * Kafka settings the chart writes at the top of `ksml-runner.yaml`'s `kafka:` map itself:
 * setting one again in `ksmlRunnerConfig.kafka` makes a duplicate key, which runner 2.0
 * refuses at start-up and runners 1.2/1.3 resolve by dropping the chart's line.
 */
export const CHART_KAFKA_SETTINGS: Readonly<Record<string, string>> = {
  'config.providers': 'env',
  'config.providers.env.class':
    'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
  'group.instance.id': '${env:KSML_GROUP_INSTANCE_ID}',
};

/** The runner's container in the chart's StatefulSet and Job. */
export const KSML_CONTAINER = 'ksml';

/** Size limit of the store's emptyDir when the app has no storage (and always for a Job). */
export const EMPTY_DIR_STORE_LIMIT = '10 MiB';

/** The chart's name, as in its `Chart.yaml`. */
const CHART_NAME = 'ksml';

/**
 * The chart's full name of the release's objects (its `ksml.fullname` helper):
 * `fullnameOverride`; else the release name when it contains the chart name (or
 * `nameOverride`); else `<release>-<name>`; cut at 63 characters without a trailing '-'.
 */
export function chartFullname(
  release: string,
  values: { nameOverride?: unknown; fullnameOverride?: unknown } = {},
): string {
  const name =
    typeof values.nameOverride === 'string' && values.nameOverride
      ? values.nameOverride
      : CHART_NAME;
  let full = release.includes(name) ? release : `${release}-${name}`;
  if (typeof values.fullnameOverride === 'string' && values.fullnameOverride)
    full = values.fullnameOverride;
  return full.slice(0, 63).replace(/-+$/, '');
}

/** The chart's workload kind for a deployment mode (matched case-insensitively, as it does). */
export function workloadKind(deploymentMode: string): 'StatefulSet' | 'Job' {
  return deploymentMode.toLowerCase() === 'job' ? 'Job' : 'StatefulSet';
}
