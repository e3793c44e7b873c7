import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ksml:app:render`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      'Render the skeleton app for Flux and Argo CD into deploy/dev, for a publish step to push',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'ksml:app:render',
          name: 'Render GitOps declarations',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: 'dev',
            application: 'sensor-inspector',
            definitionFile: './definitions/sensor-inspector.yaml',
            schemaFiles: ['./schemas/SensorData.avsc'],
            kafkaProperties: {
              'bootstrap.servers': 'broker:9093',
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
      'Render the prod environment into the folder Flux watches for that cluster (graduated environments: one folder per environment)',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'ksml:app:render',
          name: 'Render for prod',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: 'prod',
            application: 'sensor-inspector',
            replicas: 2,
            definitionFile: './definitions/sensor-inspector.yaml',
            kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
            targetPath: 'clusters/prod/ksml',
            fluxInterval: '10m',
          },
        },
      ],
    }),
  },
];
