import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ksml:app:undeploy`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Undeploy an app and delete its state store volumes',
    example: yaml.stringify({
      steps: [
        {
          id: 'undeploy',
          action: 'ksml:app:undeploy',
          name: 'Remove the KSML app',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: 'dev',
            application: 'sensor-inspector',
            deleteStorage: true,
          },
        },
      ],
    }),
  },
];
