/**
 * The standalone KSML provisioner: an HTTP server over the provisioner core, configured by the
 * KSML Provisioner 0.5.0 readme's environment variables. `src/main.ts` starts it.
 *
 * @packageDocumentation
 */
export { ConfigError, readEnv } from './config/readEnv';
export type { ProvisionerConfig } from './config/readEnv';
export { jsonLogger } from './logging/jsonLogger';
export type { JsonLogger } from './logging/jsonLogger';
export { basicAuth } from './server/basicAuth';
export { createApp } from './server/createApp';
export type { AppOptions } from './server/createApp';
export { errorResponse, statusOf } from './server/errorResponse';
export { ReleaseLocks } from './server/releaseLocks';
export { startServer } from './server/startServer';
export type { RunningServer } from './server/startServer';
export { setupTracing } from './tracing/setupTracing';
