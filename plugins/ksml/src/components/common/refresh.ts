/** How often a KSML view reloads by default, in milliseconds. */
export const DEFAULT_REFRESH_MS = 10_000;
