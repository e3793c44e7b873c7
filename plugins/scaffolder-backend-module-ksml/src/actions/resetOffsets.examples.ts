import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'prod',
  application: 'sensor-inspector',
};

/** Examples of `ksml:app:reset-offsets`, shown in the scaffolder's action list and run by a test. */
export const examples: TemplateExample[] = [
  {
    description:
      'Incident template: stop the app, reprocess what arrived since a time, start it again (the reset waits for the app to stop and its group to empty)',
    example: yaml.stringify({
      steps: [
        {
          id: 'stop',
          action: 'ksml:app:scale',
          name: 'Stop the KSML app',
          input: { ...app, replicas: 0 },
        },
        {
          id: 'reset',
          action: 'ksml:app:reset-offsets',
          name: 'Go back to the time of the incident',
          input: { ...app, to: 'time', time: '2026-12-07T10:00:00Z' },
        },
        {
          id: 'start',
          action: 'ksml:app:scale',
          name: 'Start the KSML app again',
          input: { ...app, replicas: 2 },
        },
      ],
    }),
  },
  {
    description:
      'Reprocess one input topic from its earliest kept records (the app stopped before)',
    example: yaml.stringify({
      steps: [
        {
          id: 'reset',
          action: 'ksml:app:reset-offsets',
          name: 'Reprocess the sensor data',
          input: { ...app, to: 'earliest', topics: ['ksml_sensordata_avro'] },
        },
      ],
    }),
  },
  {
    description:
      'Skip a record the app cannot process: move one partition past its offset, the others stay',
    example: yaml.stringify({
      steps: [
        {
          id: 'reset',
          action: 'ksml:app:reset-offsets',
          name: 'Skip the poison record',
          input: {
            ...app,
            to: 'offsets',
            offsets: [
              { topic: 'ksml_sensordata_avro', partition: 1, offset: 4712 },
            ],
          },
        },
      ],
    }),
  },
];
