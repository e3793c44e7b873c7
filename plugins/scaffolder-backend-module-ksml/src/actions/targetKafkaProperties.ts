/**
 * A promotion target's Kafka properties from an action's inputs: `bootstrapServers` is short for
 * `kafkaProperties['bootstrap.servers']` and wins over it, left out when empty (a form's empty
 * field). Undefined when neither gives anything: the caller decides what that means (the
 * backend's promotion takes the target's recorded properties; a GitOps one has none).
 */
export function targetKafkaProperties(
  kafkaProperties: Record<string, string | number | boolean> | undefined,
  bootstrapServers: string | undefined,
): Record<string, string | number | boolean> | undefined {
  const servers = bootstrapServers?.trim();
  if (!servers && !kafkaProperties) return undefined;
  return {
    ...kafkaProperties,
    ...(servers ? { 'bootstrap.servers': servers } : {}),
  };
}
