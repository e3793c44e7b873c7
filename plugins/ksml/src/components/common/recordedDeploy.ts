import {
  isRecordedDeploy,
  redactedPropertyNames,
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
 * The last recorded deploy in an app's history (newest first), as the backend's redeploy picks
 * it; undefined when there is none, and then nothing to redeploy.
 */
export function recordedDeployOf(
  history: readonly KsmlDeploymentRecord[],
): RecordedDeploy | undefined {
  const last = history.find(isRecordedDeploy);
  if (!last?.request) return undefined;
  const { kafkaProperties } = last.request as {
    kafkaProperties?: Record<string, unknown>;
  };
  const secrets = redactedPropertyNames(kafkaProperties ?? {}).sort();
  return { secrets };
}
