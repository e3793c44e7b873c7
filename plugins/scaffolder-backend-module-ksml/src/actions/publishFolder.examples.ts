import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ksml:publish:folder`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      'Publish the generated app to the dev portal folder its catalog location reads',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'ksml:publish:folder',
          name: 'Publish',
          input: { name: 'sensor-inspector' },
        },
      ],
    }),
  },
];
