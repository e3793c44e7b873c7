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
  {
    description:
      "Take an app over with the chosen environments only: where else it runs among the template's environments is refused, unless undeployDropped names those environments for a later step to undeploy",
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
            environments: ['dev'],
            knownEnvironments: ['dev', 'stag', 'prod'],
            takeover: true,
            undeployDropped: true,
          },
        },
        {
          id: 'undeployDropped',
          action: 'ksml:app:undeploy',
          name: 'Undeploy from environments not chosen',
          each: '${{ steps.check.output.droppedEnvironments }}',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: '${{ each.value }}',
            application: 'sensor-inspector',
          },
        },
      ],
    }),
  },
];
