import { resetOffsetsRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { appRef, lagResponse } from '../../../__testUtils__';
import {
  initialResetForm,
  localTimeToIso,
  partitionKey,
  resetPartitionsOf,
  resetRequestOf,
  type ResetForm,
} from './resetRequest';

const lag = lagResponse({
  topics: [
    ...lagResponse().topics,
    {
      topic: 'sensor_alerts',
      lag: 0,
      partitions: [
        {
          partition: 0,
          earliestOffset: 0,
          endOffset: 5,
          committedOffset: 5,
          lag: 0,
        },
      ],
    },
  ],
});
const topics = ['sensor_data', 'sensor_alerts'];
const partitions = resetPartitionsOf(lag);
const app = appRef();

const build = (changes: Partial<ResetForm>) =>
  resetRequestOf(
    appRef(),
    { ...initialResetForm(lag), ...changes },
    topics,
    partitions,
  );

describe('resetPartitionsOf', () => {
  it('lists every partition of the input topics, commits kept', () => {
    expect(partitions).toEqual([
      {
        topic: 'sensor_data',
        partition: 0,
        earliestOffset: 0,
        endOffset: 1500,
        committedOffset: 900,
      },
      {
        topic: 'sensor_data',
        partition: 1,
        earliestOffset: 10,
        endOffset: 644,
        committedOffset: undefined,
      },
      {
        topic: 'sensor_alerts',
        partition: 0,
        earliestOffset: 0,
        endOffset: 5,
        committedOffset: 5,
      },
    ]);
  });
});

describe('initialResetForm', () => {
  it('resets to the earliest on all topics, each offset field at its commit', () => {
    expect(initialResetForm(lag)).toEqual({
      to: 'earliest',
      time: '',
      topics,
      offsets: {
        'sensor_data/0': '900',
        'sensor_data/1': '',
        'sensor_alerts/0': '5',
      },
    });
  });
});

describe('localTimeToIso', () => {
  it('reads a datetime-local value in the local time zone', () => {
    expect(localTimeToIso('2024-08-26T15:04')).toBe(
      new Date(2024, 7, 26, 15, 4).toISOString(),
    );
    expect(localTimeToIso('2024-08-26T15:04:05')).toBe(
      new Date(2024, 7, 26, 15, 4, 5).toISOString(),
    );
    expect(localTimeToIso('2024-08-26T15:04:05.250')).toBe(
      new Date(2024, 7, 26, 15, 4, 5, 250).toISOString(),
    );
  });

  it.each([
    '',
    'yesterday',
    '2024-08-26',
    '2024-04-31T10:00',
    '2024-08-26T25:00',
  ])('refuses %p', value => {
    expect(localTimeToIso(value)).toBeUndefined();
  });
});

describe('resetRequestOf', () => {
  it('leaves the topics out while all are chosen', () => {
    expect(build({ to: 'earliest' })).toEqual({
      request: { ...app, to: 'earliest' },
    });
    expect(build({ to: 'latest' })).toEqual({
      request: { ...app, to: 'latest' },
    });
  });

  it('names the topics when only some are chosen', () => {
    expect(build({ topics: ['sensor_alerts'] })).toEqual({
      request: { ...app, to: 'earliest', topics: ['sensor_alerts'] },
    });
  });

  it('refuses no topic at all', () => {
    expect(build({ topics: [] })).toEqual({
      errors: { topics: 'Choose at least one topic', partitions: {} },
    });
  });

  it('sends a time in ISO 8601 with its zone', () => {
    const result = build({ to: 'time', time: '2024-08-26T15:04' });
    expect(result).toEqual({
      request: {
        ...app,
        to: 'time',
        time: new Date(2024, 7, 26, 15, 4).toISOString(),
      },
    });
    // As the backend validates it.
    expect(resetOffsetsRequestSchema.safeParse(result.request).success).toBe(
      true,
    );
  });

  it('refuses a missing or impossible time', () => {
    expect(build({ to: 'time', time: '' }).errors?.time).toBe(
      'Enter the time to reset to',
    );
    expect(build({ to: 'time', time: '2024-02-30T10:00' }).errors?.time).toBe(
      'Enter a valid date and time',
    );
  });

  it('sends only the partitions whose offset changed, without topics', () => {
    const result = build({
      to: 'offsets',
      topics: ['sensor_alerts'],
      offsets: {
        'sensor_data/0': '900',
        'sensor_data/1': ' 20 ',
        'sensor_alerts/0': '0',
      },
    });
    expect(result).toEqual({
      request: {
        ...app,
        to: 'offsets',
        offsets: [
          { topic: 'sensor_data', partition: 1, offset: 20 },
          { topic: 'sensor_alerts', partition: 0, offset: 0 },
        ],
      },
    });
    expect(resetOffsetsRequestSchema.safeParse(result.request).success).toBe(
      true,
    );
  });

  it('refuses offsets when none changed', () => {
    expect(build({ to: 'offsets' })).toEqual({
      errors: {
        offsets: "Change at least one partition's offset",
        partitions: {},
      },
    });
  });

  it('names each partition whose offset is no whole number in its kept range', () => {
    const result = build({
      to: 'offsets',
      offsets: {
        'sensor_data/0': '',
        'sensor_data/1': '5',
        'sensor_alerts/0': '1e3',
      },
    });
    expect(result.errors?.partitions).toEqual({
      [partitionKey('sensor_data', 0)]:
        'Enter a whole number from 0 (earliest) to 1500 (end)',
      [partitionKey('sensor_data', 1)]:
        'Out of range: enter a whole number from 10 (earliest) to 644 (end)',
      [partitionKey('sensor_alerts', 0)]:
        'Enter a whole number from 0 (earliest) to 5 (end)',
    });
    expect(result.errors?.offsets).toBeUndefined();
  });
});
