import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TestbedEnv } from '../env';
import { HelmResult, runHelm, tlsArgs } from '../helm';

/** Values for the KSML chart: a minimal valid KSML app. */
export function smokeValues(options: {
  deploymentMode: 'StatefulSet' | 'Job';
  replicas?: number;
  store?: boolean;
}): Record<string, unknown> {
  return {
    deploymentMode: options.deploymentMode,
    replicaCount: options.replicas ?? 1,
    ksmlRunnerConfig: {
      definitions: { inspector: 'inspector.yaml' },
      kafka: {
        'application.id': 'io.ksml.smoke',
        'bootstrap.servers': 'broker:9093',
      },
    },
    ksmlDefinitions: {
      'inspector.yaml': [
        'streams:',
        '  sensor_source: {topic: ksml_sensordata, keyType: string, valueType: string}',
        'pipelines:',
        '  log_all: {from: sensor_source, forEach: {code: "log.info(\'{}\', key)"}}',
        '',
      ].join('\n'),
    },
    ...(options.store
      ? {
          store: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
            },
          },
        }
      : {}),
  };
}

/** `helm upgrade --install` of the chart under test, pulled from the OCI registry. */
export async function installChart(
  env: TestbedEnv,
  home: string,
  options: {
    release: string;
    namespace: string;
    values: Record<string, unknown>;
  },
): Promise<HelmResult> {
  const valuesFile = join(home, `${options.release}-values.yaml`);
  // JSON is YAML; 0600 because real values can hold secrets.
  await writeFile(valuesFile, JSON.stringify(options.values), { mode: 0o600 });
  return runHelm(
    env,
    [
      'upgrade',
      '--install',
      options.release,
      `${env.registry.url}/${env.chart.name}`,
      '--version',
      env.chart.version,
      '--namespace',
      options.namespace,
      '--values',
      valuesFile,
      ...tlsArgs(env, 'ca'),
    ],
    { home },
  );
}

/** A rendered Kubernetes object, as much of it as the chart tests read. */
export interface RenderedObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: any;
}

/**
 * `helm template` of the public KSML chart's folder (no cluster, no registry):
 * resolves with the rendered objects, or the helm failure when the values are refused.
 */
export async function renderChart(
  env: TestbedEnv,
  home: string,
  options: { release: string; values: Record<string, unknown> },
): Promise<{ result: HelmResult; objects: RenderedObject[] }> {
  const valuesFile = join(home, `${options.release}-values.yaml`);
  await writeFile(valuesFile, JSON.stringify(options.values), { mode: 0o600 });
  const result = await runHelm(
    env,
    [
      'template',
      options.release,
      env.chart.dir,
      '--values',
      valuesFile,
    ],
    { home },
  );
  const objects = parseAllDocuments(result.stdout)
    .map(doc => doc.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => Boolean(o));
  return { result, objects };
}
