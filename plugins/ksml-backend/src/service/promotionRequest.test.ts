import {
  KsmlDefinitionResponse,
  PromoteRequest,
  REDACTED_SECRET,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { DeploymentRecord } from '../database/DeploymentStore';
import {
  lastRecordedRequest,
  promotionDeployRequest,
} from './promotionRequest';

const { definition } = readmeDeployRequest;

const promote = (more: Partial<PromoteRequest> = {}): PromoteRequest => ({
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
  from: 'dev',
  to: 'stag',
  dryRun: false,
  ...more,
});

const source: KsmlDefinitionResponse = {
  revision: 4,
  status: 'deployed',
  deployedAt: '2026-12-07T10:00:00Z',
  applicationId: 'io.axual.sensor-inspector',
  definitions: { 'sensor-inspector': definition },
  schemas: [{ schemaFileName: 'SensorData.avsc', schemaBody: '{}' }],
  replicas: 2,
  deploymentMode: 'StatefulSet',
};

let id = 100;
/** A history record as the store returns it. */
const record = (
  operation: DeploymentRecord['operation'],
  request?: Record<string, unknown>,
  environment = 'stag',
): DeploymentRecord => ({
  id: id--,
  release: `dizzl-sandbox-${environment}-sensor-inspector-ksml`,
  environment,
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
  namespace: `ksml-${environment}`,
  operation,
  outcome: 'succeeded',
  request,
  createdAt: '2026-12-07T09:00:00Z',
});

const stagKafka = { 'bootstrap.servers': 'stag-broker:9093' };
const devKafka = { 'bootstrap.servers': 'dev-broker:9093' };

describe('promotionDeployRequest', () => {
  it("deploys the source's definitions, schemas, mode and replicas to the target", () => {
    const built = promotionDeployRequest({
      request: promote(),
      source,
      sourceHistory: [record('deploy', { kafkaProperties: devKafka }, 'dev')],
      targetHistory: [record('deploy', { kafkaProperties: stagKafka })],
    });
    expect(built).toMatchObject({
      environment: 'stag',
      application: 'sensor-inspector',
      definitions: source.definitions,
      schemas: source.schemas,
      deploymentMode: 'StatefulSet',
      replicas: 2,
      kafkaProperties: stagKafka,
    });
  });

  it.each([
    {
      case: 'the request’s',
      request: { kafkaProperties: { 'bootstrap.servers': 'given:9093' } },
      target: [record('deploy', { kafkaProperties: stagKafka })],
      wanted: { 'bootstrap.servers': 'given:9093' },
    },
    {
      case: 'the target’s last deploy',
      request: {},
      target: [
        record('scale', { replicas: 0 }),
        record('deploy', { kafkaProperties: stagKafka }),
        record('deploy', { kafkaProperties: { 'bootstrap.servers': 'old:1' } }),
      ],
      wanted: stagKafka,
    },
    {
      case: 'the target’s last promotion',
      request: {},
      target: [
        record('promote', {
          kafkaProperties: { 'bootstrap.servers': 'promoted:9093' },
          from: 'dev',
        }),
        record('deploy', { kafkaProperties: stagKafka }),
      ],
      wanted: { 'bootstrap.servers': 'promoted:9093' },
    },
    {
      case: 'the target’s, a redacted secret resent',
      request: { secretKafkaProperties: { 'sasl.jaas.config': 'real' } },
      target: [
        record('deploy', {
          kafkaProperties: {
            ...stagKafka,
            'sasl.jaas.config': REDACTED_SECRET,
          },
        }),
      ],
      wanted: { ...stagKafka, 'sasl.jaas.config': 'real' },
    },
  ])('takes Kafka properties from $case', ({ request, target, wanted }) => {
    const built = promotionDeployRequest({
      request: promote(request),
      source,
      sourceHistory: [record('deploy', { kafkaProperties: devKafka }, 'dev')],
      targetHistory: target,
    });
    expect(built.kafkaProperties).toEqual(wanted);
  });

  it.each([
    {
      case: 'the app never deployed to the target',
      request: {},
      target: [] as DeploymentRecord[],
      message:
        "kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
    },
    {
      case: 'the target only scaled, never deployed, by this backend',
      request: {},
      target: [record('scale', { replicas: 2 })],
      message:
        "kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
    },
    {
      case: 'a recorded secret not resent',
      request: {},
      target: [
        record('deploy', {
          kafkaProperties: {
            ...stagKafka,
            'sasl.jaas.config': REDACTED_SECRET,
          },
        }),
      ],
      message:
        'secretKafkaProperties["sasl.jaas.config"]: stag\'s recorded deploy has this secret redacted; send it again',
    },
    {
      case: 'a target Kafka without bootstrap servers',
      request: { kafkaProperties: { 'client.id': 'x' } },
      target: [],
      message:
        'Invalid promoted deploy request: kafkaProperties: must hold bootstrap.servers',
    },
  ])(
    'refuses $case with a 400 naming the field',
    ({ request, target, message }) => {
      expect(() =>
        promotionDeployRequest({
          request: promote(request),
          source,
          sourceHistory: [],
          targetHistory: target,
        }),
      ).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message,
        }) as unknown as Error,
      );
    },
  );

  it.each([
    {
      case: 'the request’s',
      request: { resources: { limits: { memory: '1Gi' } } },
      target: { limits: { memory: '512Mi' } },
      source: { limits: { memory: '256Mi' } },
      wanted: { limits: { memory: '1Gi' } },
    },
    {
      case: 'the target’s last recorded',
      request: {},
      target: { limits: { memory: '512Mi' } },
      source: { limits: { memory: '256Mi' } },
      wanted: { limits: { memory: '512Mi' } },
    },
    {
      case: 'the source’s last recorded',
      request: {},
      target: undefined,
      source: { limits: { memory: '256Mi' } },
      wanted: { limits: { memory: '256Mi' } },
    },
    {
      case: 'none: the chart’s defaults',
      request: {},
      target: undefined,
      source: undefined,
      wanted: undefined,
    },
  ])('takes resources from $case', c => {
    const built = promotionDeployRequest({
      request: promote(c.request),
      source,
      sourceHistory: [
        record(
          'deploy',
          { kafkaProperties: devKafka, resources: c.source },
          'dev',
        ),
      ],
      targetHistory: [
        record('deploy', { kafkaProperties: stagKafka, resources: c.target }),
      ],
    });
    expect(built.resources).toEqual(c.wanted);
  });

  it.each([
    {
      case: 'keeps the target’s storage where the app ran (volume claims cannot change)',
      target: [record('deploy', { kafkaProperties: stagKafka })],
      wanted: undefined,
    },
    {
      case: 'takes the source’s storage to a new environment',
      target: [] as DeploymentRecord[],
      wanted: { size: '1Gi' },
    },
  ])('$case', ({ target, wanted }) => {
    const built = promotionDeployRequest({
      request: promote({ kafkaProperties: stagKafka }),
      source,
      sourceHistory: [
        record(
          'deploy',
          { kafkaProperties: devKafka, storage: { size: '1Gi' } },
          'dev',
        ),
      ],
      targetHistory: target,
    });
    expect(built.storage).toEqual(wanted);
  });

  it.each([
    { case: 'the request’s', asked: 0, running: 2, recorded: 3, wanted: 0 },
    {
      case: 'what runs in the source',
      asked: undefined,
      running: 2,
      recorded: 3,
      wanted: 2,
    },
    {
      case: 'the source’s last recorded',
      asked: undefined,
      running: undefined,
      recorded: 3,
      wanted: 3,
    },
    {
      case: 'the default',
      asked: undefined,
      running: undefined,
      recorded: undefined,
      wanted: 1,
    },
  ])('takes replicas from $case', c => {
    const built = promotionDeployRequest({
      request: promote({ replicas: c.asked, kafkaProperties: stagKafka }),
      source: { ...source, replicas: c.running },
      sourceHistory: [
        record(
          'deploy',
          { kafkaProperties: devKafka, replicas: c.recorded },
          'dev',
        ),
      ],
      targetHistory: [],
    });
    expect(built.replicas).toBe(c.wanted);
  });

  it('passes allowMissingTopics on, and refuses an invalid source definition naming it', () => {
    expect(
      promotionDeployRequest({
        request: promote({
          kafkaProperties: stagKafka,
          allowMissingTopics: true,
        }),
        source,
        sourceHistory: [],
        targetHistory: [],
      }).allowMissingTopics,
    ).toBe(true);
    expect(() =>
      promotionDeployRequest({
        request: promote({ kafkaProperties: stagKafka }),
        source: { ...source, definitions: { broken: 'pipelines: 3' } },
        sourceHistory: [],
        targetHistory: [],
      }),
    ).toThrow(/^Invalid promoted deploy request: definitions.broken: /);
  });
});

describe('lastRecordedRequest', () => {
  it('is the newest deploy or promotion that went through, with a request', () => {
    expect(
      lastRecordedRequest([
        record('restart'),
        record('rollback', { revision: 1 }),
        record('promote', { replicas: 4 }),
        record('deploy', { replicas: 1 }),
      ]),
    ).toEqual({ replicas: 4 });
    expect(
      lastRecordedRequest([
        { ...record('promote', { replicas: 4 }), outcome: 'failed' },
        { ...record('deploy', { replicas: 1 }), outcome: 'failed' },
      ]),
    ).toEqual({ replicas: 1 });
    expect(lastRecordedRequest([record('undeploy')])).toBeUndefined();
  });
});
