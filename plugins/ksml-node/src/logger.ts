/**
 * The logging the provisioner core needs; Backstage's LoggerService and `console` both fit,
 * so the core has no Backstage imports and the standalone server can pass its own.
 */
export interface KsmlLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: KsmlLogger = { info() {}, warn() {}, error() {} };
