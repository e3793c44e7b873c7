import type { KsmlKustomizePatch } from '@ksml-backstage/plugin-ksml-common';
import { stringify } from 'yaml';
import { KSML_CONTAINER } from './chartInterface';
import { KafkaSecretPlan } from './secrets';

/** An environment variable read from a key of a Secret. */
export interface SecretEnvVar {
  name: string;
  valueFrom: { secretKeyRef: { name: string; key: string } };
}

/**
 * What must change in the chart's rendered workload so the secrets reach the runner: env vars
 * from the Secret on the `ksml` container, and (direct deploys) pod annotations that roll the
 * pods when the Secret changes. The chart has no value for either, so a Helm post-renderer
 * (direct deploys: `postrender/inject-secret-env.cjs`) or a kustomize patch (GitOps) applies
 * it to the chart's output.
 */
export interface SecretEnvPatch {
  /** The workload the chart renders: its kind and full name. */
  kind: 'StatefulSet' | 'Job';
  name: string;
  /** The container that gets the variables. */
  container: string;
  env: SecretEnvVar[];
  /** Added to the pod template's annotations. */
  podAnnotations: Record<string, string>;
}

/** Pod annotation holding the resourceVersion of the app's Kafka Secret: a change rolls the pods. */
export const SECRET_VERSION_ANNOTATION = 'ksml-backstage/kafka-secret-version';

/** The patch that delivers a secret plan to the workload; undefined when there are no secrets. */
export function secretEnvPatch(
  plan: KafkaSecretPlan,
  workload: { kind: 'StatefulSet' | 'Job'; name: string },
  podAnnotations: Record<string, string> = {},
): SecretEnvPatch | undefined {
  if (plan.entries.length === 0) return undefined;
  return {
    ...workload,
    container: KSML_CONTAINER,
    env: plan.entries.map(({ property, env }) => ({
      name: env,
      valueFrom: { secretKeyRef: { name: plan.secretName, key: property } },
    })),
    podAnnotations,
  };
}

/**
 * The same patch as kustomize patches (strategic merge: containers and env merge by name), for
 * Flux's `postRenderers` and an Argo CD kustomization. Pod annotations are left out: GitOps has
 * no Secret version to record (see the rendered README on rolling pods after a Secret change).
 */
export function kustomizePatches(
  patch: SecretEnvPatch | undefined,
): KsmlKustomizePatch[] {
  if (!patch) return [];
  const [group, version] =
    patch.kind === 'Job' ? ['batch', 'v1'] : ['apps', 'v1'];
  return [
    {
      target: { group, version, kind: patch.kind, name: patch.name },
      patch: stringify({
        apiVersion: `${group}/${version}`,
        kind: patch.kind,
        metadata: { name: patch.name },
        spec: {
          template: {
            spec: {
              containers: [{ name: patch.container, env: patch.env }],
            },
          },
        },
      }),
    },
  ];
}
