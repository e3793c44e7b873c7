import type { V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { mapWorkloadStatus } from './mapStatus';

const sts = (
  replicas: number,
  ready: number,
  updated = replicas,
): V1StatefulSet => ({
  spec: { replicas, selector: {}, serviceName: 'x', template: {} },
  status: { replicas, readyReplicas: ready, updatedReplicas: updated },
});

const pod = (
  containerStatus: Record<string, unknown> = {},
  phase = 'Running',
  restartPolicy = 'Always',
): V1Pod =>
  ({
    spec: { containers: [], restartPolicy },
    status: {
      phase,
      containerStatuses: [
        {
          name: 'ksml',
          ready: true,
          restartCount: 0,
          image: 'x',
          imageID: 'x',
          ...containerStatus,
        },
      ],
    },
  } as V1Pod);

const waiting = (reason: string, restartCount = 3, lastReason?: string) =>
  pod({
    ready: false,
    restartCount,
    state: { waiting: { reason, message: `${reason} detail` } },
    ...(lastReason
      ? { lastState: { terminated: { reason: lastReason, exitCode: 137 } } }
      : {}),
  });

describe('mapWorkloadStatus: StatefulSet', () => {
  const map = (s: V1StatefulSet, pods: V1Pod[]) =>
    mapWorkloadStatus('app-ksml', { kind: 'StatefulSet', object: s }, pods);

  it('is Running when every replica is ready and updated', () => {
    expect(map(sts(2, 2), [pod(), pod()])).toEqual({
      name: 'app-ksml',
      deploymentMode: 'StatefulSet',
      status: 'Running',
      replicas: 2,
      readyReplicas: 2,
      restarts: 0,
    });
  });

  it('is Starting while replicas come up or roll', () => {
    expect(map(sts(2, 1), [pod()]).status).toBe('Starting');
    expect(map(sts(2, 2, 1), [pod(), pod()]).status).toBe('Starting');
  });

  it('is Stopped at 0 replicas once the pods are gone', () => {
    expect(map(sts(0, 0), []).status).toBe('Stopped');
    expect(map(sts(0, 0), [pod()]).status).toBe('Starting');
  });

  it.each([
    ['CrashLoopBackOff', undefined, 'CrashLoopBackOff'],
    ['ImagePullBackOff', undefined, 'ImagePullBackOff'],
    ['CrashLoopBackOff', 'OOMKilled', 'OOMKilled'],
  ])(
    'is Failing with reason when a container waits in %s (last %s)',
    (reason, last, expected) => {
      const status = map(sts(2, 1), [pod(), waiting(reason, 4, last)]);
      expect(status).toMatchObject({
        status: 'Failing',
        reason: expected,
        restarts: 4,
      });
      expect(status.message).toContain('detail');
    },
  );

  it("counts ready replicas from the failing pods, not the StatefulSet's lagging counter", () => {
    const ready = (p: V1Pod): V1Pod => ({
      ...p,
      status: {
        ...p.status,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    // The StatefulSet still says 2 ready; one pod already crash-loops.
    const status = map(sts(2, 2), [ready(pod()), waiting('CrashLoopBackOff')]);
    expect(status).toMatchObject({ status: 'Failing', readyReplicas: 1 });
  });
});

describe('mapWorkloadStatus: Job', () => {
  const job = (status: V1Job['status']): V1Job => ({
    spec: { template: {} },
    status,
  });
  const map = (j: V1Job, pods: V1Pod[]) =>
    mapWorkloadStatus('batch-ksml', { kind: 'Job', object: j }, pods);

  it('is Completed when the Job succeeded', () => {
    expect(
      map(
        job({
          succeeded: 1,
          conditions: [{ type: 'Complete', status: 'True' }],
        }),
        [pod({}, 'Succeeded')],
      ),
    ).toMatchObject({
      status: 'Completed',
      deploymentMode: 'Job',
    });
  });

  it('is Failing with the Job condition reason', () => {
    const failed = job({
      failed: 1,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    });
    expect(map(failed, [])).toMatchObject({
      status: 'Failing',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('is Running while its pod runs, Starting before', () => {
    expect(map(job({ active: 1, ready: 1 }), [pod()])).toMatchObject({
      status: 'Running',
      readyReplicas: 1,
    });
    expect(map(job({ active: 1, ready: 0 }), [pod({}, 'Pending')]).status).toBe(
      'Starting',
    );
  });

  it('is Failing when its pod exited non-zero', () => {
    const crashed = pod(
      {
        state: {
          terminated: { exitCode: 1, reason: 'Error', message: 'boom' },
        },
      },
      'Failed',
      'Never',
    );
    expect(map(job({ active: 0 }), [crashed])).toMatchObject({
      status: 'Failing',
      reason: 'Error',
      message: 'boom',
    });
  });
});

describe('mapWorkloadStatus: no workload', () => {
  it('is Starting with a reason', () => {
    expect(mapWorkloadStatus('x', undefined, [])).toMatchObject({
      status: 'Starting',
      reason: 'WorkloadNotFound',
    });
  });
});
