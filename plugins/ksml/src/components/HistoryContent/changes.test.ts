import { describeChanges } from './changes';

const revision = (changes: object) =>
  ({
    revision: 2,
    status: 'deployed',
    chartVersion: '1.3.0',
    appVersion: '1.3.0',
    deployedAt: '2026-11-25T10:00:00Z',
    description: 'Upgrade complete',
    changes,
  } as any);

describe('describeChanges', () => {
  it('says what changed, in words', () => {
    expect(
      describeChanges(
        revision({
          replicas: { from: 1, to: 2 },
          definition: true,
          kafkaProperties: ['client.id', 'sasl.jaas.config'],
          chartVersion: { from: '1.2.0', to: '1.3.0' },
          deploymentMode: { from: 'StatefulSet', to: 'Job' },
        }),
      ),
    ).toBe(
      'replicas 1 → 2; definition; Kafka properties client.id, sasl.jaas.config; chart 1.2.0 → 1.3.0; mode StatefulSet → Job',
    );
  });

  it('is empty when nothing changed (the first revision)', () => {
    expect(describeChanges(revision({}))).toBe('');
  });
});
