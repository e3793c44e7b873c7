import {
  ChartSource,
  ClusterTarget,
  pemCaFile,
  PrivateFiles,
  PrometheusOptions,
  readValuesFile,
  Values,
} from '@ksml-backstage/plugin-ksml-node';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Everything the standalone provisioner is configured with, read once at start-up. */
export interface ProvisionerConfig {
  /** HTTP(S) port (PORT, default 8080). */
  port: number;
  /** Where apps are deployed (NAMESPACE; default the pod's own namespace). */
  namespace: string;
  /** The KSML chart in an OCI registry (REGISTRY_URL, CHART_NAME, CHART_VERSION, REGISTRY_*, CLIENT_CA_FILE, INSECURE_SKIP_TLS_VERIFY). */
  chart: Extract<ChartSource, { kind: 'oci' }>;
  /** CUSTOM_VALUES_FILE, parsed. */
  customValues?: Values;
  /** SECRET_KAFKA_PROPERTIES: more Kafka properties to treat as secrets (comma-separated names or `*` patterns). */
  secretKafkaProperties: string[];
  /** The helm binary (HELM_BINARY, default `helm` from PATH) and its timeout (HELM_TIMEOUT_SECONDS, default 300). */
  helm: { binary: string; timeoutSeconds: number };
  /** KUBECONFIG (and KUBE_CONTEXT) for local runs; the in-cluster service account otherwise. */
  cluster: Omit<ClusterTarget, 'namespace'>;
  /** BASIC_AUTH_*: required credentials on every route but the health probes. */
  basicAuth?: { username: string; password: string };
  /** SERVER_TLS_CERTIFICATE and SERVER_TLS_PRIVATE_KEY (PEM content): HTTPS when both are set. */
  tls?: { cert: string; key: string };
  /** DISTRIBUTED_TRACING_ENABLED: spans exported over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT. */
  tracing?: { endpoint?: string };
  /** OPERATOR_MODE=true: reconcile KsmlApp resources in the namespace (see src/operator). */
  operator?: OperatorConfig;
  /**
   * PROMETHEUS_URL (and PROMETHEUS_TOKEN): a Prometheus scraping the runners, for
   * `GET /throughput?range=` longer than the kept hour.
   */
  prometheus?: PrometheusOptions;
}

/** Operator mode's settings. */
export interface OperatorConfig {
  /** OPERATOR_RESYNC_SECONDS (default 60): every KsmlApp is reconciled this often. */
  resyncSeconds: number;
  /** OPERATOR_LEASE_DURATION_SECONDS (default 15): a leader's Lease lasts this without renewal. */
  leaseDurationSeconds: number;
  /** OPERATOR_LEASE_NAME (default `ksml-provisioner-operator`): the Lease in the namespace. */
  leaseName: string;
  /** Who holds the Lease: POD_NAME (the chart sets it), else the host name; plus the process id. */
  identity: string;
}

/** A setting is missing or wrong; the message names the environment variable. */
export class ConfigError extends Error {
  name = 'ConfigError' as const;
}

const SERVICE_ACCOUNT_NAMESPACE =
  '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * Reads the KSML Provisioner 0.5.0 readme's environment variables (plus a few of our own,
 * documented in the README). Throws a {@link ConfigError} naming the variable when one is
 * missing or wrong, so a broken setup never starts.
 */
export function readEnv(
  env: NodeJS.ProcessEnv,
  files: PrivateFiles,
): ProvisionerConfig {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string, why = 'is required'): string => {
    const value = text(name);
    if (!value) throw new ConfigError(`${name} ${why}`);
    return value;
  };
  const flag = (name: string): boolean => {
    const value = text(name);
    if (value === undefined) return false;
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    throw new ConfigError(`${name} must be true or false (got "${value}")`);
  };
  const integer = (
    name: string,
    fallback: number,
    [min, max]: [number, number],
  ): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(
        `${name} must be a whole number from ${min} to ${max} (got "${value}")`,
      );
    }
    return n;
  };

  const namespace =
    text('NAMESPACE') ??
    (existsSync(SERVICE_ACCOUNT_NAMESPACE)
      ? readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim()
      : required('NAMESPACE', 'is required outside a Kubernetes pod'));

  const registry = required('REGISTRY_URL');
  if (/^https?:\/\//i.test(registry)) {
    throw new ConfigError(
      `REGISTRY_URL must be an OCI registry (oci://host/path), got "${registry}": classic Helm repositories are not supported`,
    );
  }
  const auth = flag('REGISTRY_AUTH_ENABLED');
  const caFile = text('CLIENT_CA_FILE');
  if (caFile && !existsSync(caFile)) {
    throw new ConfigError(`CLIENT_CA_FILE: ${caFile} does not exist`);
  }
  const chart: ProvisionerConfig['chart'] = {
    kind: 'oci',
    url: registry.startsWith('oci://') ? registry : `oci://${registry}`,
    name: required('CHART_NAME'),
    version: required('CHART_VERSION'),
    ...(auth
      ? {
          username: required(
            'REGISTRY_USERNAME',
            'is required when REGISTRY_AUTH_ENABLED is true',
          ),
          password: required(
            'REGISTRY_PASSWORD',
            'is required when REGISTRY_AUTH_ENABLED is true',
          ),
        }
      : {}),
    ...(caFile
      ? {
          caFile: withConfigError('CLIENT_CA_FILE', () =>
            pemCaFile(caFile, files),
          ),
        }
      : {}),
    insecureSkipTlsVerify: flag('INSECURE_SKIP_TLS_VERIFY'),
  };

  const customValuesFile = text('CUSTOM_VALUES_FILE');
  const customValues = customValuesFile
    ? withConfigError('CUSTOM_VALUES_FILE', () =>
        readValuesFile(customValuesFile, 'CUSTOM_VALUES_FILE'),
      )
    : undefined;

  const basicAuth = flag('BASIC_AUTH_ENABLED')
    ? {
        username: required(
          'BASIC_AUTH_USERNAME',
          'is required when BASIC_AUTH_ENABLED is true',
        ),
        password: required(
          'BASIC_AUTH_PASSWORD',
          'is required when BASIC_AUTH_ENABLED is true',
        ),
      }
    : undefined;

  const cert = text('SERVER_TLS_CERTIFICATE');
  const key = text('SERVER_TLS_PRIVATE_KEY');
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigError(
      `${
        cert ? 'SERVER_TLS_PRIVATE_KEY' : 'SERVER_TLS_CERTIFICATE'
      } is required with ${
        cert ? 'SERVER_TLS_CERTIFICATE' : 'SERVER_TLS_PRIVATE_KEY'
      } (HTTPS needs both)`,
    );
  }
  for (const [name, value, marker] of [
    ['SERVER_TLS_CERTIFICATE', cert, 'CERTIFICATE'],
    ['SERVER_TLS_PRIVATE_KEY', key, 'PRIVATE KEY'],
  ] as const) {
    if (
      value &&
      !value.includes(`-----BEGIN ${marker}`) &&
      !value.includes(`-----BEGIN RSA ${marker}`) &&
      !value.includes(`-----BEGIN EC ${marker}`)
    ) {
      throw new ConfigError(
        `${name} must be PEM content (-----BEGIN ${marker}-----)`,
      );
    }
  }

  let tracing: ProvisionerConfig['tracing'];
  if (flag('DISTRIBUTED_TRACING_ENABLED')) {
    const endpoint = text('OTEL_EXPORTER_OTLP_ENDPOINT');
    if (endpoint && !/^https?:\/\/[^/]+:\d+/.test(endpoint)) {
      throw new ConfigError(
        `OTEL_EXPORTER_OTLP_ENDPOINT must start with http:// or https:// and include the port (got "${endpoint}")`,
      );
    }
    tracing = { endpoint };
  }

  const operator: OperatorConfig | undefined = flag('OPERATOR_MODE')
    ? {
        resyncSeconds: integer('OPERATOR_RESYNC_SECONDS', 60, [1, 86_400]),
        leaseDurationSeconds: integer(
          'OPERATOR_LEASE_DURATION_SECONDS',
          15,
          [2, 600],
        ),
        leaseName: text('OPERATOR_LEASE_NAME') ?? 'ksml-provisioner-operator',
        identity: `${text('POD_NAME') ?? hostname()}-${process.pid}`,
      }
    : undefined;

  const prometheusUrl = text('PROMETHEUS_URL');
  if (prometheusUrl && !/^https?:\/\/[^/]/.test(prometheusUrl)) {
    throw new ConfigError(
      `PROMETHEUS_URL must be an http:// or https:// URL (got "${prometheusUrl}")`,
    );
  }
  if (prometheusUrl && /^https?:\/\/[^/]*@/.test(prometheusUrl)) {
    throw new ConfigError(
      'PROMETHEUS_URL must not hold credentials (user:password@); use PROMETHEUS_TOKEN',
    );
  }
  const prometheusToken = text('PROMETHEUS_TOKEN');

  const kubeconfig = text('KUBECONFIG');
  return {
    // 0: any free port (tests).
    port: integer('PORT', 8080, [0, 65535]),
    namespace,
    chart,
    customValues,
    secretKafkaProperties: (text('SECRET_KAFKA_PROPERTIES') ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
    helm: {
      binary: text('HELM_BINARY') ?? 'helm',
      timeoutSeconds: integer('HELM_TIMEOUT_SECONDS', 300, [1, 3600]),
    },
    cluster: kubeconfig
      ? { kubeconfigPath: kubeconfig, context: text('KUBE_CONTEXT') }
      : {},
    basicAuth,
    tls: cert && key ? { cert, key } : undefined,
    tracing,
    operator,
    ...(prometheusUrl
      ? {
          prometheus: {
            url: prometheusUrl,
            ...(prometheusToken ? { token: prometheusToken } : {}),
          },
        }
      : {}),
  };
}

function withConfigError<T>(variable: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError(
      message.startsWith(variable) ? message : `${variable}: ${message}`,
    );
  }
}
