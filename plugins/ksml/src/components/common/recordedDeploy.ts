import {
  REDACTED_SECRET,
  type KsmlDeploymentRecord,
} from '@ksml-backstage/plugin-ksml-common';

/** The app's last recorded deploy, as a Redeploy would install it again. */
export interface RecordedDeploy {
  /**
   * The secret Kafka properties the record holds redacted, A to Z: a Redeploy has to send their
   * values again (the backend refuses the redacted ones, naming them).
   */
  secrets: string[];
}

/**
 * Whether a record holds a whole deploy request, as the backend's redeploy counts them: a
 * deploy (a failed one too, which a redeploy retries) or a promotion that went through.
 */
function isDeployRecord(record: KsmlDeploymentRecord): boolean {
  return (
    record.request !== undefined &&
    (record.operation === 'deploy' ||
      (record.operation === 'promote' && record.outcome === 'succeeded'))
  );
}

/**
 * The last recorded deploy in an app's history (newest first), as the backend's redeploy picks
 * it; undefined when there is none, and then nothing to redeploy.
 */
export function recordedDeployOf(
  history: readonly KsmlDeploymentRecord[],
): RecordedDeploy | undefined {
  const last = history.find(isDeployRecord);
  if (!last?.request) return undefined;
  const { kafkaProperties } = last.request as {
    kafkaProperties?: Record<string, unknown>;
  };
  const secrets = Object.entries(kafkaProperties ?? {})
    .filter(([, value]) => value === REDACTED_SECRET)
    .map(([name]) => name)
    .sort();
  return { secrets };
}
