import { REDACTED_SECRET } from '@ksml-backstage/plugin-ksml-common';

/**
 * Kafka client properties that hold secrets by their name. Their values never go into chart
 * values: they are kept in a Secret and reach the runner as environment variables (see
 * {@link planKafkaSecret}).
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

/**
 * Decides which Kafka properties are secrets: the built-in patterns, plus the names the
 * operator marks secret (exact names, or patterns with `*` for any characters, e.g.
 * `sasl.oauthbearer.*`).
 */
export function secretPropertyMatcher(
  operatorMarked: readonly string[] = [],
): (key: string) => boolean {
  const marked = operatorMarked.map(
    name =>
      new RegExp(
        `^${name
          .toLowerCase()
          .split('*')
          .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ),
  );
  return key => {
    const lower = key.toLowerCase();
    return (
      SECRET_PROPERTY_PATTERNS.some(pattern => pattern.test(lower)) ||
      marked.some(pattern => pattern.test(lower))
    );
  };
}

/** True for a Kafka property whose value is a secret by the built-in patterns alone. */
export const isSecretKafkaProperty = secretPropertyMatcher();

/** Replaces every secret value of a property map with {@link REDACTED_SECRET}, for logs and records. */
export function redactKafkaProperties(
  properties: Record<string, string>,
  isSecret: (key: string) => boolean = isSecretKafkaProperty,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      isSecret(key) ? REDACTED_SECRET : value,
    ]),
  );
}

/** One secret Kafka property: its key in the Secret and the env var the runner reads it from. */
export interface KafkaSecretEntry {
  /** The Kafka property, which is also its key in the Secret. */
  property: string;
  /** The environment variable of the `ksml` container that holds it. */
  env: string;
}

/**
 * Where an app's secret Kafka properties live: a Secret named `<release>-kafka` holding one key
 * per property, each exposed to the `ksml` container as an environment variable that the
 * runner configuration references as `${env:NAME}` (resolved by Kafka's EnvVarConfigProvider,
 * which the chart configures itself). See docs/adr/0006-secrets-through-a-post-renderer.md.
 */
export interface KafkaSecretPlan {
  /** The Secret's name. */
  secretName: string;
  /** Sorted by property; empty when the app has no secret properties. */
  entries: KafkaSecretEntry[];
  /** Property -> value. Never logged, recorded or returned. */
  data: Record<string, string>;
}

/** Prefix of the environment variables that carry secret Kafka properties. */
export const SECRET_ENV_PREFIX = 'KSML_SECRET_';

/** The name of the Secret that holds a release's secret Kafka properties. */
export function kafkaSecretName(release: string): string {
  return `${release}-kafka`;
}

/** Characters a Secret key may hold (Kubernetes: `[-._a-zA-Z0-9]+`). */
export const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;

/**
 * Splits secret values out of a Kafka property map: returns the map the runner configuration
 * gets (secrets replaced by `${env:…}` references) and the plan of the Secret that holds them.
 * Callers check first that every secret property's name is a valid Secret key.
 */
export function planKafkaSecret(
  release: string,
  kafka: Record<string, string>,
  isSecret: (key: string) => boolean,
): { kafka: Record<string, string>; plan: KafkaSecretPlan } {
  const properties = Object.keys(kafka).filter(isSecret).sort();
  const used = new Set<string>();
  const entries = properties.map(property => {
    const base = `${SECRET_ENV_PREFIX}${property
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')}`;
    // Two properties that differ only in punctuation ("a.b", "a-b") get distinct names.
    let env = base;
    for (let n = 2; used.has(env); n++) env = `${base}_${n}`;
    used.add(env);
    return { property, env };
  });
  const referenced = { ...kafka };
  for (const { property, env } of entries)
    referenced[property] = `\${env:${env}}`;
  return {
    kafka: referenced,
    plan: {
      secretName: kafkaSecretName(release),
      entries,
      data: Object.fromEntries(properties.map(p => [p, kafka[p]])),
    },
  };
}
