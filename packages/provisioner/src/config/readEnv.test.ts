import { PrivateFiles } from '@ksml-backstage/plugin-ksml-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv } from './readEnv';

describe('readEnv', () => {
  let files: PrivateFiles;
  let dir: string;
  const pem =
    '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUW\n-----END CERTIFICATE-----\n';
  const base = {
    NAMESPACE: 'ksml',
    REGISTRY_URL: 'oci://registry.example.com/charts',
    CHART_NAME: 'ksml',
    CHART_VERSION: '1.3.0',
  };
  beforeEach(() => {
    files = new PrivateFiles();
    dir = mkdtempSync(join(tmpdir(), 'read-env-'));
  });
  afterEach(() => {
    files.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the readme's required variables with the defaults", () => {
    expect(readEnv(base, files)).toEqual({
      port: 8080,
      namespace: 'ksml',
      chart: {
        kind: 'oci',
        url: 'oci://registry.example.com/charts',
        name: 'ksml',
        version: '1.3.0',
        insecureSkipTlsVerify: false,
      },
      customValues: undefined,
      secretKafkaProperties: [],
      helm: { binary: 'helm', timeoutSeconds: 300 },
      cluster: {},
      basicAuth: undefined,
      tls: undefined,
      tracing: undefined,
      operator: undefined,
    });
  });

  it('reads operator mode with its defaults, the Lease holder named by POD_NAME', () => {
    expect(
      readEnv({ ...base, OPERATOR_MODE: 'true', POD_NAME: 'prov-0' }, files)
        .operator,
    ).toEqual({
      resyncSeconds: 60,
      leaseDurationSeconds: 15,
      leaseName: 'ksml-provisioner-operator',
      identity: `prov-0-${process.pid}`,
    });
    expect(() =>
      readEnv(
        {
          ...base,
          OPERATOR_MODE: 'true',
          OPERATOR_LEASE_DURATION_SECONDS: '1',
        },
        files,
      ),
    ).toThrow(
      'OPERATOR_LEASE_DURATION_SECONDS must be a whole number from 2 to 600 (got "1")',
    );
    expect(() => readEnv({ ...base, OPERATOR_MODE: 'yes' }, files)).toThrow(
      'OPERATOR_MODE must be true or false (got "yes")',
    );
  });

  it('decodes a base64-encoded CLIENT_CA_FILE, takes a registry without oci://, reads the custom values', () => {
    const ca = join(dir, 'ca.b64');
    writeFileSync(ca, Buffer.from(pem).toString('base64'));
    const values = join(dir, 'values.yaml');
    writeFileSync(values, 'podSecurityContext:\n  fsGroup: 0\n');
    const config = readEnv(
      {
        ...base,
        REGISTRY_URL: 'registry.example.com/charts',
        REGISTRY_AUTH_ENABLED: 'TRUE',
        REGISTRY_USERNAME: 'u',
        REGISTRY_PASSWORD: 'p',
        CLIENT_CA_FILE: ca,
        INSECURE_SKIP_TLS_VERIFY: 'false',
        CUSTOM_VALUES_FILE: values,
        SECRET_KAFKA_PROPERTIES: 'sasl.oauthbearer.*, my.token ',
        KUBECONFIG: '/home/me/.kube/config',
      },
      files,
    );
    expect(config.chart).toMatchObject({
      url: 'oci://registry.example.com/charts',
      username: 'u',
      password: 'p',
    });
    expect(readFileSync(config.chart.caFile!, 'utf8')).toBe(pem);
    expect(config.customValues).toEqual({ podSecurityContext: { fsGroup: 0 } });
    expect(config.secretKafkaProperties).toEqual([
      'sasl.oauthbearer.*',
      'my.token',
    ]);
    expect(config.cluster).toEqual({ kubeconfigPath: '/home/me/.kube/config' });
  });

  it.each([
    [{ REGISTRY_URL: '' }, 'REGISTRY_URL is required'],
    [{ CHART_NAME: ' ' }, 'CHART_NAME is required'],
    [
      { REGISTRY_URL: 'https://nexus.example.com/repository/helm' },
      'REGISTRY_URL must be an OCI registry',
    ],
    [{ PORT: '80a' }, 'PORT must be a whole number from 0 to 65535'],
    [
      { CLIENT_CA_FILE: '/nowhere/ca' },
      'CLIENT_CA_FILE: /nowhere/ca does not exist',
    ],
    [
      { CUSTOM_VALUES_FILE: '/nowhere/values.yaml' },
      'CUSTOM_VALUES_FILE: ENOENT',
    ],
    [
      {
        DISTRIBUTED_TRACING_ENABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      },
      'OTEL_EXPORTER_OTLP_ENDPOINT must start with http:// or https:// and include the port',
    ],
    [
      { SERVER_TLS_CERTIFICATE: 'not pem', SERVER_TLS_PRIVATE_KEY: 'not pem' },
      'SERVER_TLS_CERTIFICATE must be PEM content',
    ],
    [
      { BASIC_AUTH_ENABLED: 'true', BASIC_AUTH_USERNAME: 'u' },
      'BASIC_AUTH_PASSWORD is required when BASIC_AUTH_ENABLED is true',
    ],
    [
      { PROMETHEUS_URL: 'prometheus:9090' },
      'PROMETHEUS_URL must be an http:// or https:// URL',
    ],
  ])('refuses %j naming the variable', (override, message) => {
    expect(() => readEnv({ ...base, ...override }, files)).toThrow(message);
  });

  it('reads a Prometheus for longer throughput trends', () => {
    expect(
      readEnv(
        {
          ...base,
          PROMETHEUS_URL: 'http://prometheus.monitoring:9090',
          PROMETHEUS_TOKEN: 't0ken',
        },
        files,
      ).prometheus,
    ).toEqual({ url: 'http://prometheus.monitoring:9090', token: 't0ken' });
    expect(readEnv(base, files).prometheus).toBeUndefined();
  });
});
