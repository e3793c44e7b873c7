/**
 * The logging the provisioner core needs; Backstage's LoggerService and `console` both fit,
 * so the core has no Backstage imports and the standalone server can pass its own.
 */
export interface KsmlLogger {
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
}

/** JSON data attached to a log line. */
export type LogMeta = { [key: string]: LogValue };
/** A JSON value. */
export type LogValue =
  | string
  | number
  | boolean
  | null
  | LogValue[]
  | { [key: string]: LogValue };

/** A logger that drops everything. */
export const silentLogger: KsmlLogger = { info() {}, warn() {}, error() {} };
