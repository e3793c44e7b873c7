import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord, deployRequest } from '../../__testUtils__/fixtures';
import {
  lastDeployRequest,
  previousReplicas,
  redactedProperties,
  scaledRequest,
} from './scale';

const undeployRecord: KsmlDeploymentRecord = {
  ...deployRecord(),
  id: 9,
  operation: 'undeploy',
  request: undefined,
};

describe('lastDeployRequest', () => {
  it('takes the newest deploy with a request', () => {
    const history = [
      undeployRecord,
      deployRecord({ replicas: 3 }),
      deployRecord({ replicas: 1 }),
    ];
    expect(lastDeployRequest(history)?.replicas).toBe(3);
  });

  it('is undefined without one', () => {
    expect(lastDeployRequest([undeployRecord])).toBeUndefined();
    expect(lastDeployRequest([])).toBeUndefined();
  });
});

describe('previousReplicas', () => {
  it('skips deploys with 0 replicas (stops)', () => {
    expect(
      previousReplicas([
        deployRecord({ replicas: 0 }),
        undeployRecord,
        deployRecord({ replicas: 4 }),
      ]),
    ).toBe(4);
  });

  it('is 1 when nothing ran', () => {
    expect(previousReplicas([deployRecord({ replicas: 0 })])).toBe(1);
    expect(previousReplicas([])).toBe(1);
  });
});

describe('scaledRequest', () => {
  it('changes only the replicas', () => {
    const history = [deployRecord({ replicas: 2 })];
    expect(scaledRequest(history, 0)).toEqual({
      ...deployRequest(),
      replicas: 0,
    });
  });

  it('refuses without a recorded deploy', () => {
    expect(() => scaledRequest([undeployRecord], 0)).toThrow(
      /No recorded deploy/,
    );
  });

  it('refuses a request with redacted secrets, naming them', () => {
    const history = [
      deployRecord({
        kafkaProperties: {
          'bootstrap.servers': 'broker:9093',
          'sasl.jaas.config': '***',
        },
      }),
    ];
    expect(redactedProperties(lastDeployRequest(history)!)).toEqual([
      'sasl.jaas.config',
    ]);
    expect(() => scaledRequest(history, 0)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('sasl.jaas.config'),
      }),
    );
  });
});
