import type { V1Pod } from '@kubernetes/client-node';
import type { KsmlWorkload } from '@ksml-backstage/plugin-ksml-common';
import { withRunnerLog } from './withRunnerLog';

const NAME = 'dizzl-sandbox-dev-app-ksml';

/** A pod whose ksml container runs, ready or not. */
const pod = (ordinal: number, ready: boolean): V1Pod => ({
  metadata: { name: `${NAME}-${ordinal}` },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'ksml',
        ready,
        restartCount: 0,
        image: '',
        imageID: '',
        state: { running: { startedAt: new Date() } },
      },
    ],
  },
});

const workload = (more: Partial<KsmlWorkload>): KsmlWorkload => ({
  name: NAME,
  status: 'Running',
  replicas: 2,
  readyReplicas: 2,
  ...more,
});

/** A reader whose pods' logs are these; records which pods were read. */
function reader(logs: Record<string, string>) {
  const read: string[] = [];
  return {
    read,
    readLog: async (name: string) => {
      read.push(name);
      return logs[name] ?? '';
    },
  };
}

const FUNCTION_ERROR =
  'Above error caused: KSML topology error: Error while executing function app.check : ValueError: bad value';
const UNREACHABLE =
  '2026-12-07T03:59:34,041Z [t] WARN  o.apache.kafka.clients.NetworkClient - [Consumer clientId=c] Connection to node -1 (/10.244.77.1:1) could not be established. Node may not be available.';

describe('withRunnerLog', () => {
  it('reads the log of the replica whose Kafka Streams failed, for the cause and the tail', async () => {
    const logs = reader({ [`${NAME}-1`]: `starting\n${FUNCTION_ERROR}` });
    const status = await withRunnerLog(
      logs,
      workload({
        status: 'Failing',
        reason: 'StreamsError',
        message: 'replica 1: Kafka Streams is in ERROR',
        streams: [
          { replicaName: '0', state: 'RUNNING' },
          { replicaName: '1', state: 'ERROR' },
        ],
      }),
      [pod(0, true), pod(1, true)],
    );
    expect(logs.read).toEqual([`${NAME}-1`]);
    expect(status).toMatchObject({
      status: 'Failing',
      reason: 'FunctionError',
      message: 'function app.check raised ValueError: bad value',
      logTail: `starting\n${FUNCTION_ERROR}`,
    });
  });

  it('keeps StreamsError, with the tail, when the log names no known cause', async () => {
    const logs = reader({ [`${NAME}-0`]: 'something else' });
    const status = await withRunnerLog(
      logs,
      workload({
        status: 'Failing',
        reason: 'StreamsError',
        streams: [{ replicaName: '0', state: 'PENDING_ERROR' }],
      }),
      [pod(0, true)],
    );
    expect(status).toMatchObject({
      reason: 'StreamsError',
      logTail: 'something else',
    });
  });

  it('lets the log of an unready runner that rebalances name the cause', async () => {
    const logs = reader({ [`${NAME}-0`]: UNREACHABLE });
    const status = await withRunnerLog(
      logs,
      workload({
        status: 'Starting',
        readyReplicas: 0,
        reason: 'Rebalancing',
        streams: [{ replicaName: '0', state: 'REBALANCING' }],
      }),
      [pod(0, false)],
    );
    expect(status).toMatchObject({
      status: 'Starting',
      reason: 'BrokerUnreachable',
      message: expect.stringContaining('could not be established'),
    });
  });

  it('reads no log for a running app', async () => {
    const logs = reader({});
    const running = workload({});
    expect(await withRunnerLog(logs, running, [pod(0, true)])).toBe(running);
    expect(logs.read).toEqual([]);
  });
});
