/**
 * Helpers for tests that run the standalone provisioner as a process (this package's and the
 * backend plugin's integration tests).
 */
export { call } from './call';
export type { CallResult } from './call';
export { startProvisionerProcess } from './provisionerProcess';
export type { ProvisionerProcess } from './provisionerProcess';
export { testbedReadmeEnv } from './readmeEnv';
export { serverCertificate } from './serverCertificate';
