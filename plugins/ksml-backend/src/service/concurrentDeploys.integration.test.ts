import { TestDatabases } from '@backstage/backend-test-utils';
import { testbedPostgres } from '../__testUtils__/testbedPostgres';
import {
  deployRequestSchema,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { HelmCli, KsmlProvisioner } from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  mustSucceed,
  runHelmOnce,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
} from '@ksml-backstage/testbed';
import knexFactory, { Knex } from 'knex';
import { resolve } from 'node:path';
import { DeploymentStore } from '../database/DeploymentStore';
import { KsmlService } from './KsmlService';

const migrations = resolve(__dirname, '../../migrations');
const postgres = testbedPostgres();
const postgresId = postgres.id;

// Two backend replicas (each its own database pool, helm and provisioner) sharing the test
// bed's PostgreSQL, deploying one app with 20 different definitions at once against the test
// bed's cluster: the release lock must hold across them.
describe('20 concurrent deploys of one app through two backends sharing PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: [postgresId] });
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let second: Knex;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'concurrent');
  }, 60_000);

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    await second?.destroy();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  const backend = (db: Knex) => {
    const helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
      timeoutSeconds: 120,
    });
    const provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => ({
        namespace,
        kubeconfigPath: env.kubeconfig,
        context: env.kubeContext,
      }),
    });
    closers.push(
      () => provisioner.close(),
      () => helm.close(),
    );
    return KsmlService.create({
      targets: () => provisioner,
      store: DeploymentStore.create(db),
      resolveNamespace: () => namespace,
      chart: { kind: 'path' },
    });
  };

  it('completes each deploy or answers 409; the release is exactly one of them; Helm never sees two at once', async () => {
    const first = await databases.init(postgresId);
    await first.migrate.latest({ directory: migrations });
    // The second replica's own pool on the same database.
    const url = new URL(postgres.url);
    url.pathname = `/${
      (first.client.config.connection as { database: string }).database
    }`;
    second = knexFactory({ client: 'pg', connection: url.toString() });
    const replicas = [backend(first), backend(second)];

    const variants = Array.from({ length: 20 }, (_, i) =>
      deployRequestSchema.parse({
        ...readmeDeployRequest,
        application: 'contended',
        definition: readmeDeployRequest.definition.replace(
          'format="AVRO"',
          `format="AVRO variant ${i}"`,
        ),
      }),
    );
    expect(new Set(variants.map(v => v.definition)).size).toBe(20);

    const outcomes = await Promise.allSettled(
      variants.map((variant, i) =>
        replicas[i % 2].deploy(variant, `user:default/user-${i}`),
      ),
    );

    const succeeded = outcomes.flatMap((o, i) =>
      o.status === 'fulfilled' ? [{ i, revision: o.value.helm.revision }] : [],
    );
    const refused = outcomes.flatMap(o =>
      o.status === 'rejected' ? [o.reason as Error] : [],
    );
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.length + refused.length).toBe(20);
    // Every refusal is our lock's 409, never Helm's "another operation is in progress".
    for (const error of refused) {
      expect(error).toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /^Another operation on .+ is in progress; try again when it has finished$/,
        ),
      });
    }
    // One Helm revision per completed deploy, each the next: no two ran at once.
    expect(succeeded.map(s => s.revision).sort((a, b) => a - b)).toEqual(
      succeeded.map((_, n) => n + 1),
    );

    // The release holds exactly the definition of the deploy that completed last.
    const last = succeeded.reduce((a, b) => (b.revision > a.revision ? b : a));
    const values = JSON.parse(
      mustSucceed(
        await runHelmOnce(env, [
          'get',
          'values',
          releaseName(variants[0]),
          '--namespace',
          namespace,
          '--output',
          'json',
        ]),
        'helm get values',
      ).stdout,
    );
    expect(Object.values(values.ksmlDefinitions)).toEqual([
      variants[last.i].definition,
    ]);

    // The shared history records each completed deploy, once, as succeeded.
    const history = await replicas[1].history(variants[0]);
    expect(history.map(h => [h.outcome, h.revision, h.actor]).sort()).toEqual(
      succeeded
        .map(s => ['succeeded', s.revision, `user:default/user-${s.i}`])
        .sort(),
    );
  }, 300_000);
});
