import {
  deployRequestSchema,
  REDACTED_SECRET,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { DeploymentRecord } from '../database/DeploymentStore';
import { recordedDesiredState } from './recordedDesiredState';

const ref = {
  tenant: readmeDeployRequest.tenant,
  instance: readmeDeployRequest.instance,
  environment: readmeDeployRequest.environment,
  application: readmeDeployRequest.application,
};

/** The readme's request as recorded: defaults applied, the SASL secret redacted. */
const recorded = deployRequestSchema.parse({
  ...readmeDeployRequest,
  replicas: 2,
  kafkaProperties: {
    ...readmeDeployRequest.kafkaProperties,
    'sasl.jaas.config': REDACTED_SECRET,
  },
});
const secrets = { 'sasl.jaas.config': 'org.apache...required;' };

/** A small valid KSML definition that logs what it reads from `topic`. */
const logging = (topic: string) =>
  `streams: {in: {topic: ${topic}, keyType: string, valueType: string}}\npipelines: {p: {from: in, forEach: {code: 'log.info("{}", value)'}}}\n`;

let nextId = 1;
/** A history record; give them oldest first and reverse, as the store answers newest first. */
const record = (
  operation: DeploymentRecord['operation'],
  outcome: DeploymentRecord['outcome'],
  request?: Record<string, unknown>,
): DeploymentRecord => ({
  id: nextId++,
  release: 'dizzl-sandbox-dev-sensor-inspector-ksml',
  environment: 'dev',
  tenant: ref.tenant,
  instance: ref.instance,
  application: ref.application,
  namespace: 'ksml-dev',
  operation,
  outcome,
  request,
  createdAt: '2026-11-25T10:00:00.000Z',
});
const newestFirst = (...records: DeploymentRecord[]) => records.reverse();

describe('recordedDesiredState', () => {
  it('is the last deploy request with the replicas of a scale since and the secrets resent', () => {
    const history = newestFirst(
      record('deploy', 'succeeded', recorded),
      record('scale', 'succeeded', { replicas: 4 }),
      record('restart', 'succeeded'),
    );
    expect(recordedDesiredState(ref, history, secrets)).toEqual({
      ...recorded,
      replicas: 4,
      kafkaProperties: { ...recorded.kafkaProperties, ...secrets },
    });
  });

  it('replaces the recorded definition with the edit’s definitions, keeping schemas, replicas and Kafka', () => {
    const history = newestFirst(
      record('deploy', 'succeeded', recorded),
      record('scale', 'succeeded', { replicas: 3 }),
    );
    const definitions = {
      'sensor-inspector': logging('other_topic'),
      enrich: logging('more_topic'),
    };
    const request = recordedDesiredState(ref, history, secrets, {
      definitions,
    });
    expect(request.definition).toBeUndefined();
    expect(request.definitions).toEqual(definitions);
    expect(request.schemas).toEqual(readmeDeployRequest.schemas);
    expect(request.replicas).toBe(3);
    expect(request.kafkaProperties['sasl.jaas.config']).toBe(
      secrets['sasl.jaas.config'],
    );
  });

  it('replaces the recorded schemas when the edit gives them (none, too)', () => {
    const history = newestFirst(record('deploy', 'succeeded', recorded));
    const definitions = { 'sensor-inspector': logging('other_topic') };
    const schemas = [{ schemaFileName: 'Other.avsc', schemaBody: '"string"' }];
    expect(
      recordedDesiredState(ref, history, secrets, { definitions, schemas })
        .schemas,
    ).toEqual(schemas);
    expect(
      recordedDesiredState(ref, history, secrets, { definitions, schemas: [] })
        .schemas,
    ).toEqual([]);
  });

  it('refuses a bad definition of the edit, naming it', () => {
    const history = newestFirst(record('deploy', 'succeeded', recorded));
    expect(() =>
      recordedDesiredState(ref, history, secrets, {
        definitions: { broken: 'pipelines: [not, a, map' },
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^Invalid redeploy request: definitions\.broken: is not a valid KSML definition/,
        ),
      }),
    );
  });

  it('counts a promotion that went through as a deploy, and not one that failed', () => {
    const promoted = { ...recorded, replicas: 5 };
    const failedPromotion = { ...recorded, replicas: 9 };
    expect(
      recordedDesiredState(
        ref,
        newestFirst(
          record('deploy', 'succeeded', recorded),
          record('promote', 'succeeded', promoted),
          record('promote', 'failed', failedPromotion),
        ),
        secrets,
      ).replicas,
    ).toBe(5);
  });

  it('says a secret is still redacted, and that nothing was deployed', () => {
    const history = newestFirst(record('deploy', 'succeeded', recorded));
    expect(() => recordedDesiredState(ref, history)).toThrow(
      'secretKafkaProperties["sasl.jaas.config"]: the recorded request has this secret redacted; send it again',
    );
    expect(() =>
      recordedDesiredState(
        ref,
        newestFirst(record('promote', 'failed', recorded)),
        secrets,
      ),
    ).toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        reason: 'NothingToRedeploy',
      }),
    );
  });
});
