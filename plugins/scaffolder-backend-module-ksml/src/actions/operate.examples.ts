import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'prod',
  application: 'sensor-inspector',
};

const step = (action: string, name: string, input: object) =>
  yaml.stringify({
    steps: [{ id: action.split(':').pop(), action, name, input }],
  });

/** Examples of `ksml:app:rollback`, shown in the scaffolder's action list and run by a test. */
export const rollbackExamples: TemplateExample[] = [
  {
    description: 'Incident template: roll an app back to a known-good revision',
    example: step('ksml:app:rollback', 'Roll back to the last good revision', {
      ...app,
      revision: 4,
    }),
  },
];

/** Examples of `ksml:app:scale`, shown in the scaffolder's action list and run by a test. */
export const scaleExamples: TemplateExample[] = [
  {
    description:
      'Incident template: stop an app (0 replicas) without removing it',
    example: step('ksml:app:scale', 'Stop the KSML app', {
      ...app,
      replicas: 0,
    }),
  },
  {
    description: 'Scale an app out to three replicas',
    example: step('ksml:app:scale', 'Scale the KSML app', {
      ...app,
      replicas: 3,
    }),
  },
];
