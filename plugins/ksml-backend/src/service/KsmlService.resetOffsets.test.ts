import { responseExamples } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { KsmlTarget } from '@ksml-backstage/plugin-ksml-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { KafkaInsight } from '../kafka/KafkaInsight';
import { KsmlService } from './KsmlService';

// When POST /reset-offsets applies, and what it records: the app's status and a fake cluster,
// no database (the store records in memory). On the real runner and broker:
// offsetReset.integration.test.ts.

const ref = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'sensor-inspector',
};
const plan = responseExamples.KsmlOffsetResetResponse;

function serviceWith(status: 'Running' | 'Stopped') {
  const target = {
    status: jest.fn(async () => ({
      ...responseExamples.KsmlStatusResponse,
      kubernetes: {
        ...responseExamples.KsmlStatusResponse.kubernetes,
        status,
        replicas: status === 'Running' ? 2 : 0,
        readyReplicas: status === 'Running' ? 2 : 0,
      },
    })),
    topology: jest.fn(async () => responseExamples.KsmlTopologyResponse),
  };
  const kafka = {
    refuseWhileGroupActive: jest.fn(async () => undefined),
    planOffsetReset: jest.fn(async () => ({ ...plan, dryRun: false })),
    applyOffsetReset: jest.fn(async () => ({
      ...plan,
      dryRun: false,
      applied: true,
    })),
  };
  const recorded: Array<Record<string, unknown>> = [];
  const store = {
    withLock: (_key: string, fn: () => Promise<unknown>) => fn(),
    start: jest.fn(async (record: Record<string, unknown>) => {
      recorded.push(record);
      return recorded.length;
    }),
    finish: jest.fn(async () => undefined),
    discard: jest.fn(async () => undefined),
  };
  const service = KsmlService.create({
    targets: () => target as unknown as KsmlTarget,
    store: store as unknown as DeploymentStore,
    resolveNamespace: environment => `ksml-${environment}`,
    chart: {
      kind: 'oci',
      url: 'oci://r/charts',
      name: 'ksml',
      version: '1.3.0',
    },
    kafka: kafka as unknown as KafkaInsight,
  });
  return { service, target, kafka, recorded };
}

describe('KsmlService.resetOffsets', () => {
  it('plans a dry run whatever the app does, recording nothing', async () => {
    const { service, kafka, recorded } = serviceWith('Running');
    await service.resetOffsets({ ...ref, to: 'earliest', dryRun: true });
    expect(kafka.planOffsetReset).toHaveBeenCalledTimes(1);
    expect(kafka.applyOffsetReset).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });

  it('refuses a running app with what to do, recording and committing nothing', async () => {
    const { service, kafka, recorded } = serviceWith('Running');
    await expect(
      service.resetOffsets({ ...ref, to: 'latest', dryRun: false }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      reason: 'AppRunning',
      message:
        'sensor-inspector in dev is Running (2 of 2 replicas ready): its offsets are reset only while it is stopped; stop it first (Stop in the KSML tab, or POST /scale with replicas 0), then reset',
    });
    expect(kafka.applyOffsetReset).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });

  it('refuses a stopped app whose group still has members, recording nothing', async () => {
    const { service, kafka, recorded } = serviceWith('Stopped');
    const members = Object.assign(new Error('still has members'), {
      name: 'ConflictError',
      reason: 'GroupActive',
    });
    kafka.refuseWhileGroupActive.mockRejectedValueOnce(members);
    await expect(
      service.resetOffsets({ ...ref, to: 'latest', dryRun: false }),
    ).rejects.toBe(members);
    expect(kafka.refuseWhileGroupActive).toHaveBeenCalledWith(
      ref,
      responseExamples.KsmlTopologyResponse.applicationId,
    );
    expect(kafka.applyOffsetReset).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });

  it('applies on a stopped app and records where to and who asked, not the offsets', async () => {
    const { service, kafka, recorded } = serviceWith('Stopped');
    const result = await service.resetOffsets(
      {
        ...ref,
        to: 'offsets',
        offsets: [
          { topic: 'in', partition: 0, offset: 3 },
          { topic: 'in', partition: 1, offset: 9 },
        ],
        dryRun: false,
      },
      'user:default/alice',
    );
    expect(result.applied).toBe(true);
    expect(kafka.applyOffsetReset).toHaveBeenCalledTimes(1);
    expect(recorded).toEqual([
      expect.objectContaining({
        operation: 'reset-offsets',
        request: { to: 'offsets', partitions: 2 },
        actor: 'user:default/alice',
      }),
    ]);
  });
});
