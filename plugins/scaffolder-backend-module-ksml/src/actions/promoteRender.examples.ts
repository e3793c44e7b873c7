import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
};

/** Examples of `ksml:app:promote-render`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      "Promote what runs in dev to stag as GitOps files in deploy/stag, with stag's Kafka, for a publish step to commit",
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'ksml:app:promote-render',
          name: 'Render the promotion',
          input: {
            ...app,
            from: 'dev',
            to: 'stag',
            kafkaProperties: {
              'bootstrap.servers': 'stag-broker:9093',
              'schema.registry.url': 'http://stag-schema-registry:8081',
              'sasl.jaas.config': '${{ secrets.saslJaasConfig }}',
            },
            registrySecretName: 'ksml-chart-registry',
          },
        },
      ],
    }),
  },
  {
    description:
      'Check a promotion from stag to prod with three replicas, into the folder Flux watches for prod; write nothing',
    example: yaml.stringify({
      steps: [
        {
          id: 'review',
          action: 'ksml:app:promote-render',
          name: 'Check the promotion',
          input: {
            ...app,
            from: 'stag',
            to: 'prod',
            replicas: 3,
            bootstrapServers: 'prod-broker:9093',
            targetPath: 'clusters/prod/ksml',
            dryRun: true,
          },
        },
      ],
    }),
  },
];
