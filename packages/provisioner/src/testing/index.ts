/**
 * Helpers for tests that run the standalone provisioner as a process (this package's and the
 * backend plugin's integration tests).
 */
export { call } from './call';
export type { CallResult } from './call';
export { binDir, startProvisionerProcess } from './provisionerProcess';
export type { ProvisionerProcess } from './provisionerProcess';
export { serverCertificate } from './serverCertificate';
