import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ksml:app:deploy`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      'Deploy the definition and schemas fetched from the skeleton, with a SASL password from the template secrets, and wait until it runs',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'ksml:app:deploy',
          name: 'Deploy the KSML app',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: 'dev',
            application: 'sensor-inspector',
            replicas: 2,
            definitionFile: './definitions/sensor-inspector.yaml',
            schemaFiles: ['./schemas'],
            kafkaProperties: {
              'bootstrap.servers': 'broker:9093',
              'schema.registry.url': 'http://schema-registry:8081',
              'sasl.jaas.config': '${{ secrets.saslJaasConfig }}',
            },
            timeout: 300,
          },
        },
      ],
    }),
  },
  {
    description:
      'Run an inline producer definition once as a Job, without waiting for it',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'ksml:app:deploy',
          name: 'Start the producer Job',
          input: {
            tenant: 'dizzl',
            instance: 'sandbox',
            environment: 'dev',
            application: 'sensor-producer',
            deploymentMode: 'Job',
            definition: [
              'functions:',
              '  generate:',
              '    type: generator',
              '    code: return ("sensor1", {"value": 1})',
              '    resultType: (string, json)',
              'producers:',
              '  sensors:',
              '    generator: generate',
              '    interval: 1s',
              '    count: 10',
              '    to:',
              '      topic: ksml_sensordata_json',
              '      keyType: string',
              '      valueType: json',
              '',
            ].join('\n'),
            kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
            waitForRunning: false,
          },
        },
      ],
    }),
  },
];
