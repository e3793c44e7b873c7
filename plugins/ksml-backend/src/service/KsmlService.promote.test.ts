import { resolve } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  REDACTED_SECRET,
  type DeployRequest,
  type KsmlDefinitionResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { KsmlTarget } from '@ksml-backstage/plugin-ksml-node';
import { DeploymentStore } from '../database/DeploymentStore';
import { KsmlService } from './KsmlService';

// KsmlService.promote with a fake target per environment (no cluster) and the embedded
// database: what a promotion reads, deploys, records and refuses. Against the test bed:
// promote.integration.test.ts.

const migrations = resolve(__dirname, '../../migrations');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const app = {
  tenant: readmeDeployRequest.tenant,
  instance: readmeDeployRequest.instance,
  application: readmeDeployRequest.application,
};
const releaseIn = (environment: string) =>
  `dizzl-sandbox-${environment}-sensor-inspector-ksml`;
const devDefinition = readmeDeployRequest.definition;
const stagDefinition = devDefinition.replace('consume_avro', 'consume_old');

/**
 * A target that deploys by counting revisions and answers `definition` with what it last
 * deployed (a 404 before), calling a property secret by its name.
 */
function fakeTarget(environment: string) {
  let revision = 0;
  let runs: KsmlDefinitionResponse | undefined;
  const helm = () => ({
    name: releaseIn(environment),
    namespace: `ksml-${environment}`,
    chart: 'ksml',
    version: '1.3.0',
    appVersion: '1.1.0',
    revision,
    status: 'deployed',
    deployedAt: '2026-12-07T10:00:00Z',
  });
  return {
    isSecretProperty: jest.fn((key: string) => key === 'sasl.jaas.config'),
    deploy: jest.fn(async (request: DeployRequest) => {
      revision++;
      runs = {
        revision,
        status: 'deployed',
        deployedAt: '2026-12-07T10:00:00Z',
        applicationId: 'io.axual.sensor-inspector',
        definitions: request.definitions ?? {
          [request.application]: request.definition!,
        },
        schemas: request.schemas,
        replicas: request.replicas,
        deploymentMode: request.deploymentMode,
      };
      return { helm: helm(), secretProperties: [], warnings: [] };
    }),
    render: jest.fn(async () => ({
      release: releaseIn(environment),
      values: {},
      secretProperties: [],
      postRenderPatches: [],
      warnings: ['2 replicas but the input topic has 1 partition'],
    })),
    events: jest.fn(async () => []),
    definition: jest.fn(async () => {
      if (!runs)
        throw new NotFoundError(`${releaseIn(environment)} is not deployed`);
      return runs;
    }),
  };
}

async function service() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrations });
  const targets = { dev: fakeTarget('dev'), stag: fakeTarget('stag') };
  const store = DeploymentStore.create(knex);
  return {
    targets,
    store,
    service: KsmlService.create({
      targets: environment =>
        targets[environment as keyof typeof targets] as unknown as KsmlTarget,
      store,
      resolveNamespace: environment => `ksml-${environment}`,
      chart: {
        kind: 'oci',
        url: 'oci://registry.example.com/charts',
        name: 'ksml',
        version: '1.3.0',
      },
      lockWaitMs: 100,
    }),
  };
}

const deployTo = (
  environment: string,
  more: Partial<DeployRequest> = {},
): DeployRequest => ({
  ...readmeDeployRequest,
  environment,
  deploymentMode: 'StatefulSet',
  ...more,
});

const stagKafka = {
  'bootstrap.servers': 'stag-broker:9093',
  'sasl.jaas.config': 'stag-secret',
};

const promote = { ...app, from: 'dev', to: 'stag' };

describe('KsmlService.promote', () => {
  it('dry-runs against the target: its checks, what would change, nothing applied or recorded', async () => {
    const { service: ksml, store, targets } = await service();
    await ksml.deploy(deployTo('dev', { replicas: 2 }));
    const answer = await ksml.promote({
      ...promote,
      kafkaProperties: { 'bootstrap.servers': 'stag-broker:9093' },
      dryRun: true,
    });
    expect(answer).toEqual({
      from: { environment: 'dev', revision: 1 },
      to: { environment: 'stag' },
      dryRun: true,
      changedDefinitions: ['sensor-inspector'],
      replicas: 2,
      warnings: ['2 replicas but the input topic has 1 partition'],
    });
    expect(targets.stag.render).toHaveBeenCalledWith(
      expect.objectContaining({
        environment: 'stag',
        definitions: { 'sensor-inspector': devDefinition },
        kafkaProperties: { 'bootstrap.servers': 'stag-broker:9093' },
      }),
    );
    expect(targets.stag.deploy).not.toHaveBeenCalled();
    expect(await store.history(releaseIn('stag'), 'stag')).toEqual([]);
  });

  it("promotes what runs in dev with stag's own Kafka properties, recorded as a promotion with who asked", async () => {
    const { service: ksml, store, targets } = await service();
    await ksml.deploy(
      deployTo('stag', {
        definition: stagDefinition,
        kafkaProperties: stagKafka,
      }),
    );
    await ksml.deploy(deployTo('dev'));
    const answer = await ksml.promote(
      {
        ...promote,
        secretKafkaProperties: { 'sasl.jaas.config': 'stag-secret' },
        dryRun: false,
      },
      'user:default/ann',
    );
    expect(answer).toMatchObject({
      from: { environment: 'dev', revision: 1 },
      to: { environment: 'stag', revision: 1 },
      dryRun: false,
      changedDefinitions: ['sensor-inspector'],
      deployed: { helm: { name: releaseIn('stag'), revision: 2 } },
    });
    expect(targets.stag.deploy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        definitions: { 'sensor-inspector': devDefinition },
        kafkaProperties: stagKafka,
      }),
    );
    const [record] = await store.history(releaseIn('stag'), 'stag');
    expect(record).toMatchObject({
      operation: 'promote',
      outcome: 'succeeded',
      revision: 2,
      actor: 'user:default/ann',
      request: { from: 'dev', environment: 'stag' },
    });
    expect(
      (record.request as DeployRequest).kafkaProperties['sasl.jaas.config'],
    ).toBe(REDACTED_SECRET);
    expect(JSON.stringify(record)).not.toContain('stag-secret');
  });

  it("puts the promotion on the target's timeline, saying where from and who", async () => {
    const { service: ksml } = await service();
    await ksml.deploy(deployTo('dev'));
    await ksml.promote(
      { ...promote, kafkaProperties: stagKafka, dryRun: false },
      'user:default/ann',
    );
    const events = await ksml.events({ ...app, environment: 'stag' });
    expect(events.map(e => [e.message, e.source])).toEqual([
      ['promote from dev succeeded (revision 1)', 'user:default/ann'],
    ]);
  });

  it('redeploys a promotion as the desired state of the target', async () => {
    const { service: ksml, targets } = await service();
    await ksml.deploy(
      deployTo('stag', {
        definition: stagDefinition,
        kafkaProperties: stagKafka,
      }),
    );
    await ksml.deploy(deployTo('dev'));
    const secret = { 'sasl.jaas.config': 'stag-secret' };
    await ksml.promote({
      ...promote,
      secretKafkaProperties: secret,
      dryRun: false,
    });
    await ksml.redeploy(
      { ...app, environment: 'stag' },
      { secretKafkaProperties: secret },
    );
    expect(targets.stag.deploy).toHaveBeenCalledTimes(3);
    expect(targets.stag.deploy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        definitions: { 'sensor-inspector': devDefinition },
        kafkaProperties: stagKafka,
      }),
    );
    expect(targets.stag.deploy.mock.lastCall?.[0]).not.toHaveProperty('from');
  });

  it('lists no changed definition when the target runs the same already', async () => {
    const { service: ksml } = await service();
    await ksml.deploy(deployTo('stag', { kafkaProperties: stagKafka }));
    await ksml.deploy(deployTo('dev'));
    const answer = await ksml.promote({
      ...promote,
      secretKafkaProperties: { 'sasl.jaas.config': 'stag-secret' },
      dryRun: true,
    });
    expect(answer.changedDefinitions).toEqual([]);
  });

  it('refuses a target the app never ran in without its Kafka properties, deploying and recording nothing', async () => {
    const { service: ksml, store, targets } = await service();
    await ksml.deploy(deployTo('dev'));
    await expect(
      ksml.promote({ ...promote, dryRun: false }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        "kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
    });
    expect(targets.stag.deploy).not.toHaveBeenCalled();
    expect(await store.history(releaseIn('stag'), 'stag')).toEqual([]);
  });

  it('says the app does not run in the source', async () => {
    const { service: ksml } = await service();
    await expect(ksml.promote({ ...promote, dryRun: true })).rejects.toThrow(
      `${releaseIn('dev')} is not deployed`,
    );
  });
});
