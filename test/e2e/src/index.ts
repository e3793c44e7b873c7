// What other suites (the benchmark) use of the end-to-end suite's browser and portal helpers.
export { chromiumPath, launchBrowser, signIn } from './browser';
export { buildAppIfStale } from './e2ePortal';
