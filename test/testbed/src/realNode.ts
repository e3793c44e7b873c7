import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { RealNode, TestbedEnv } from './env';
import type { KafkaFixture } from './kafka';
import type { TestbedKube } from './kube';

/** Name of the Secret that lets the real node pull the runner image from the test bed registry. */
export const RUNNER_PULL_SECRET = 'ksml-runner-pull';

/** StorageClass of the real node's local volumes ({@link createLocalVolume}). */
export const LOCAL_STORAGE_CLASS = 'real-node-local';

/**
 * Chart values that run an app's pods on the real node with the KSML runner the test bed built:
 * its image (pulled with {@link RUNNER_PULL_SECRET}), the node's label and a toleration of its
 * taint. The operator's customValues (the readme's CUSTOM_VALUES_FILE) of a provisioner whose
 * apps run real runners: what a platform team sets for its own registry and node pool.
 */
export function realRunnerValues(node: RealNode): Record<string, unknown> {
  const separator = node.runnerImage.lastIndexOf(':');
  return {
    image: {
      repository: node.runnerImage.slice(0, separator),
      tag: node.runnerImage.slice(separator + 1),
    },
    imagePullSecrets: [{ name: RUNNER_PULL_SECRET }],
    nodeSelector: { [node.taint]: 'true' },
    tolerations: [
      { key: node.taint, operator: 'Exists', effect: 'NoSchedule' },
    ],
  };
}

/**
 * Creates {@link RUNNER_PULL_SECRET} in `namespace`: the test bed registry's credentials. One
 * left by an earlier run (a test bed's registry password is made anew by each `up.sh`) is
 * replaced.
 */
export async function createRunnerPullSecret(
  kube: TestbedKube,
  env: TestbedEnv,
  namespace: string,
): Promise<void> {
  const body = {
    metadata: { name: RUNNER_PULL_SECRET },
    type: 'kubernetes.io/dockerconfigjson',
    stringData: {
      '.dockerconfigjson': JSON.stringify({
        auths: {
          [env.registry.host]: {
            username: env.registry.username,
            password: env.registry.password,
          },
        },
      }),
    },
  };
  try {
    await kube.core.createNamespacedSecret({ namespace, body });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
    await kube.core.replaceNamespacedSecret({
      namespace,
      name: RUNNER_PULL_SECRET,
      body,
    });
  }
}

/**
 * Readies `namespace` for apps that the real KSML runner runs on the real node: its pull Secret,
 * and {@link realRunnerValues} written to `valuesFile` (YAML) for a backend environment's
 * `customValuesFile`. Returns the node, or the reason the test bed has none (then nothing is
 * made, and the environment's apps stay on kwok's nodes).
 */
export async function prepareRealRunners(
  kube: TestbedKube,
  env: TestbedEnv,
  namespace: string,
  valuesFile: string,
): Promise<RealNode | { unavailable: string }> {
  if ('unavailable' in env.realNode) return env.realNode;
  await createRunnerPullSecret(kube, env, namespace);
  mkdirSync(dirname(valuesFile), { recursive: true });
  writeFileSync(valuesFile, stringify(realRunnerValues(env.realNode)));
  return env.realNode;
}

/**
 * A local PersistentVolume on the real node, in a folder of the node's own (which `down.sh`
 * removes with the node): static provisioning, as a platform team offers a node's local disks.
 * Its StorageClass, {@link LOCAL_STORAGE_CLASS}, binds a claim when its pod is scheduled. The
 * folder is writable by group 0, the runner's group (its image runs as user 1024, group 0).
 */
export async function createLocalVolume(
  kube: TestbedKube,
  node: RealNode,
  options: { name: string; size: string },
): Promise<string> {
  await kube.storage
    .createStorageClass({
      body: {
        metadata: { name: LOCAL_STORAGE_CLASS },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'WaitForFirstConsumer',
        reclaimPolicy: 'Retain',
      },
    })
    .catch(error => {
      if (error?.code !== 409) throw error;
    });
  const path = join(node.volumesDir, options.name);
  mkdirSync(path, { recursive: true });
  chmodSync(path, 0o775);
  await kube.core.createPersistentVolume({
    body: {
      metadata: { name: options.name },
      spec: {
        capacity: { storage: options.size },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: LOCAL_STORAGE_CLASS,
        local: { path },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {
                    key: 'kubernetes.io/hostname',
                    operator: 'In',
                    values: [node.name],
                  },
                ],
              },
            ],
          },
        },
      },
    },
  });
  return path;
}

/**
 * A KSML definition for real runners: a JSON pipeline from topic `from` to topic `to` that keeps
 * each record's `value` field and adds `doubled`, twice it (records from
 * {@link KafkaFixture.produce} become `{"value": n, "doubled": 2n}`).
 */
export function doublingDefinition(from: string, to: string): string {
  return [
    'streams:',
    `  readings: {topic: ${from}, keyType: string, valueType: json}`,
    `  doubled: {topic: ${to}, keyType: string, valueType: json}`,
    'pipelines:',
    '  double:',
    '    from: readings',
    '    via:',
    '      - type: mapValues',
    '        mapper:',
    '          expression: |',
    '            {"value": value["value"], "doubled": value["value"] * 2}',
    '          resultType: json',
    '    to: doubled',
  ].join('\n');
}
