import type { KsmlLogger, LogMeta } from '@ksml-backstage/plugin-ksml-node';

/** A {@link KsmlLogger} that also tells the level it was created for. */
export interface JsonLogger extends KsmlLogger {
  /** A logger whose lines all carry `fields` (e.g. the request id). */
  child(fields: LogMeta): JsonLogger;
}

/** Meta keys whose values are never written, whatever a caller passes. */
const SECRET_KEYS =
  /^(.*[-_.])?(pass(word)?|secret|token|authorization|jaas|credentials?)$/i;

/**
 * Structured logs: one JSON object per line on stdout (`{"time", "level", "message", ...}`), as
 * log collectors in a cluster expect. Values of keys that look secret are replaced by "***".
 */
export function jsonLogger(
  fields: LogMeta = {},
  write: (line: string) => void = line => process.stdout.write(line),
): JsonLogger {
  const log =
    (level: string) =>
    (message: string, meta: LogMeta = {}) => {
      const entry = {
        time: new Date().toISOString(),
        level,
        message,
        ...redact(fields),
        ...redact(meta),
      };
      write(`${JSON.stringify(entry)}\n`);
    };
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: more => jsonLogger({ ...fields, ...more }, write),
  };
}

function redact(meta: LogMeta): LogMeta {
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [
      key,
      SECRET_KEYS.test(key) ? '***' : value,
    ]),
  );
}
