import { describeRevisions } from './revisions';
import type { HelmReleaseJson } from './releaseRecords';

const record = (
  version: number,
  config: Record<string, unknown>,
  extra: Partial<HelmReleaseJson> = {},
): HelmReleaseJson => ({
  name: 'app-ksml',
  namespace: 'ns',
  version,
  info: {
    status: 'superseded',
    last_deployed: '2026-11-25T10:00:00.123456789Z',
    description: 'Upgrade complete',
  },
  chart: { metadata: { name: 'ksml', version: '1.2.0', appVersion: '1.2.0' } },
  config,
  ...extra,
});

const values = (replicas: number, definition: string, kafka = {}) => ({
  replicaCount: replicas,
  deploymentMode: 'StatefulSet',
  ksmlDefinitions: { 'app.yaml': definition },
  ksmlRunnerConfig: {
    kafka: { 'bootstrap.servers': 'b:9092', ...kafka },
  },
});

describe('describeRevisions', () => {
  it('lists revisions newest first with what each changed from the one before', () => {
    const revisions = describeRevisions([
      record(1, values(1, 'a'), {
        info: { status: 'superseded', description: 'Install complete' },
      }),
      record(3, values(1, 'a'), {
        info: {
          status: 'deployed',
          description: 'Rollback to 1',
          last_deployed: '2026-11-25T12:00:00Z',
        },
      }),
      record(
        2,
        values(2, 'b', {
          'sasl.jaas.config': '${env:KSML_SECRET_SASL_JAAS_CONFIG}',
        }),
        { chart: { metadata: { version: '1.3.0', appVersion: '1.3.0' } } },
      ),
    ]);
    expect(revisions.map(r => r.revision)).toEqual([3, 2, 1]);
    expect(revisions[1]).toMatchObject({
      revision: 2,
      status: 'superseded',
      chartVersion: '1.3.0',
      deployedAt: '2026-11-25T10:00:00Z',
      replicas: 2,
      deploymentMode: 'StatefulSet',
      changes: {
        replicas: { from: 1, to: 2 },
        chartVersion: { from: '1.2.0', to: '1.3.0' },
        definition: true,
        kafkaProperties: ['sasl.jaas.config'],
      },
    });
    expect(revisions[0]).toMatchObject({
      revision: 3,
      status: 'deployed',
      description: 'Rollback to 1',
      deployedAt: '2026-11-25T12:00:00Z',
      changes: {
        replicas: { from: 2, to: 1 },
        definition: true,
        kafkaProperties: ['sasl.jaas.config'],
      },
    });
    expect(revisions[2].changes).toEqual({});
    // The same definitions give the same digest; other definitions another.
    expect(revisions[0].definitionDigest).toBe(revisions[2].definitionDigest);
    expect(revisions[1].definitionDigest).not.toBe(
      revisions[2].definitionDigest,
    );
  });

  it('shows no secret value: a changed secret is named, its value never appears', () => {
    const [newest] = describeRevisions([
      record(1, values(1, 'a', { 'ssl.key.password': '${env:KSML_SECRET_A}' })),
      record(2, values(1, 'a', { 'ssl.key.password': '${env:KSML_SECRET_B}' })),
    ]);
    expect(newest.changes).toEqual({ kafkaProperties: ['ssl.key.password'] });
    expect(JSON.stringify(newest)).not.toContain('KSML_SECRET');
  });
});
