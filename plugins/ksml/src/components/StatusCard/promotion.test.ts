import { responseError, statusResponse } from '../../__testUtils__';
import {
  asksForKafkaProperties,
  canPromote,
  defaultPromotionTarget,
  promotedMessage,
  promotionOf,
  promotionTargets,
} from './promotion';

describe('canPromote', () => {
  const offered = {
    status: statusResponse(),
    canDeploy: true,
    gitops: false,
    targets: ['stag'],
  };
  it.each([
    ['offered where the app runs and may be deployed elsewhere', {}, true],
    ['not without ksml.app.deploy', { canDeploy: false }, false],
    ['not where the app does not run', { status: undefined }, false],
    ['not without another environment', { targets: [] }, false],
    ['not for an app Flux or Argo CD install', { gitops: true }, false],
  ])('%s', (_, options, wanted) => {
    expect(canPromote({ ...offered, ...options })).toBe(wanted);
  });
});

describe('promotion targets', () => {
  it.each([
    ['dev', ['dev', 'stag', 'prod'], ['stag', 'prod'], 'stag'],
    ['stag', ['dev', 'stag', 'prod'], ['dev', 'prod'], 'prod'],
    ['prod', ['dev', 'stag', 'prod'], ['dev', 'stag'], 'dev'],
    ['dev', ['dev'], [], undefined],
  ])(
    'from %s among %j: %j, starting with %s',
    (from, environments, targets, first) => {
      expect(promotionTargets(environments, from)).toEqual(targets);
      expect(defaultPromotionTarget(environments, from)).toBe(first);
    },
  );
});

describe('asksForKafkaProperties', () => {
  it('is a 400 naming kafkaProperties, nothing else', async () => {
    expect(
      asksForKafkaProperties(
        await responseError(
          400,
          "kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
        ),
      ),
    ).toBe(true);
    expect(
      asksForKafkaProperties(
        await responseError(
          400,
          'Invalid promoted deploy request: definitions.x: is not valid',
        ),
      ),
    ).toBe(false);
    expect(
      asksForKafkaProperties(await responseError(404, 'kafkaProperties')),
    ).toBe(false);
  });
});

describe('promotionOf', () => {
  it.each([
    [
      'nothing asked: the recorded Kafka of the target',
      { bootstrapServers: ' ', secrets: { 'sasl.jaas.config': '' } },
      { to: 'stag' },
    ],
    [
      'bootstrap servers and secrets',
      {
        bootstrapServers: ' broker:9093 ',
        secrets: { 'sasl.jaas.config': 's' },
      },
      {
        to: 'stag',
        kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
        secretKafkaProperties: { 'sasl.jaas.config': 's' },
      },
    ],
  ])('%s', (_, fields, wanted) => {
    expect(promotionOf({ to: 'stag', ...fields })).toEqual(wanted);
  });
});

describe('promotedMessage', () => {
  it('says from where, to where, the revision made and what changed', () => {
    expect(
      promotedMessage('sensor-inspector', {
        from: { environment: 'dev', revision: 4 },
        to: { environment: 'stag', revision: 2 },
        dryRun: false,
        changedDefinitions: ['sensor-inspector'],
        replicas: 1,
        warnings: [],
        deployed: {
          helm: { ...statusResponse({}, 'stag').helm, revision: 3 },
          secretProperties: [],
          warnings: [],
        },
      }),
    ).toBe(
      'Promoted sensor-inspector from dev (revision 4) to stag as revision 3; definitions changed: sensor-inspector',
    );
  });
});
