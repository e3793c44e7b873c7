import type { KsmlOperationId } from '../contract/routes';
import { readmeDeployRequest } from './readmeDeployRequest';

/** The app the examples name. */
const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'x',
};

/**
 * A valid input of every operation of the contract (`ksmlRoutes`), for tests that call each
 * route: its body, or its query's fields. A Record, so that a route added to the contract
 * needs an example here before the tests compile.
 */
export const routeExamples: Record<KsmlOperationId, Record<string, unknown>> = {
  deploy: readmeDeployRequest,
  render: readmeDeployRequest,
  test: {
    ...readmeDeployRequest,
    tests: {
      smoke: `definition: ${readmeDeployRequest.application}\ntests:\n  t: {produce: [], assert: []}\n`,
    },
  },
  redeploy: app,
  undeploy: app,
  status: app,
  logs: app,
  followLogs: app,
  metrics: app,
  throughput: app,
  history: app,
  revisions: app,
  rollback: { ...app, revision: 1 },
  scale: { ...app, replicas: 1 },
  restart: app,
  events: app,
  gitopsFiles: app,
  topology: app,
  lag: app,
  records: { ...app, topic: 'ksml_sensordata_avro', limit: 10 },
  resetOffsets: { ...app, to: 'earliest', dryRun: true },
  apps: {},
  definition: app,
  promote: {
    tenant: app.tenant,
    instance: app.instance,
    application: app.application,
    from: 'dev',
    to: 'stag',
    dryRun: true,
  },
  preflight: {
    tenant: app.tenant,
    instance: app.instance,
    application: app.application,
    environments: ['dev'],
    definition: readmeDeployRequest.definition,
  },
  changes: {},
};
