import { resolve } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  REDACTED_SECRET,
  type DeployRequest,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { KsmlTarget } from '@ksml-backstage/plugin-ksml-node';
import { DeploymentStore } from '../database/DeploymentStore';
import { KsmlService } from './KsmlService';

// KsmlService with a fake target (no cluster, no helm) and the embedded database (SQLite in
// memory): what it records, redacts and refuses. The same against the test bed:
// dayTwo.integration.test.ts, secretScan.integration.test.ts.

const migrations = resolve(__dirname, '../../migrations');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ref = {
  tenant: readmeDeployRequest.tenant,
  instance: readmeDeployRequest.instance,
  environment: readmeDeployRequest.environment,
  application: readmeDeployRequest.application,
};
const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';

/** A target that deploys by counting revisions, and calls a property secret by its name. */
function fakeTarget() {
  let revision = 0;
  const helm = () => ({ name: release, revision, status: 'deployed' });
  return {
    isSecretProperty: jest.fn((key: string) => key.endsWith('.password')),
    deploy: jest.fn(async (_request: DeployRequest) => {
      revision++;
      return { helm: helm(), secretProperties: [], warnings: [] };
    }),
    scale: jest.fn(async () => {
      revision++;
      return { helm: helm() };
    }),
    rollback: jest.fn(async () => {
      revision++;
      return { helm: helm() };
    }),
    undeploy: jest.fn(async () => ({
      release,
      namespace: 'ksml-dev',
      deletedClaims: [],
    })),
    events: jest.fn(async () => [
      {
        time: '2000-01-01T00:00:00Z',
        type: 'Normal',
        reason: 'Scheduled',
        message: 'assigned',
      },
    ]),
  };
}

async function service() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrations });
  const target = fakeTarget();
  const store = DeploymentStore.create(knex);
  return {
    target,
    store,
    service: KsmlService.create({
      targets: () => target as unknown as KsmlTarget,
      store,
      resolveNamespace: () => 'ksml-dev',
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

/** The readme's sample request as the schema reads it (its defaults filled in). */
const sample: DeployRequest = {
  ...readmeDeployRequest,
  deploymentMode: 'StatefulSet',
};

const withSecret = (value: string): DeployRequest => ({
  ...sample,
  kafkaProperties: {
    ...readmeDeployRequest.kafkaProperties,
    'ssl.truststore.password': value,
  },
});

describe('KsmlService', () => {
  it('records a deploy with who asked, its revision, and the secrets redacted', async () => {
    const { service: ksml, store, target } = await service();
    await ksml.deploy(withSecret('hunter2'), 'user:default/ann');
    expect(target.deploy).toHaveBeenCalledWith(withSecret('hunter2'));
    const [record] = await store.history(release, 'dev');
    expect(record).toMatchObject({
      operation: 'deploy',
      outcome: 'succeeded',
      revision: 1,
      actor: 'user:default/ann',
    });
    expect(JSON.stringify(record)).not.toContain('hunter2');
    expect(
      (record.request as DeployRequest).kafkaProperties[
        'ssl.truststore.password'
      ],
    ).toBe(REDACTED_SECRET);
  });

  it('refuses the redaction marker as a secret value, naming the field', async () => {
    const { service: ksml, target } = await service();
    await expect(ksml.deploy(withSecret(REDACTED_SECRET))).rejects.toThrow(
      'kafkaProperties["ssl.truststore.password"]: is the redaction marker',
    );
    expect(target.deploy).not.toHaveBeenCalled();
  });

  it('redeploys the last desired state with the replicas of a later scale, once the secret is sent again', async () => {
    const { service: ksml, target } = await service();
    await ksml.deploy(withSecret('hunter2'));
    await ksml.scale(ref, 3);
    await expect(ksml.redeploy(ref)).rejects.toThrow(
      'secretKafkaProperties["ssl.truststore.password"]: the recorded request has this secret redacted; send it again',
    );
    await ksml.redeploy(ref, {
      secretKafkaProperties: { 'ssl.truststore.password': 'hunter2' },
    });
    // The recorded request, scaled, with the secret sent again.
    expect(target.deploy).toHaveBeenLastCalledWith({
      ...withSecret('hunter2'),
      replicas: 3,
    });
  });

  it('redeploys an edit of the definition with every other setting kept, and lists it among the changes', async () => {
    const { service: ksml, target } = await service();
    await ksml.deploy(sample, 'user:default/ann');
    await ksml.scale(ref, 2, 'user:default/ann');
    const definitions = {
      'sensor-inspector': `streams: {in: {topic: other, keyType: string, valueType: string}}\npipelines: {p: {from: in, forEach: {code: 'log.info("{}", value)'}}}\n`,
    };
    await ksml.redeploy(ref, { definitions, actor: 'user:default/bob' });
    const { definition: _recorded, ...rest } = sample;
    expect(target.deploy).toHaveBeenLastCalledWith({
      ...rest,
      definitions,
      replicas: 2,
    });
    await expect(
      ksml.redeploy(ref, { definitions: { 'sensor-inspector': 'x: [' } }),
    ).rejects.toThrow(
      /definitions\["sensor-inspector"\]: is not a valid KSML definition/,
    );

    const changes = await ksml.changes({ limit: 10 });
    expect(changes.map(c => [c.operation, c.actor, c.revision])).toEqual([
      ['deploy', 'user:default/bob', 3],
      ['scale', 'user:default/ann', 2],
      ['deploy', 'user:default/ann', 1],
    ]);
    expect(
      (await ksml.changes({ actor: 'user:default/bob', limit: 10 })).map(
        c => (c.request as { definitions?: object }).definitions,
      ),
    ).toEqual([definitions]);
  });

  it('says there is nothing to redeploy for an app it never deployed', async () => {
    const { service: ksml } = await service();
    await expect(ksml.redeploy(ref)).rejects.toThrow(
      `No recorded deploy of ${release} in dev to redeploy`,
    );
  });

  it('records a failed operation with its error, and lets the error through', async () => {
    const { service: ksml, store, target } = await service();
    target.undeploy.mockRejectedValueOnce(new Error('cluster away'));
    await expect(ksml.undeploy(ref)).rejects.toThrow('cluster away');
    const [record] = await store.history(release, 'dev');
    expect(record).toMatchObject({
      operation: 'undeploy',
      outcome: 'failed',
      error: 'cluster away',
    });
  });

  it("puts its operations on the app's timeline with Kubernetes' events, newest first", async () => {
    const { service: ksml } = await service();
    await ksml.deploy(sample, 'user:default/ann');
    await ksml.scale(ref, 0, 'user:default/bob');
    const events = await ksml.events(ref);
    expect(events.map(e => [e.type, e.message, e.source])).toEqual([
      [
        'Operation',
        'scale to 0 replicas succeeded (revision 2)',
        'user:default/bob',
      ],
      ['Operation', 'deploy succeeded (revision 1)', 'user:default/ann'],
      ['Normal', 'assigned', undefined],
    ]);
  });
});
