import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// Promotion through the real backend on the test bed: dev, stag and prod are three environments
// in the test's namespace (their releases are named apart). What runs in dev is read from its
// Helm release and deployed to stag with stag's own Kafka properties; a dry run applies nothing;
// prod, where the app never ran, needs its Kafka properties. With a fake target:
// service/KsmlService.promote.test.ts.
describe('promotion between environments', () => {
  let server: TestbedBackend['server'];
  let stopBackend: () => Promise<void>;

  const app = {
    ...readmeDeployRequest,
    application: 'promoted',
    replicas: 2,
  };
  const devRef = {
    tenant: app.tenant,
    instance: app.instance,
    environment: 'dev',
    application: app.application,
  };
  const stagRef = { ...devRef, environment: 'stag' };
  const prodRef = { ...devRef, environment: 'prod' };
  const query = (ref: Record<string, string>) =>
    new URLSearchParams(ref).toString();
  // stag runs an older definition, on a Kafka of its own (told apart by its client.id).
  const stagKafka = {
    ...app.kafkaProperties,
    'client.id': 'promoted-in-stag',
  };
  const promotion = {
    tenant: app.tenant,
    instance: app.instance,
    application: app.application,
    from: 'dev',
    to: 'stag',
  };

  beforeAll(async () => {
    const backend = await startTestbedBackend({
      namespacePrefix: 'promote',
      environments: { stag: {}, prod: {} },
    });
    ({ server } = backend);
    stopBackend = backend.stop;
  }, 60_000);

  afterAll(async () => {
    await stopBackend?.();
  }, 60_000);

  const ok = async (test: request.Test) => {
    const res = await test;
    if (res.status !== 200)
      throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const definitionIn = (ref: Record<string, string>) =>
    ok(request(server).get(`/api/ksml/definition?${query(ref)}`));
  const historyOf = async (ref: Record<string, string>) =>
    (await ok(request(server).get(`/api/ksml/history?${query(ref)}`))).items;

  it('dry-runs a promotion: lists the changed definitions and applies nothing in the target', async () => {
    await ok(request(server).post('/api/ksml/deploy').send(app));
    await ok(
      request(server)
        .post('/api/ksml/deploy')
        .send({
          ...app,
          environment: 'stag',
          replicas: 1,
          definition: app.definition.replace('consume_avro', 'consume_old'),
          kafkaProperties: stagKafka,
        }),
    );
    const before = await definitionIn(stagRef);

    const checked = await ok(
      request(server)
        .post('/api/ksml/promote')
        .send({ ...promotion, dryRun: true }),
    );
    expect(checked).toMatchObject({
      from: { environment: 'dev', revision: 1 },
      to: { environment: 'stag', revision: 1 },
      dryRun: true,
      changedDefinitions: ['promoted'],
      replicas: 2,
    });
    expect(checked.deployed).toBeUndefined();

    // stag still runs its own revision, unchanged, and its history records no promotion.
    expect(await definitionIn(stagRef)).toEqual(before);
    expect(
      (await historyOf(stagRef)).map((r: { operation: string }) => r.operation),
    ).toEqual(['deploy']);
  }, 180_000);

  it('promotes: the target runs what the source runs, with its own Kafka, recorded as a promotion with who asked', async () => {
    const promoted = await ok(
      request(server).post('/api/ksml/promote').send(promotion),
    );
    expect(promoted).toMatchObject({
      from: { environment: 'dev', revision: 1 },
      to: { environment: 'stag', revision: 1 },
      dryRun: false,
      changedDefinitions: ['promoted'],
      replicas: 2,
      deployed: {
        helm: { name: releaseName(stagRef), revision: 2, status: 'deployed' },
      },
    });

    const source = await definitionIn(devRef);
    const target = await definitionIn(stagRef);
    expect(target.revision).toBe(2);
    expect({
      definitions: target.definitions,
      schemas: target.schemas,
      replicas: target.replicas,
      deploymentMode: target.deploymentMode,
    }).toEqual({
      definitions: source.definitions,
      schemas: source.schemas,
      replicas: source.replicas,
      deploymentMode: source.deploymentMode,
    });

    const [record] = await historyOf(stagRef);
    expect(record).toMatchObject({
      operation: 'promote',
      outcome: 'succeeded',
      revision: 2,
      actor: 'user:default/mock',
      request: { from: 'dev', environment: 'stag', kafkaProperties: stagKafka },
    });
    // A promotion counts as a deploy: the next redeploy in stag installs it again.
    const redeployed = await ok(
      request(server).post('/api/ksml/redeploy').send(stagRef),
    );
    expect(redeployed.helm.revision).toBe(3);
    expect((await definitionIn(stagRef)).definitions).toEqual(
      source.definitions,
    );
    // The same definitions again: nothing changes.
    const again = await ok(
      request(server)
        .post('/api/ksml/promote')
        .send({ ...promotion, dryRun: true }),
    );
    expect(again.changedDefinitions).toEqual([]);
  }, 180_000);

  it("refuses a promotion to an environment the app never ran in without that environment's Kafka properties", async () => {
    const refused = await request(server)
      .post('/api/ksml/promote')
      .send({ ...promotion, to: 'prod', dryRun: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      name: 'InputError',
      reason: 'InvalidInput',
      message:
        "kafkaProperties: promoted was never deployed to prod: give prod's Kafka properties",
    });

    // With them, its dry run passes and still installs nothing there.
    const checked = await ok(
      request(server)
        .post('/api/ksml/promote')
        .send({
          ...promotion,
          to: 'prod',
          kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
          dryRun: true,
        }),
    );
    expect(checked).toMatchObject({
      to: { environment: 'prod' },
      changedDefinitions: ['promoted'],
    });
    expect(checked.to.revision).toBeUndefined();
    const status = await request(server).get(
      `/api/ksml/status?${query(prodRef)}`,
    );
    expect(status.status).toBe(404);

    // And a promotion from where the app does not run says so.
    const nothing = await request(server)
      .post('/api/ksml/promote')
      .send({ ...promotion, from: 'prod', to: 'dev', dryRun: true });
    expect(nothing.status).toBe(404);
  }, 120_000);
});
