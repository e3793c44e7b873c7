import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { testbedPostgres } from '../__testUtils__/testbedPostgres';
import { resolve } from 'node:path';
import { DeploymentStore } from './DeploymentStore';

const migrations = resolve(__dirname, '../../migrations');
const ref = {
  tenant: 't',
  instance: 'i',
  environment: 'dev',
  application: 'a',
};

// The real databases: SQLite (the embedded default) and the test bed's PostgreSQL server, where
// the lock is what keeps two backend replicas from running one release's operations at once.
const postgres = testbedPostgres();
const postgresId = postgres.id;

describe('DeploymentStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', postgresId] });

  it('runs against SQLite and PostgreSQL', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'SQLITE_3',
      postgresId,
    ]);
  });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrations });
    return { knex, store: DeploymentStore.create(knex) };
  }

  it.each(databases.eachSupportedId())(
    'records history newest first (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const first = await store.start({
        ref,
        release: 't-i-dev-a-ksml',
        namespace: 'ns',
        operation: 'deploy',
        request: { replicas: 1 },
        actor: 'user:default/jo',
      });
      await store.finish(first, { revision: 1 });
      const second = await store.start({
        ref,
        release: 't-i-dev-a-ksml',
        namespace: 'ns',
        operation: 'deploy',
      });
      await store.finish(second, { error: 'helm upgrade failed' });

      const history = await store.history('t-i-dev-a-ksml', 'dev');
      expect(history.map(h => [h.outcome, h.revision, h.error])).toEqual([
        ['failed', undefined, 'helm upgrade failed'],
        ['succeeded', 1, undefined],
      ]);
      expect(history[1]).toMatchObject({
        request: { replicas: 1 },
        actor: 'user:default/jo',
        operation: 'deploy',
      });

      const undeploy = await store.start({
        ref,
        release: 't-i-dev-a-ksml',
        namespace: 'ns',
        operation: 'undeploy',
      });
      expect((await store.managedApps()).map(a => a.release)).toEqual([
        't-i-dev-a-ksml',
      ]);
      await store.finish(undeploy, {});
      expect(await store.managedApps()).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets one operation per key run; the other waits, then gets 409 (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      let release!: () => void;
      let held!: () => void;
      const running = new Promise<void>(r => (held = r));
      const holding = store.withLock(
        'ns/app',
        () =>
          new Promise<void>(r => {
            release = r;
            held();
          }),
      );
      await running; // the lock is taken

      await expect(
        store.withLock('ns/app', async () => 'never', { waitMs: 300 }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          'Another operation on ns/app is in progress',
        ),
      });
      // Another key is not blocked.
      await expect(
        store.withLock('ns/other', async () => 'free'),
      ).resolves.toBe('free');

      const waiting = store.withLock('ns/app', async () => 'after', {
        waitMs: 5000,
      });
      release();
      await holding;
      await expect(waiting).resolves.toBe('after');
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over a lock whose holder died after its lease (%p)',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await knex('ksml_locks').insert({
        lock_key: 'ns/app',
        holder: 'crashed-replica',
        expires_at: new Date(Date.now() - 1000),
      });
      await expect(
        store.withLock('ns/app', async () => 'taken over', { waitMs: 0 }),
      ).resolves.toBe('taken over');
      const [{ n }] = await knex('ksml_locks').count('* as n');
      expect(Number(n)).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    "lists every app's changes newest first, one actor's alone (%p)",
    async databaseId => {
      const { store } = await createStore(databaseId);
      for (const [application, actor] of [
        ['a', 'user:default/ann'],
        ['b', 'user:default/bob'],
        ['a', 'user:default/ann'],
      ]) {
        await store.start({
          ref: { ...ref, application },
          release: `t-i-dev-${application}-ksml`,
          namespace: 'ns',
          operation: 'deploy',
          actor,
        });
      }
      const changes = await store.changes({ limit: 10 });
      expect(changes.map(c => [c.application, c.actor])).toEqual([
        ['a', 'user:default/ann'],
        ['b', 'user:default/bob'],
        ['a', 'user:default/ann'],
      ]);
      const anns = await store.changes({ actor: 'user:default/ann', limit: 1 });
      expect(anns.map(c => c.id)).toEqual([changes[0].id]);
    },
  );

  it("finds one actor's changes on PostgreSQL by the migration's index", async () => {
    // SQLite's query plan: DeploymentStore.test.ts.
    const { knex } = await createStore(postgresId);
    const { rows } = await knex.raw(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'ksml_deployments_actor_idx'",
    );
    expect(rows.map((r: { indexdef: string }) => r.indexdef)).toEqual([
      expect.stringContaining('(actor, id)'),
    ]);
  });
});
