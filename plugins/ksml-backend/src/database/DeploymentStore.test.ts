import { resolve } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DeploymentStore } from './DeploymentStore';

// The store on the embedded database (SQLite in memory). The same and more on PostgreSQL, with
// the locks: DeploymentStore.integration.test.ts.

const migrations = resolve(__dirname, '../../migrations');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function createStore() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrations });
  return { knex, store: DeploymentStore.create(knex) };
}

const app = (application: string, environment = 'dev') => ({
  ref: { tenant: 't', instance: 'i', environment, application },
  release: `t-i-${environment}-${application}-ksml`,
  namespace: `ksml-${environment}`,
});

describe('DeploymentStore.changes', () => {
  it("lists every app's records newest first, at most the number asked for", async () => {
    const { store } = await createStore();
    const ann = 'user:default/ann';
    const bob = 'user:default/bob';
    for (const [application, operation, actor] of [
      ['a', 'deploy', ann],
      ['b', 'deploy', bob],
      ['a', 'scale', bob],
      ['c', 'deploy', undefined],
      ['b', 'undeploy', ann],
    ] as const) {
      const id = await store.start({ ...app(application), operation, actor });
      await store.finish(id, { revision: 1 });
    }
    const summary = (records: Awaited<ReturnType<typeof store.changes>>) =>
      records.map(r => `${r.application} ${r.operation} ${r.actor ?? '-'}`);

    expect(summary(await store.changes({ limit: 100 }))).toEqual([
      `b undeploy ${ann}`,
      'c deploy -',
      `a scale ${bob}`,
      `b deploy ${bob}`,
      `a deploy ${ann}`,
    ]);
    expect(summary(await store.changes({ limit: 2 }))).toEqual([
      `b undeploy ${ann}`,
      'c deploy -',
    ]);
    expect(summary(await store.changes({ actor: bob, limit: 100 }))).toEqual([
      `a scale ${bob}`,
      `b deploy ${bob}`,
    ]);
    expect(summary(await store.changes({ actor: ann, limit: 1 }))).toEqual([
      `b undeploy ${ann}`,
    ]);
    expect(
      await store.changes({ actor: 'user:default/nobody', limit: 100 }),
    ).toEqual([]);
  });

  it("finds one actor's records by an index, newest first without sorting", async () => {
    const { knex } = await createStore();
    const plan: Array<{ detail: string }> = await knex.raw(
      `EXPLAIN QUERY PLAN ${knex('ksml_deployments')
        .where({ actor: 'user:default/ann' })
        .orderBy('id', 'desc')
        .limit(10)
        .toString()}`,
    );
    const details = plan.map(step => step.detail).join('\n');
    expect(details).toContain('USING INDEX ksml_deployments_actor_idx');
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('DeploymentStore.managedApps', () => {
  it('lists the apps that match the fields given, each by its newest record, none undeployed', async () => {
    const { store } = await createStore();
    for (const [application, environment, operation] of [
      ['orders', 'dev', 'deploy'],
      ['orders', 'stag', 'deploy'],
      ['orders', 'stag', 'scale'],
      ['payments', 'dev', 'deploy'],
      ['orders', 'prod', 'deploy'],
      ['orders', 'prod', 'undeploy'],
    ] as const) {
      const id = await store.start({
        ...app(application, environment),
        operation,
      });
      await store.finish(id, { revision: 1 });
    }
    const summary = (records: Awaited<ReturnType<typeof store.managedApps>>) =>
      records.map(r => `${r.application} ${r.environment} ${r.operation}`);

    expect(summary(await store.managedApps({ application: 'orders' }))).toEqual(
      ['orders dev deploy', 'orders stag scale'],
    );
    expect(summary(await store.managedApps())).toEqual([
      'orders dev deploy',
      'payments dev deploy',
      'orders stag scale',
    ]);
    expect(
      await store.managedApps({ tenant: 'another', application: 'orders' }),
    ).toEqual([]);
  });
});
