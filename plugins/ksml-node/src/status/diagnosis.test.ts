import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { startingDiagnosis, withHint } from './diagnosis';
import { mapWorkloadStatus } from './mapStatus';

const pending = (message: string): V1Pod => ({
  metadata: { name: 'app-ksml-0' },
  status: {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
      },
    ],
  },
});

const runningNotReady: V1Pod = {
  metadata: { name: 'app-ksml-0' },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'ksml',
        ready: false,
        restartCount: 0,
        image: 'x',
        imageID: 'x',
        state: { running: { startedAt: new Date() } },
      },
    ],
  },
};

describe('startingDiagnosis', () => {
  it.each([
    [
      '0/1 nodes are available: 1 Insufficient cpu.',
      'Unschedulable',
      'lower resources.requests',
    ],
    [
      '0/3 nodes are available: 3 Too many pods.',
      'Unschedulable',
      'as many pods as they may',
    ],
    [
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
      'Unschedulable',
      'node selector or affinity',
    ],
    [
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      'ClaimPending',
      'storage.storageClassName',
    ],
  ])('a pod the scheduler cannot place: %s', (message, reason, hint) => {
    expect(startingDiagnosis([pending(message)])).toEqual({
      reason,
      message,
      hint: expect.stringContaining(hint),
    });
  });

  it('a runner that runs but is not ready: the state restore hint', () => {
    expect(startingDiagnosis([runningNotReady])).toMatchObject({
      reason: 'NotReady',
      message: 'the ksml container of app-ksml-0 runs but is not ready',
      hint: expect.stringContaining('restores them from Kafka'),
    });
  });

  it('says nothing while pods are merely being made, or on their way out', () => {
    expect(startingDiagnosis([])).toBeUndefined();
    expect(
      startingDiagnosis([
        { metadata: { name: 'p' }, status: { phase: 'Pending' } },
      ]),
    ).toBeUndefined();
    expect(
      startingDiagnosis([
        {
          ...pending('x'),
          metadata: { name: 'p', deletionTimestamp: new Date() },
        },
      ]),
    ).toBeUndefined();
  });
});

describe('withHint', () => {
  it('gives each failing reason its hint, and names the 10 MiB store eviction', () => {
    expect(withHint({ reason: 'OOMKilled' }).hint).toContain(
      'resources.limits.memory',
    );
    expect(withHint({ reason: 'ImagePullBackOff', message: 'm' })).toEqual({
      reason: 'ImagePullBackOff',
      message: 'm',
      hint: expect.stringContaining('imagePullSecrets'),
    });
    expect(
      withHint({
        reason: 'Evicted',
        message: 'Usage of EmptyDir volume "store" exceeds the limit "10Mi".',
      }),
    ).toMatchObject({
      reason: 'StoreLimitExceeded',
      hint: expect.stringContaining('storage.size'),
    });
    expect(withHint({ reason: 'SomethingNew' })).toEqual({
      reason: 'SomethingNew',
    });
  });
});

describe('mapWorkloadStatus with a diagnosis', () => {
  it('tells why a StatefulSet is still Starting', () => {
    const sts: V1StatefulSet = {
      spec: { replicas: 1, selector: {}, serviceName: 'x', template: {} },
      status: { replicas: 1, readyReplicas: 0 },
    };
    expect(
      mapWorkloadStatus('app-ksml', { kind: 'StatefulSet', object: sts }, [
        pending('0/1 nodes are available: 1 Insufficient cpu.'),
      ]),
    ).toMatchObject({
      status: 'Starting',
      reason: 'Unschedulable',
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
  });
});
