import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord, lagResponse } from '../../__testUtils__/fixtures';
import {
  idleReplicasWarning,
  inputPartitions,
  previousReplicas,
} from './scale';

const scaleRecord = (
  replicas: number,
  outcome: KsmlDeploymentRecord['outcome'] = 'succeeded',
): KsmlDeploymentRecord => ({
  ...deployRecord(),
  operation: 'scale',
  outcome,
  request: { replicas },
});

describe('previousReplicas', () => {
  it('takes the newest deploy or scale that ran replicas', () => {
    expect(
      previousReplicas([
        scaleRecord(0),
        scaleRecord(4, 'failed'),
        scaleRecord(3),
        deployRecord({ replicas: 2 }),
      ]),
    ).toBe(3);
    expect(
      previousReplicas([scaleRecord(0), deployRecord({ replicas: 2 })]),
    ).toBe(2);
  });

  it('counts a promotion as a deploy', () => {
    expect(
      previousReplicas([
        scaleRecord(0),
        { ...deployRecord({ replicas: 5 }), operation: 'promote' },
        deployRecord({ replicas: 2 }),
      ]),
    ).toBe(5);
  });

  it('is 1 when nothing ran replicas', () => {
    expect(previousReplicas([scaleRecord(0)])).toBe(1);
    expect(previousReplicas([])).toBe(1);
  });
});

describe('inputPartitions', () => {
  it('takes the most partitions of any input topic, unknown without a lag', () => {
    const partition = (n: number) => ({
      partition: n,
      earliestOffset: 0,
      endOffset: 0,
      lag: 0,
    });
    const topic = (name: string, partitions: number) => ({
      topic: name,
      lag: 0,
      partitions: Array.from({ length: partitions }, (_, n) => partition(n)),
    });
    expect(inputPartitions(lagResponse())).toBe(2);
    expect(
      inputPartitions(lagResponse({ topics: [topic('a', 3), topic('b', 6)] })),
    ).toBe(6);
    expect(inputPartitions(lagResponse({ topics: [] }))).toBeUndefined();
    expect(inputPartitions(undefined)).toBeUndefined();
  });
});

describe('idleReplicasWarning', () => {
  it('warns of the replicas beyond the partitions', () => {
    expect(idleReplicasWarning(4, 2)).toBe(
      '4 replicas but the input topics have 2 partitions: 2 replicas will sit idle',
    );
    expect(idleReplicasWarning(2, 1)).toBe(
      '2 replicas but the input topics have 1 partition: 1 replica will sit idle',
    );
  });

  it('says nothing when every replica can get a partition, or the partitions are unknown', () => {
    expect(idleReplicasWarning(2, 2)).toBeUndefined();
    expect(idleReplicasWarning(0, 2)).toBeUndefined();
    expect(idleReplicasWarning(9, undefined)).toBeUndefined();
  });
});
