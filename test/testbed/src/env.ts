import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where a running test bed is reached: written by `test/testbed/up.sh` as `.testbed/env`. */
export interface TestbedEnv {
  /** State folder of the running test bed. */
  dir: string;
  /** Folder of the Go-built binaries (helm, kubectl, kwokctl, ...). */
  bin: string;
  kubeconfig: string;
  kubeContext: string;
  helmBinary: string;
  kubectlBinary: string;
  registry: {
    /** `127.0.0.1:PORT` */
    host: string;
    /** `oci://127.0.0.1:PORT/charts`, the readme's REGISTRY_URL. */
    url: string;
    username: string;
    password: string;
    /** PEM CA certificate of the registry. */
    caFile: string;
    /** The same CA, base64-encoded (the readme's CLIENT_CA_FILE form). */
    caFileBase64: string;
  };
  /**
   * The chart under test: the public KSML chart as it is, pushed to the registry as `name` at
   * `version`; `dir` is its folder (`packaging/helm-charts/ksml` of the KSML source).
   */
  chart: { name: string; version: string; dir: string };
  /** The test bed's private PostgreSQL server (major version and connection URL). */
  postgres: { version: string; url: string };
  /**
   * The log the pods of the live-log test app (`dizzl-sandbox-dev-live-log-ksml-0`, `-1`)
   * print, followed by kwok: a test appends to it to make them "write" lines.
   */
  liveLog: string;
  /** The test bed's Kafka broker (test/testbed/kafka.sh). */
  kafka: KafkaBroker;
  /** The machine's real node (test/testbed/node.sh), or why this test bed has none. */
  realNode: RealNode | { unavailable: string };
}

/** The real node of the test bed: a kubelet with containerd that really runs pods. */
export interface RealNode {
  /** Its Node name; pods select it with the label named by {@link RealNode.taint}. */
  name: string;
  /** Key of its NoSchedule taint, and of its label (value `"true"`). */
  taint: string;
  /** The KSML runner's image in the test bed registry (built from KSML's source). */
  runnerImage: string;
  /** The broker as pods on the node reach it (PLAINTEXT and SASL, on the bridge address). */
  kafkaBootstrap: string;
  kafkaSaslBootstrap: string;
  /** A folder of the node's own for local PersistentVolumes (down.sh removes it with the node). */
  volumesDir: string;
  /**
   * A Prometheus scraping the node's runner pods every 5 s (test/testbed/prometheus.sh), their
   * series labelled `namespace` and `pod`; or why the test bed has none.
   */
  prometheus: { url: string } | { unavailable: string };
}

/** A running Kafka broker of the test bed: `kafka.sh start` prints these. */
export interface KafkaBroker {
  /** `127.0.0.1:PORT` of the PLAINTEXT listener. */
  bootstrap: string;
  /** `127.0.0.1:PORT` of the SASL_PLAINTEXT listener (PLAIN). */
  saslBootstrap: string;
  username: string;
  password: string;
  /**
   * A SASL user with no rights but the ACLs a test grants it (the broker's authorizer refuses
   * it everything else; the PLAINTEXT listeners and `username` are super users).
   */
  limited: { username: string; password: string };
  /** Its state folder (server.properties, log, pid). */
  dir: string;
}

/** The repository root, found from this file's place in it. */
export const repoRoot = resolve(__dirname, '../../..');

/** Path of the env file of this clone's test bed (KSML_TESTBED_DIR overrides the folder). */
export function testbedEnvPath(): string {
  const dir = process.env.KSML_TESTBED_DIR ?? resolve(repoRoot, '.testbed');
  return resolve(dir, 'env');
}

/** Parses `KEY=VALUE` lines (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) out[match[1]] = match[2];
  }
  return out;
}

/**
 * Reads the running test bed's env file.
 * Throws with the command to run when the test bed is not up.
 */
export function loadTestbedEnv(path: string = testbedEnvPath()): TestbedEnv {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `No test bed env at ${path}; start it with "npm run testbed:up"`,
    );
  }
  const raw = parseEnvFile(text);
  const get = (key: string): string => {
    const value = raw[key];
    if (!value) throw new Error(`Test bed env ${path} lacks ${key}`);
    return value;
  };
  return {
    dir: get('KSML_TESTBED_DIR'),
    bin: get('KSML_TESTBED_BIN'),
    kubeconfig: get('KUBECONFIG'),
    kubeContext: get('KSML_KUBE_CONTEXT'),
    helmBinary: get('KSML_HELM_BINARY'),
    kubectlBinary: get('KSML_KUBECTL_BINARY'),
    registry: {
      host: get('KSML_REGISTRY_HOST'),
      url: get('KSML_REGISTRY_URL'),
      username: get('KSML_REGISTRY_USERNAME'),
      password: get('KSML_REGISTRY_PASSWORD'),
      caFile: get('KSML_REGISTRY_CA_FILE'),
      caFileBase64: get('KSML_REGISTRY_CA_FILE_BASE64'),
    },
    chart: {
      name: get('KSML_CHART_NAME'),
      version: get('KSML_CHART_VERSION'),
      dir: get('KSML_PUBLIC_CHART'),
    },
    postgres: {
      version: get('KSML_POSTGRES_VERSION'),
      url: get('KSML_POSTGRES_URL'),
    },
    liveLog: get('KSML_LIVE_LOG'),
    kafka: kafkaBrokerOf(raw, get),
    realNode: raw.KSML_REAL_NODE_NAME
      ? {
          name: get('KSML_REAL_NODE_NAME'),
          taint: get('KSML_REAL_NODE_TAINT'),
          runnerImage: get('KSML_RUNNER_IMAGE'),
          kafkaBootstrap: get('KSML_KAFKA_NODE_BOOTSTRAP'),
          kafkaSaslBootstrap: get('KSML_KAFKA_NODE_SASL_BOOTSTRAP'),
          volumesDir: get('KSML_REAL_NODE_VOLUMES'),
          prometheus: raw.KSML_PROMETHEUS_URL
            ? { url: raw.KSML_PROMETHEUS_URL }
            : {
                unavailable:
                  raw.KSML_PROMETHEUS_UNAVAILABLE?.replace(/^"|"$/g, '') ||
                  'the test bed was started before it had a Prometheus: run test/testbed/down.sh and up.sh',
              },
        }
      : {
          unavailable:
            raw.KSML_REAL_NODE_UNAVAILABLE?.replace(/^"|"$/g, '') ||
            'the test bed was started before it had a real node: run test/testbed/down.sh and up.sh',
        },
  };
}

/**
 * The test bed's real node; throws the reason it has none, so a test that needs real runners
 * fails with it instead of passing or being skipped.
 */
export function requireRealNode(env: TestbedEnv): RealNode {
  if ('unavailable' in env.realNode) {
    throw new Error(
      `This test needs the test bed's real node: ${env.realNode.unavailable}`,
    );
  }
  return env.realNode;
}

/** The test bed's Prometheus URL; throws the reason it has none, so a test fails with it. */
export function requirePrometheus(node: RealNode): string {
  if ('unavailable' in node.prometheus) {
    throw new Error(
      `This test needs the test bed's Prometheus: ${node.prometheus.unavailable}`,
    );
  }
  return node.prometheus.url;
}

/** The broker named by `KSML_KAFKA_*` lines (of the env file, or of `kafka.sh start`). */
export function kafkaBrokerOf(
  raw: Record<string, string>,
  get: (key: string) => string = key => {
    if (!raw[key]) throw new Error(`No ${key} for the Kafka broker`);
    return raw[key];
  },
): KafkaBroker {
  return {
    bootstrap: get('KSML_KAFKA_BOOTSTRAP'),
    saslBootstrap: get('KSML_KAFKA_SASL_BOOTSTRAP'),
    username: get('KSML_KAFKA_USERNAME'),
    password: get('KSML_KAFKA_PASSWORD'),
    limited: {
      username: get('KSML_KAFKA_LIMITED_USERNAME'),
      password: get('KSML_KAFKA_LIMITED_PASSWORD'),
    },
    dir: get('KSML_KAFKA_DIR'),
  };
}
