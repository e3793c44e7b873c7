import { ConflictError } from '@backstage/errors';
import { KafkaSecretPlan } from '../chart/secrets';
import type { KubeSecrets } from '../kube/roles';

const KAFKA_SECRET_MANAGER = 'ksml-provisioner';

/** True for a Secret the provisioner created (only those are replaced or deleted). */
function ownedByUs(
  secret: { metadata?: { labels?: Record<string, string> } } | undefined,
): boolean {
  return (
    secret?.metadata?.labels?.['app.kubernetes.io/managed-by'] ===
    KAFKA_SECRET_MANAGER
  );
}

/** Labels of the Secrets the provisioner owns; only those are ever replaced or deleted. */
export function kafkaSecretLabels(release: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': KAFKA_SECRET_MANAGER,
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/part-of': 'ksml',
  };
}

/** What {@link applyKafkaSecret} did, and how to take it back. */
export interface AppliedKafkaSecret {
  /** The Secret's resourceVersion once written; a pod annotation, so a change rolls the pods. */
  version?: string;
  /** Puts back what was there before (after a failed install); idempotent. */
  restore(): Promise<void>;
  /** Removes a Secret the app no longer needs (after a successful install without secrets). */
  prune(): Promise<void>;
}

/**
 * Makes the app's Kafka Secret hold exactly the plan's properties, before Helm installs the
 * workload that reads it. An unchanged Secret is not rewritten (its version, and so the pods,
 * stay). A Secret of that name that the provisioner does not own is a ConflictError: it is never
 * overwritten.
 */
export async function applyKafkaSecret(
  kube: KubeSecrets,
  release: string,
  plan: KafkaSecretPlan,
): Promise<AppliedKafkaSecret> {
  const current = await kube.readSecret(plan.secretName);
  const owned = ownedByUs(current);
  const noop = async () => {};
  if (plan.entries.length === 0) {
    return {
      restore: noop,
      prune: async () => {
        if (owned) await kube.deleteSecret(plan.secretName);
      },
    };
  }
  if (current && !owned) {
    throw new ConflictError(
      `The Secret ${plan.secretName} exists but was not created by the KSML provisioner (label app.kubernetes.io/managed-by=${KAFKA_SECRET_MANAGER}); it holds this app's secret Kafka properties on a direct deploy, so remove or rename it first`,
    );
  }
  if (current && sameData(current.data ?? {}, plan.data)) {
    return {
      version: current.metadata?.resourceVersion,
      restore: noop,
      prune: noop,
    };
  }
  const written = await kube.writeSecret({
    name: plan.secretName,
    labels: kafkaSecretLabels(release),
    data: plan.data,
    resourceVersion: current?.metadata?.resourceVersion,
  });
  let restored = false;
  return {
    version: written.metadata?.resourceVersion,
    prune: noop,
    restore: async () => {
      if (restored) return;
      restored = true;
      if (!current) {
        await kube.deleteSecret(plan.secretName);
        return;
      }
      await kube.writeSecret({
        name: plan.secretName,
        labels: kafkaSecretLabels(release),
        data: decode(current.data ?? {}),
        resourceVersion: written.metadata?.resourceVersion,
      });
    },
  };
}

/** Deletes the app's Kafka Secret if the provisioner owns it; resolves with whether it did. */
export async function deleteKafkaSecret(
  kube: KubeSecrets,
  secretName: string,
): Promise<boolean> {
  if (!ownedByUs(await kube.readSecret(secretName))) return false;
  return kube.deleteSecret(secretName);
}

function decode(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );
}

function sameData(
  stored: Record<string, string>,
  wanted: Record<string, string>,
): boolean {
  const current = decode(stored);
  const keys = Object.keys(wanted);
  return (
    keys.length === Object.keys(current).length &&
    keys.every(k => current[k] === wanted[k])
  );
}
