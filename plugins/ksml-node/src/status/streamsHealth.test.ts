import type {
  KsmlReplicaStreams,
  KsmlWorkload,
} from '@ksml-backstage/plugin-ksml-common';
import { withStreamsHealth } from './streamsHealth';

const NOW = Date.parse('2026-12-07T10:05:00Z');
const running: KsmlWorkload = {
  name: 'app-ksml',
  status: 'Running',
  replicas: 2,
  readyReplicas: 2,
  deploymentMode: 'StatefulSet',
  restarts: 0,
};
const replica = (
  replicaName: string,
  state: KsmlReplicaStreams['state'],
  more: Partial<KsmlReplicaStreams> = {},
): KsmlReplicaStreams => ({ replicaName, state, ...more });

describe('withStreamsHealth', () => {
  it('keeps Running when every known client runs, with the replicas attached', () => {
    const streams = [
      replica('0', 'RUNNING'),
      replica('1', 'Unknown', { reason: 'MetricsUnreachable' }),
    ];
    expect(withStreamsHealth(running, streams, NOW)).toEqual({
      ...running,
      streams,
    });
  });

  it.each([
    [
      'a client in ERROR',
      replica('1', 'ERROR', {
        since: '2026-12-07T10:04:15Z',
        threads: { alive: 0, failed: 1 },
      }),
      'Failing',
      'StreamsError',
      'replica 1: Kafka Streams is in ERROR for 45 s, 1 failed stream thread',
    ],
    [
      'a client shut down under a running pod',
      replica('0', 'NOT_RUNNING'),
      'Failing',
      'StreamsStopped',
      'replica 0: Kafka Streams is NOT_RUNNING',
    ],
    [
      'a client restoring state',
      replica('0', 'RUNNING', {
        restore: {
          activeTasks: 1,
          remainingRecords: 12340,
          recordsPerSecond: 617,
        },
      }),
      'Starting',
      'RestoringState',
      'replica 0 is restoring state: 12,340 records left (about 20 s)',
    ],
    [
      'a client rebalancing on a ready pod',
      replica('1', 'REBALANCING', { since: '2026-12-07T10:02:00Z' }),
      'Starting',
      'Rebalancing',
      'replica 1: Kafka Streams is REBALANCING for 3 min',
    ],
  ])(
    'makes a Running app with %s %s (%s)',
    (_what, streams, status, reason, message) => {
      expect(
        withStreamsHealth(running, [replica('x', 'RUNNING'), streams], NOW),
      ).toMatchObject({ status, reason, message, hint: expect.any(String) });
    },
  );

  it('tells an unready runner that rebalances, and leaves a cause Kubernetes gave', () => {
    const notReady: KsmlWorkload = {
      ...running,
      status: 'Starting',
      readyReplicas: 1,
      reason: 'NotReady',
    };
    expect(
      withStreamsHealth(notReady, [replica('0', 'CREATED')], NOW),
    ).toMatchObject({ status: 'Starting', reason: 'Rebalancing' });
    const unschedulable = { ...notReady, reason: 'Unschedulable' };
    expect(
      withStreamsHealth(unschedulable, [replica('0', 'REBALANCING')], NOW),
    ).toMatchObject({ status: 'Starting', reason: 'Unschedulable' });
    // An error is an error whatever else holds the app back.
    expect(
      withStreamsHealth(unschedulable, [replica('0', 'ERROR')], NOW),
    ).toMatchObject({ status: 'Failing', reason: 'StreamsError' });
  });

  it('leaves a stopped, failing or finished app as it is', () => {
    const failing: KsmlWorkload = {
      ...running,
      status: 'Failing',
      reason: 'OOMKilled',
    };
    expect(
      withStreamsHealth(failing, [replica('0', 'ERROR')], NOW),
    ).toMatchObject({ status: 'Failing', reason: 'OOMKilled' });
    expect(withStreamsHealth(running, [], NOW)).toBe(running);
  });
});
