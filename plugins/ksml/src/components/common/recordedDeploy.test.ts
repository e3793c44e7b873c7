import { REDACTED_SECRET } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord } from '../../__testUtils__';
import { recordedDeployOf } from './recordedDeploy';

describe('recordedDeployOf', () => {
  it('finds the newest recorded deploy, past an undeploy and a scale', () => {
    const history = [
      { ...deployRecord(), id: 3, operation: 'undeploy' as const },
      {
        ...deployRecord(),
        id: 2,
        operation: 'scale' as const,
        request: { replicas: 0 },
      },
      deployRecord(),
    ];
    expect(recordedDeployOf(history)).toEqual({ secrets: [] });
  });

  it('names the secrets the record holds redacted, A to Z', () => {
    const record = deployRecord({
      kafkaProperties: {
        'bootstrap.servers': 'broker:9093',
        'ssl.key.password': REDACTED_SECRET,
        'sasl.jaas.config': REDACTED_SECRET,
      },
    });
    expect(recordedDeployOf([record])).toEqual({
      secrets: ['sasl.jaas.config', 'ssl.key.password'],
    });
  });

  it('counts a promotion that went through, not one that failed', () => {
    const promoted = {
      ...deployRecord({
        kafkaProperties: { 'sasl.jaas.config': REDACTED_SECRET },
      }),
      id: 3,
      operation: 'promote' as const,
    };
    expect(recordedDeployOf([promoted, deployRecord()])).toEqual({
      secrets: ['sasl.jaas.config'],
    });
    expect(
      recordedDeployOf([{ ...promoted, outcome: 'failed' }, deployRecord()]),
    ).toEqual({ secrets: [] });
    expect(
      recordedDeployOf([{ ...promoted, outcome: 'failed' }]),
    ).toBeUndefined();
  });

  it('is undefined without a deploy whose request was recorded', () => {
    const { request: _dropped, ...withoutRequest } = deployRecord();
    expect(recordedDeployOf([])).toBeUndefined();
    expect(recordedDeployOf([withoutRequest])).toBeUndefined();
    expect(
      recordedDeployOf([{ ...deployRecord(), operation: 'rollback' }]),
    ).toBeUndefined();
  });
});
