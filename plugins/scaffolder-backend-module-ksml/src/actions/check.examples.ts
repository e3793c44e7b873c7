import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ksml:app:check`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      'Refuse a name that already runs in a chosen environment, unless the user asked to take it over',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'ksml:app:check',
          name: 'Check the name is free',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            application: 'sensor-inspector',
            environments: ['dev', 'stag'],
            takeover: false,
          },
        },
      ],
    }),
  },
];
