import type { KsmlPreflightEnvironment } from '@ksml-backstage/plugin-ksml-common';
import {
  preflightFailure,
  preflightReport,
  preflightRequestOf,
} from './preflightReport';

const answers = {
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'orders-app',
  environments: ['dev', 'stag'],
};

const item = (
  environment: string,
  found: Partial<KsmlPreflightEnvironment> = {},
): KsmlPreflightEnvironment => ({
  environment,
  release: `dizzl-sandbox-${environment}-orders-app-ksml`,
  deployed: false,
  kafka: 'kafka:9094 from ksml.kafka',
  missingInputTopics: [],
  warnings: [],
  ...found,
});

describe('preflightRequestOf', () => {
  it("asks about the form's app in the chosen environments with the definition", () => {
    expect(
      preflightRequestOf({ ...answers, replicas: 2 }, 'streams: {}'),
    ).toEqual({
      ...answers,
      definition: 'streams: {}',
      replicas: 2,
    });
  });

  it('asks nothing while the answers cannot name the app in an environment', () => {
    expect(
      preflightRequestOf({ ...answers, application: 'Bad_Name' }, 'x'),
    ).toBe(undefined);
    expect(preflightRequestOf({ ...answers, environments: [] }, 'x')).toBe(
      undefined,
    );
    expect(preflightRequestOf({ ...answers, environments: 'dev' }, 'x')).toBe(
      undefined,
    );
  });
});

describe('preflightReport', () => {
  it('refuses a name already running, naming the environment and release, unless taken over', () => {
    const items = [item('dev'), item('stag', { deployed: true })];
    expect(preflightReport(items, answers)).toEqual({
      errors: [
        'orders-app already runs in stag (dizzl-sandbox-stag-orders-app-ksml): choose another name, or tick "Take over an existing app of this name" if it is yours to change',
      ],
      warnings: [],
      clear: ['dev (kafka:9094 from ksml.kafka)'],
    });
    expect(
      preflightReport(items, { ...answers, takeover: true }).errors,
    ).toEqual([]);
  });

  it('refuses missing input topics, naming the environment and its Kafka, unless the user deploys anyway', () => {
    const items = [item('dev', { missingInputTopics: ['orders'] })];
    expect(preflightReport(items, answers).errors).toEqual([
      'Topic orders, which the definition reads, does not exist on the Kafka cluster of environment dev (kafka:9094 from ksml.kafka): create it first, or tick "Deploy even if input topics are missing"',
    ]);
    expect(
      preflightReport(
        [item('dev', { missingInputTopics: ['a', 'b'] })],
        answers,
      ).errors,
    ).toEqual([
      'Topics a, b, which the definition reads, do not exist on the Kafka cluster of environment dev (kafka:9094 from ksml.kafka): create them first, or tick "Deploy even if input topics are missing"',
    ]);
    expect(
      preflightReport(items, { ...answers, allowMissingTopics: true }),
    ).toEqual({
      errors: [],
      warnings: [
        'Topic orders does not exist on the Kafka cluster of environment dev (kafka:9094 from ksml.kafka): the app fails there until it exists',
      ],
      clear: ['dev (kafka:9094 from ksml.kafka)'],
    });
  });

  it('only warns of what it could not check and of the other findings', () => {
    const report = preflightReport(
      [
        item('dev', {
          warnings: ['3 replicas, but the input topics have 1 partition'],
        }),
        item('stag', {
          kafka: undefined,
          error: 'Could not tell whether orders-app runs in stag: down',
        }),
      ],
      answers,
    );
    expect(report).toEqual({
      errors: [],
      warnings: [
        'dev: 3 replicas, but the input topics have 1 partition',
        'Could not tell whether orders-app runs in stag: down',
      ],
      clear: ['dev (kafka:9094 from ksml.kafka)'],
    });
  });

  it('says a failed preflight blocks nothing', () => {
    expect(preflightFailure(new Error('503 Service Unavailable'))).toBe(
      'The checks before Create could not run (503 Service Unavailable); the template checks the name and the topics again when it runs',
    );
  });
});
