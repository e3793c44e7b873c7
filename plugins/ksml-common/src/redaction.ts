/**
 * What stands in place of a secret Kafka property's value wherever the request is kept or
 * shown (deploy history, logs, audit events). The backend refuses it as a value on deploy, and
 * the frontend will not replay a record that holds it.
 */
export const REDACTED_SECRET = '***';

/**
 * Whether a record of an app's history holds a whole deploy request, the one a redeploy or a
 * promotion starts from: a deploy (a failed one too, which is what a redeploy retries) or a
 * promotion that went through (it deployed its request there). The backend's redeploy and
 * promotion and the frontend's Redeploy pick the same record with it.
 */
export function isRecordedDeploy(record: {
  operation: string;
  outcome: string;
  request?: unknown;
}): boolean {
  return (
    record.request !== undefined &&
    (record.operation === 'deploy' ||
      (record.operation === 'promote' && record.outcome === 'succeeded'))
  );
}

/** The names of the Kafka properties whose value is still {@link REDACTED_SECRET}, in their order. */
export function redactedPropertyNames(
  properties: Record<string, unknown>,
): string[] {
  return Object.entries(properties)
    .filter(([, value]) => value === REDACTED_SECRET)
    .map(([name]) => name);
}
