/** The log levels of the KSML runner (logback), most severe first. */
export const LOG_LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the live view keeps of a line: everything, or from a level up, and from loggers. */
export interface LogFilter {
  /** The least severe level shown; all lines when undefined. */
  minLevel?: LogLevel;
  /** Part of the logger's name (e.g. `ksml.function`); all loggers when empty. */
  logger?: string;
}

// "2024-07-16T13:06:39,394Z [thread] INFO  ksml.function.log_message - Consumed …"
const RUNNER_LINE = /\b(ERROR|WARN|INFO|DEBUG|TRACE)\s+([\w.$-]+)\s+-\s/;

/** A runner log line's level and logger, when it has the runner's layout. */
export function parseLogLine(line: string): {
  level?: LogLevel;
  logger?: string;
} {
  const match = RUNNER_LINE.exec(line);
  return match ? { level: match[1] as LogLevel, logger: match[2] } : {};
}

/**
 * Whether a line passes the filter. A line without the runner's layout (a stack trace's
 * continuation, a Python print) passes a level filter, so an error's trace stays with it, but
 * not a logger filter.
 */
export function passes(line: string, filter: LogFilter): boolean {
  const { level, logger } = parseLogLine(line);
  if (filter.minLevel && level) {
    if (LOG_LEVELS.indexOf(level) > LOG_LEVELS.indexOf(filter.minLevel))
      return false;
  }
  if (filter.logger?.trim()) {
    return logger?.includes(filter.logger.trim()) ?? false;
  }
  return true;
}

/** A level as the Level select offers it: "WARN and up", or "TRACE" (the least severe). */
export function levelLabel(level: LogLevel): string {
  return level === LOG_LEVELS[LOG_LEVELS.length - 1]
    ? level
    : `${level} and up`;
}

/** Whether the filter keeps only some lines (a level or a logger is chosen). */
export function isFiltering(filter: LogFilter): boolean {
  return filter.minLevel !== undefined || Boolean(filter.logger?.trim());
}

/** The filter in words: `level WARN and up, logger containing "ksml"`. */
export function describeFilter(filter: LogFilter): string {
  const parts: string[] = [];
  if (filter.minLevel) parts.push(`level ${levelLabel(filter.minLevel)}`);
  if (filter.logger?.trim())
    parts.push(`logger containing "${filter.logger.trim()}"`);
  return parts.join(', ');
}
