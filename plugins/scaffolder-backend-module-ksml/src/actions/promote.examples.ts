import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
};

/** Examples of `ksml:app:promote`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      "Check a promotion from dev to stag, then promote with stag's recorded Kafka properties and its SASL secret sent again",
    example: yaml.stringify({
      steps: [
        {
          id: 'review',
          action: 'ksml:app:promote',
          name: 'Check the promotion',
          input: {
            ...app,
            from: 'dev',
            to: 'stag',
            secretKafkaProperties: {
              'sasl.jaas.config': '${{ secrets.saslJaasConfig }}',
            },
            dryRun: true,
          },
        },
        {
          id: 'promote',
          action: 'ksml:app:promote',
          name: 'Promote to stag',
          input: {
            ...app,
            from: 'dev',
            to: 'stag',
            secretKafkaProperties: {
              'sasl.jaas.config': '${{ secrets.saslJaasConfig }}',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Promote from stag to an environment the app never ran in, with its Kafka and three replicas',
    example: yaml.stringify({
      steps: [
        {
          id: 'promote',
          action: 'ksml:app:promote',
          name: 'Promote to prod',
          input: {
            ...app,
            from: 'stag',
            to: 'prod',
            replicas: 3,
            kafkaProperties: {
              'bootstrap.servers': 'prod-broker:9093',
              'schema.registry.url': 'http://prod-schema-registry:8081',
            },
          },
        },
      ],
    }),
  },
];
