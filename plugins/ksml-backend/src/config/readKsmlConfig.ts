import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  KsmlChartReference,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import {
  ChartSource,
  ClusterTarget,
  KafkaConnection,
  KsmlTestsOptions,
  pemCaFile,
  PrivateFiles,
  PrometheusOptions,
  readValuesFile,
  RemoteProvisionerOptions,
  Values,
} from '@ksml-backstage/plugin-ksml-node';
import { existsSync, readFileSync } from 'node:fs';
import { readKafkaConfig } from './readKafkaConfig';
import { readPrometheusConfig } from './readPrometheusConfig';

/** The plugin's configuration, read once at startup into typed values. */
export interface KsmlPluginConfig {
  chart: ChartSource;
  customValues?: Values;
  /**
   * Custom values of the environments that have their own
   * (`ksml.environments.<name>.customValuesFile`), layered over `customValues`.
   */
  environmentValues: Record<string, Values>;
  /** Kafka properties the operator marks secret (`ksml.secretKafkaProperties`). */
  secretKafkaProperties: string[];
  /** How long a read permission decision is reused (`ksml.readPermissionCacheSeconds`), in ms. */
  readDecisionTtlMs: number;
  /** Live log streams open at once (`ksml.liveLogs.maxPerUser`, `ksml.liveLogs.maxTotal`). */
  liveLogs: { perUser: number; total: number };
  /** Where and how KSML tests run (`ksml.tests`). */
  tests: KsmlTestsOptions;
  /** How an ownership rule is read for an app no entity describes (`ksml.permissions.unownedApps`). */
  unownedApps: 'deploy' | 'all';
  helm: { binary: string; timeoutSeconds: number };
  /** Names of the configured environments; undefined when any environment is accepted. */
  environments?: string[];
  /** The cluster and namespace of an environment; an InputError for an unknown one. */
  resolveTarget(environment: string): ClusterTarget;
  /** Environments served by a standalone provisioner instead of a cluster. */
  provisioners: Record<string, RemoteProvisionerOptions>;
  /**
   * The Kafka cluster of an environment (`ksml.environments.<name>.kafka`, else `ksml.kafka`),
   * for preflight checks and lag; undefined when none is configured.
   */
  kafkaOf(environment: string): KafkaConnection | undefined;
  /**
   * The config key {@link KsmlPluginConfig.kafkaOf} read an environment's cluster from
   * (`ksml.environments.<name>.kafka` or `ksml.kafka`), for messages naming it; undefined
   * when none is configured.
   */
  kafkaKeyOf(environment: string): string | undefined;
  /**
   * The Prometheus of the environments that have one (`ksml.environments.<name>.prometheus`):
   * the source of an app's trend longer than the hour the backend keeps.
   */
  prometheus: Record<string, PrometheusOptions>;
  /**
   * Environments in operator mode (`ksml.environments.<name>.operator: true`): a deploy writes a
   * KsmlApp that a provisioner in operator mode reconciles.
   */
  operatorEnvironments: string[];
}

const SERVICE_ACCOUNT_NAMESPACE =
  '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace the backend runs in, when it runs in a pod; else `default`. */
function ownNamespace(): string {
  return existsSync(SERVICE_ACCOUNT_NAMESPACE)
    ? readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim()
    : 'default';
}

/**
 * Reads `ksml.*` (see config.d.ts). Throws at startup, naming the key, when the config is
 * unusable, so a broken setup never answers requests.
 */
export function readKsmlConfig(
  root: Config,
  files: PrivateFiles,
): KsmlPluginConfig {
  const config = root.getConfig('ksml');
  const chart = readChart(config.getConfig('chart'), files);
  const customValuesFile = config.getOptionalString('customValuesFile');
  const customValues = customValuesFile
    ? readValuesFile(customValuesFile, 'ksml.customValuesFile')
    : undefined;
  const defaultNamespace =
    config.getOptionalString('namespace') ?? ownNamespace();
  const defaultCluster = readCluster(
    config.getOptionalConfig('cluster'),
    'ksml.cluster',
    files,
  );

  const defaultKafka = readKafkaConfig(
    config.getOptionalConfig('kafka'),
    'ksml.kafka',
  );
  const envConfig = config.getOptionalConfig('environments');
  const kafka = new Map<string, KafkaConnection>();
  const operatorEnvironments: string[] = [];
  const targets = new Map<string, ClusterTarget>();
  const provisioners: Record<string, RemoteProvisionerOptions> = {};
  const environmentValues: Record<string, Values> = {};
  const prometheus: Record<string, PrometheusOptions> = {};
  for (const name of envConfig?.keys() ?? []) {
    const env = envConfig!.getConfig(name);
    const valuesKey = `ksml.environments.${name}.customValuesFile`;
    const valuesFile = env.getOptionalString('customValuesFile');
    if (
      valuesFile &&
      (env.has('provisioner') || env.getOptionalBoolean('operator'))
    ) {
      // There the provisioner makes the values, with its own CUSTOM_VALUES_FILE.
      throw new Error(
        `${valuesKey}: the provisioner of this environment makes its values; set its CUSTOM_VALUES_FILE instead`,
      );
    }
    if (valuesFile)
      environmentValues[name] = readValuesFile(valuesFile, valuesKey);
    const envKafka = readKafkaConfig(
      env.getOptionalConfig('kafka'),
      `ksml.environments.${name}.kafka`,
    );
    if (envKafka) kafka.set(name, envKafka);
    const prometheusKey = `ksml.environments.${name}.prometheus`;
    const envPrometheus = readPrometheusConfig(
      env.getOptionalConfig('prometheus'),
      prometheusKey,
      files,
    );
    if (envPrometheus) prometheus[name] = envPrometheus;
    const remote = env.getOptionalConfig('provisioner');
    if (env.getOptionalBoolean('operator')) {
      if (remote) {
        throw new Error(
          `ksml.environments.${name}.operator: the provisioner there reconciles KsmlApps itself; set either operator (with cluster) or provisioner, not both`,
        );
      }
      operatorEnvironments.push(name);
    }
    if (remote) {
      const key = `ksml.environments.${name}.provisioner`;
      if (env.has('cluster')) {
        throw new Error(`${key}: set either cluster or provisioner, not both`);
      }
      const url = remote.getString('url');
      if (!/^https?:\/\//.test(url)) {
        throw new Error(
          `${key}.url: must be an http:// or https:// URL (got ${url})`,
        );
      }
      const caFile = remote.getOptionalString('caFile');
      provisioners[name] = {
        url,
        username: remote.getOptionalString('auth.username'),
        password: remote.getOptionalString('auth.password'),
        caFile: caFile ? pemCaFile(caFile, files) : undefined,
      };
      if (envPrometheus && !env.has('namespace')) {
        // Its series name the pods' namespace, which only the provisioner's NAMESPACE knows.
        throw new Error(
          `${prometheusKey}: needs ksml.environments.${name}.namespace, the provisioner's NAMESPACE, to find the app's series`,
        );
      }
      // History and locks name the app's place: the configured namespace, else the URL's host.
      targets.set(name, {
        namespace: env.getOptionalString('namespace') ?? new URL(url).host,
      });
      continue;
    }
    const cluster = env.has('cluster')
      ? readCluster(
          env.getConfig('cluster'),
          `ksml.environments.${name}.cluster`,
          files,
        )
      : defaultCluster;
    targets.set(name, {
      ...cluster,
      namespace: env.getOptionalString('namespace') ?? defaultNamespace,
    });
  }
  const environments = envConfig ? [...targets.keys()] : undefined;

  return {
    chart,
    customValues,
    environmentValues,
    secretKafkaProperties:
      config.getOptionalStringArray('secretKafkaProperties') ?? [],
    readDecisionTtlMs:
      (config.getOptionalNumber('readPermissionCacheSeconds') ?? 5) * 1000,
    tests: readTests(config.getOptionalConfig('tests')),
    liveLogs: {
      perUser: config.getOptionalNumber('liveLogs.maxPerUser') ?? 3,
      total: config.getOptionalNumber('liveLogs.maxTotal') ?? 100,
    },
    unownedApps: readUnownedApps(
      config.getOptionalString('permissions.unownedApps'),
    ),
    helm: {
      binary: config.getOptionalString('helm.binary') ?? 'helm',
      timeoutSeconds: config.getOptionalNumber('helm.timeoutSeconds') ?? 300,
    },
    environments,
    provisioners,
    kafkaOf: environment => kafka.get(environment) ?? defaultKafka,
    kafkaKeyOf: environment => {
      if (kafka.has(environment))
        return `ksml.environments.${environment}.kafka`;
      return defaultKafka ? 'ksml.kafka' : undefined;
    },
    operatorEnvironments,
    prometheus,
    resolveTarget(environment: string): ClusterTarget {
      if (!environments)
        return { ...defaultCluster, namespace: defaultNamespace };
      const target = targets.get(environment);
      if (!target) {
        throw withReason(
          new InputError(
            `environment: "${environment}" is not configured; use one of ${environments.join(
              ', ',
            )}`,
          ),
          'UnknownEnvironment',
        );
      }
      return target;
    },
  };
}

function readChart(config: Config, files: PrivateFiles): ChartSource {
  const path = config.getOptionalString('path');
  const registryUrl = config.getOptionalString('registryUrl');
  const repositoryUrl = config.getOptionalString('repositoryUrl');
  const given = [path, registryUrl, repositoryUrl].filter(Boolean).length;
  if (given !== 1) {
    throw new Error(
      'ksml.chart: set exactly one of registryUrl, repositoryUrl or path',
    );
  }
  if (path) return { kind: 'path', path };
  if (registryUrl && !registryUrl.startsWith('oci://')) {
    throw new Error(
      `ksml.chart.registryUrl: must start with oci:// (got ${registryUrl}); use repositoryUrl for a classic Helm repository`,
    );
  }
  const caFile = config.getOptionalString('caFile');
  return {
    kind: registryUrl ? 'oci' : 'repository',
    url: (registryUrl ?? repositoryUrl)!,
    name: config.getOptionalString('name') ?? 'ksml',
    version: config.getString('version'),
    username: config.getOptionalString('auth.username'),
    password: config.getOptionalString('auth.password'),
    caFile: caFile ? pemCaFile(caFile, files) : undefined,
    insecureSkipTlsVerify:
      config.getOptionalBoolean('insecureSkipTlsVerify') ?? false,
  };
}

/** A cluster connection; URL + token clusters get a private 0600 kubeconfig (no token in argv). */
function readCluster(
  config: Config | undefined,
  key: string,
  files: PrivateFiles,
): Omit<ClusterTarget, 'namespace'> {
  if (!config) return {};
  const url = config.getOptionalString('url');
  if (!url) {
    return {
      kubeconfigPath: config.getOptionalString('kubeconfigPath'),
      context: config.getOptionalString('context'),
    };
  }
  const token = config.getOptionalString('token');
  if (!token) throw new Error(`${key}.token: is required with ${key}.url`);
  const caFile = config.getOptionalString('caFile');
  const cluster: Record<string, unknown> = { server: url };
  if (caFile)
    cluster['certificate-authority-data'] = Buffer.from(
      readFileSync(caFile),
    ).toString('base64');
  if (config.getOptionalBoolean('skipTLSVerify'))
    cluster['insecure-skip-tls-verify'] = true;
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'ksml', cluster }],
    users: [{ name: 'ksml', user: { token } }],
    contexts: [{ name: 'ksml', context: { cluster: 'ksml', user: 'ksml' } }],
    'current-context': 'ksml',
  };
  return {
    kubeconfigPath: files.write('kubeconfig.json', JSON.stringify(kubeconfig)),
    context: 'ksml',
  };
}

/** The chart as GitOps manifests name it: location, name and version, never credentials. */
export function chartReference(chart: ChartSource): KsmlChartReference {
  if (chart.kind === 'path') return { kind: 'path' };
  return {
    kind: chart.kind,
    url: chart.url,
    name: chart.name,
    version: chart.version,
  };
}

/** `ksml.permissions.unownedApps`: `deploy` (default) or `all`; anything else is refused. */
function readUnownedApps(value: string | undefined): 'deploy' | 'all' {
  if (value === undefined || value === 'deploy' || value === 'all') {
    return value ?? 'deploy';
  }
  throw new InputError(
    `ksml.permissions.unownedApps: must be "deploy" or "all", not "${value}"`,
  );
}

/** `ksml.tests`: where `POST /test` and a deploy with `requireTests` run KSML's test runner. */
function readTests(config: Config | undefined): KsmlTestsOptions {
  if (!config) return {};
  const runOn = config.getOptionalString('runOn');
  if (runOn !== undefined && runOn !== 'local' && runOn !== 'cluster') {
    throw new Error(
      `ksml.tests.runOn: must be local or cluster (got "${runOn}")`,
    );
  }
  const local = config.getOptionalConfig('local');
  if (runOn === 'local' && !local) {
    throw new Error(
      'ksml.tests.local.home: is required when ksml.tests.runOn is local: the folder of ksml-test.jar and its libs/',
    );
  }
  const timeoutSeconds = config.getOptionalNumber('timeoutSeconds');
  return {
    ...(runOn ? { runOn } : {}),
    ...(local
      ? {
          local: {
            home: local.getString('home'),
            javaHome: local.getOptionalString('javaHome'),
          },
        }
      : {}),
    clusterJavaOptions: config.getOptionalStringArray('clusterJavaOptions'),
    ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}),
  };
}
