import { REDACTED_SECRET } from '@ksml-backstage/plugin-ksml-common';

/**
 * Kafka client properties that hold secrets. Their values go into the chart's Kafka Secret
 * (never the runner ConfigMap) and are referenced from the runner config through Kafka's
 * FileConfigProvider.
 */
const SECRET_PROPERTY_PATTERNS: RegExp[] = [
  /(^|\.)password$/, // ssl.keystore.password, ssl.key.password, ssl.truststore.password
  /(^|\.)sasl\.jaas\.config$/,
  /(^|\.)basic\.auth\.user\.info$/, // schema registry user:password
  /(^|\.)(client\.)?secret$/,
  /(^|\.)token$/,
  /(^|\.)(ssl\.)?keystore\.key$/,
  /(^|\.)ssl\.key\.pem$/,
  /(^|\.)credentials?(\.|$)/,
];

/** True for a Kafka property whose value must be treated as a secret. */
export function isSecretKafkaProperty(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_PROPERTY_PATTERNS.some(pattern => pattern.test(lower));
}

/** Where the chart mounts the Kafka Secret's properties file in the runner container. */
export const KAFKA_SECRET_FILE = '/ksml/secrets/kafka.properties';

/** The FileConfigProvider reference the runner config holds instead of a secret value. */
export function secretReference(key: string): string {
  return `\${file:${KAFKA_SECRET_FILE}:${key}}`;
}

/** Kafka settings that enable the `file` config provider the references rely on. */
export const FILE_CONFIG_PROVIDER = {
  'config.providers': 'file',
  'config.providers.file.class':
    'org.apache.kafka.common.config.provider.FileConfigProvider',
};

/** Replaces every secret-looking value of an object with {@link REDACTED_SECRET}, for logs and audit events. */
export function redactKafkaProperties(
  properties: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      isSecretKafkaProperty(key) ? REDACTED_SECRET : value,
    ]),
  );
}
