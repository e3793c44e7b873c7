import { TestDatabases } from '@backstage/backend-test-utils';
import { testbedPostgres } from '../__testUtils__/testbedPostgres';
import {
  DeployRequest,
  deployRequestSchema,
  parseInput,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import type { KsmlTarget } from '@ksml-backstage/plugin-ksml-node';
import { startTcpProxy, TcpProxy } from '@ksml-backstage/testbed';
import knexFactory, { Knex } from 'knex';
import { resolve } from 'node:path';
import { KsmlService } from '../service/KsmlService';
import { DeploymentStore } from './DeploymentStore';

const migrations = resolve(__dirname, '../../migrations');

// Faults of the real PostgreSQL server of the test bed, reached through a TCP proxy the test cuts:
// the server keeps running for every other test, the backend sees exactly what a stopped
// database or a network partition looks like to its driver.
const postgres = testbedPostgres();
const postgresId = postgres.id;

describe('database faults (PostgreSQL behind a connection the test cuts)', () => {
  const databases = TestDatabases.create({ ids: [postgresId] });
  let direct: Knex;
  let proxy: TcpProxy;
  let proxied: Knex;

  beforeAll(async () => {
    direct = await databases.init(postgresId);
    await direct.migrate.latest({ directory: migrations });
    const url = new URL(postgres.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port));
    proxied = knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: proxy.port,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: (direct.client.config.connection as { database: string })
          .database,
      },
      pool: { min: 0, max: 4 },
      acquireConnectionTimeout: 5_000,
      // The refused connections are the point of the test; knex would print each one.
      log: { warn() {}, error() {}, debug() {}, deprecate() {} },
    });
  }, 60_000);

  afterAll(async () => {
    await proxied?.destroy();
    await proxy?.close();
  }, 60_000);

  afterEach(() => proxy.restore().catch(() => undefined));

  it('answers 503 naming the database while it cannot be reached, and works again when it can', async () => {
    const store = DeploymentStore.create(proxied);
    await store.history('t-i-dev-db-fault-ksml', 'dev'); // a pooled connection exists

    await proxy.cut();
    for (const call of [
      () => store.history('t-i-dev-db-fault-ksml', 'dev'),
      () => store.managedApps(),
      () => store.withLock('ns/app', async () => 'ran'),
    ]) {
      await expect(call()).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^The KSML database is unavailable \(.+\); try again shortly$/,
        ),
      });
    }

    await proxy.restore();
    await expect(store.withLock('ns/app', async () => 'ran')).resolves.toBe(
      'ran',
    );
    expect(await store.history('t-i-dev-db-fault-ksml', 'dev')).toEqual([]);
  });

  it('refuses a deploy before anything is applied while the database is down', async () => {
    const applied: DeployRequest[] = [];
    const target = {
      isSecretProperty: () => false,
      deploy: async (request: DeployRequest) => {
        applied.push(request);
        return { release: 'x', namespace: 'ns', helm: { revision: 1 } };
      },
    } as unknown as KsmlTarget;
    const service = KsmlService.create({
      targets: () => target,
      store: DeploymentStore.create(proxied),
      resolveNamespace: () => 'ns',
      chart: { kind: 'path' },
    });
    const request = parseInput(
      deployRequestSchema,
      { ...readmeDeployRequest, application: 'db-fault' },
      'body',
    );

    await proxy.cut();
    await expect(
      service.deploy(request, 'user:default/jo'),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(applied).toEqual([]);

    await proxy.restore();
    await service.deploy(request, 'user:default/jo');
    expect(applied).toHaveLength(1);
    const [record] = await service.history(request);
    expect(record).toMatchObject({ outcome: 'succeeded', revision: 1 });
  });

  it('keeps a lock while its holder renews it, and hands it over one lease after the holder falls silent', async () => {
    const leaseMs = 900;
    const holder = DeploymentStore.create(proxied); // the replica that will lose the database
    const other = DeploymentStore.create(direct);
    let finish!: () => void;
    let held!: () => void;
    const running = new Promise<void>(r => (held = r));
    const holding = holder.withLock(
      'ns/lease',
      () =>
        new Promise<string>(r => {
          finish = () => r('held to the end');
          held();
        }),
      { leaseMs },
    );
    await running; // the holder has the lock

    // Three leases long: only renewal keeps the lock from expiring.
    await expect(
      other.withLock('ns/lease', async () => 'stolen', {
        waitMs: 3 * leaseMs,
        leaseMs,
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    await proxy.cut(); // the holder can no longer renew, as if it had crashed
    const silentAt = Date.now();
    await expect(
      other.withLock('ns/lease', async () => 'taken over', {
        waitMs: 5 * leaseMs,
        leaseMs,
      }),
    ).resolves.toBe('taken over');
    // One lease after the last renewal, then at most one 250 ms retry: about 1.1 s here (0.8 to
    // 1.0 s measured, on a loaded machine too); the rest of the bound is for a slow machine.
    const handedOverAfter = Date.now() - silentAt;
    expect(handedOverAfter).toBeLessThan(leaseMs + 2_000);

    // The silent holder's own work is not lost: it ends with its result.
    finish();
    await expect(holding).resolves.toBe('held to the end');
  }, 30_000); // about 4 s: three leases of holding, then the handover
});
