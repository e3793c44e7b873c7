import { KsmlAppObject, releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { ksmlAppManifest } from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  dropFinalizers,
  kubectl,
  loadTestbedEnv,
  runHelmOnce,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProvisionerProcess,
  startProvisionerProcess,
  testbedReadmeEnv,
} from './testing';

// Operator mode on the test bed: real provisioner processes reconcile KsmlApps applied with
// kubectl, install them with the real helm and chart, and write their status; two of them
// elect one leader with a Lease.
describe('operator mode: KsmlApps reconciled by the provisioner', () => {
  const env = loadTestbedEnv();
  let kube: TestbedKube;
  let namespace: string;
  const lease = `ksml-operator-${randomBytes(3).toString('hex')}`;
  const processes: ProvisionerProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ksml-operator-'));

  const startOperator = async () => {
    const started = await startProvisionerProcess({
      ...testbedReadmeEnv(env, { namespace }),
      OPERATOR_MODE: 'true',
      OPERATOR_RESYNC_SECONDS: '3',
      OPERATOR_LEASE_DURATION_SECONDS: '4',
      OPERATOR_LEASE_NAME: lease,
    });
    processes.push(started);
    return started;
  };
  const k = (...args: string[]) =>
    kubectl(env, ['--namespace', namespace, ...args]);
  const apply = async (manifest: object) => {
    const file = join(dir, `${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify(manifest));
    await k('apply', '-f', file);
  };
  const get = async (name: string): Promise<KsmlAppObject> =>
    JSON.parse(await k('get', 'ksmlapp', name, '-o', 'json'));
  const condition = (app: KsmlAppObject, type: string) =>
    app.status?.conditions?.find(c => c.type === type);
  const helmRevisions = async (release: string) => {
    const result = await runHelmOnce(env, [
      'history',
      release,
      '-n',
      namespace,
      '-o',
      'json',
      '--kube-context',
      env.kubeContext,
    ]);
    if (result.code !== 0) return [];
    return (JSON.parse(result.stdout) as Array<{ revision: number }>).map(
      r => r.revision,
    );
  };
  const until = <T>(
    description: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ) => waitFor(probe, { description, timeoutMs });
  /** The app once its status describes generation `generation` and it is Ready. */
  const readyAt = (name: string, generation: number) =>
    until(`${name} Ready at generation ${generation}`, async () => {
      const app = await get(name);
      return app.status?.observedGeneration === generation &&
        condition(app, 'Ready')?.status === 'True'
        ? app
        : undefined;
    });

  /** The readme's sample as a KsmlApp, with a SASL password in a Secret. */
  const sample = (name: string, password: string) => {
    const { manifest, secret } = ksmlAppManifest(
      {
        ...readmeDeployRequest,
        application: name,
        deploymentMode: 'StatefulSet',
        schemas: readmeDeployRequest.schemas,
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${password}";`,
        },
      },
      { name },
    );
    return {
      manifest,
      secret: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secret!.name,
          labels: { 'ksml-backstage.io/kafka-properties': 'true' },
        },
        stringData: {
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${password}";`,
        },
      },
    };
  };

  beforeAll(async () => {
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'operator');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map(p => p.kill()));
    // No operator is left to release them: the namespace can go.
    await dropFinalizers(env, namespace, 'ksmlapps').catch(() => undefined);
    await kube.core.deleteNamespace({ name: namespace }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('installs a KsmlApp, follows its changes and Secret, refuses a bad one, brings back a release removed by hand, and uninstalls on delete', async () => {
    await startOperator();
    const name = 'orders';
    const release = releaseName({ ...readmeDeployRequest, application: name });
    const { manifest, secret } = sample(name, 'first-password');
    await apply(secret);
    await apply(manifest);

    // Applied: Running, Ready=True, the Helm revision and generation in the status.
    let app = await readyAt(name, 1);
    expect(app.status).toMatchObject({
      release,
      helmRevision: 1,
      state: 'Running',
    });
    expect(app.metadata.finalizers).toContain('ksml-backstage.io/release');
    expect(await helmRevisions(release)).toEqual([1]);

    // A spec change: the next Helm revision, and observedGeneration follows.
    await apply({ ...manifest, spec: { ...manifest.spec, replicas: 2 } });
    app = await readyAt(name, 2);
    expect(app.status?.helmRevision).toBe(2);
    const sts = await kube.apps.readNamespacedStatefulSet({
      name: release,
      namespace,
    });
    expect(sts.spec?.replicas).toBe(2);

    // The Secret changes: the app picks it up (a new revision with the new value).
    await apply({
      ...secret,
      stringData: { 'sasl.jaas.config': 'rotated-password;' },
    });
    await until('the rotated secret installed', async () => {
      const ours = await kube.core.readNamespacedSecret({
        name: `${release}-kafka`,
        namespace,
      });
      const values = Object.values(ours.data ?? {}).map(v =>
        Buffer.from(v, 'base64').toString('utf8'),
      );
      return values.includes('rotated-password;') ? true : undefined;
    });
    app = await until('revision 3 in the status', async () => {
      const current = await get(name);
      return current.status?.helmRevision === 3 &&
        condition(current, 'Ready')?.status === 'True'
        ? current
        : undefined;
    });
    expect(app.status?.observedGeneration).toBe(2);

    // A bad definition: Failed naming the path, nothing applied (the release stays at 3).
    await apply({
      ...manifest,
      spec: {
        ...manifest.spec,
        replicas: 2,
        definition: 'pipelines:\n  p:\n    to: nowhere\n',
      },
    });
    app = await until('Failed for the bad definition', async () => {
      const current = await get(name);
      return current.status?.observedGeneration === 3 &&
        condition(current, 'Failed')?.status === 'True'
        ? current
        : undefined;
    });
    expect(condition(app, 'Failed')).toMatchObject({
      reason: 'InvalidSpec',
      message: expect.stringMatching(
        /^Invalid KsmlApp spec: definition: .*pipelines\.p\.from/,
      ),
    });
    expect(condition(app, 'Ready')?.status).toBe('False');
    expect(await helmRevisions(release)).toEqual([1, 2, 3]);

    // The names that make the release cannot change: the API server refuses it.
    await expect(
      apply({ ...manifest, spec: { ...manifest.spec, tenant: 'other' } }),
    ).rejects.toThrow(/tenant, instance and environment are immutable/);

    // A Secret not marked for KSML apps is not read (it could be anyone's).
    await apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'registry-credentials' },
      stringData: { 'sasl.jaas.config': 'someone-elses;' },
    });
    await apply({
      ...manifest,
      spec: {
        ...manifest.spec,
        replicas: 2,
        kafkaSecretRef: { name: 'registry-credentials' },
      },
    });
    app = await until('Failed for the unmarked Secret', async () => {
      const current = await get(name);
      return current.status?.observedGeneration === 4 &&
        condition(current, 'Failed')?.status === 'True'
        ? current
        : undefined;
    });
    expect(condition(app, 'Failed')?.message).toBe(
      'kafkaSecretRef.name: the Secret registry-credentials lacks the label ksml-backstage.io/kafka-properties=true; the operator reads only Secrets marked for KSML apps',
    );
    expect(await helmRevisions(release)).toEqual([1, 2, 3]);

    // Fixed again, then the release uninstalled by hand comes back within the resync.
    await apply({ ...manifest, spec: { ...manifest.spec, replicas: 2 } });
    await readyAt(name, 5);
    const uninstalled = await runHelmOnce(env, [
      'uninstall',
      release,
      '-n',
      namespace,
      '--kube-context',
      env.kubeContext,
    ]);
    expect(uninstalled.code).toBe(0);
    await until(
      'the release back',
      async () =>
        (await helmRevisions(release)).length > 0 ? true : undefined,
      30_000,
    );

    // A new KsmlApp whose definition is bad from the start: Failed, and no release at all.
    const broken = sample('broken', 'broken-password');
    await apply({
      ...broken.manifest,
      spec: {
        ...broken.manifest.spec,
        kafkaSecretRef: undefined,
        kafkaProperties: readmeDeployRequest.kafkaProperties,
        definition:
          'streams: {s: {topic: t, keyType: string, valueType: string}}\npipelines:\n  p:\n    from: nowhere\n',
      },
    });
    const failedApp = await until('the broken app Failed', async () => {
      const current = await get('broken');
      return condition(current, 'Failed')?.status === 'True'
        ? current
        : undefined;
    });
    expect(condition(failedApp, 'Failed')?.message).toMatch(
      /^Invalid KsmlApp spec: definition: .*pipelines\.p\.from/,
    );
    expect(failedApp.status?.helmRevision).toBeUndefined();
    expect(
      await helmRevisions(
        releaseName({ ...readmeDeployRequest, application: 'broken' }),
      ),
    ).toEqual([]);

    // Deleted: the release and our Secret are gone, then the KsmlApp itself.
    await k('delete', 'ksmlapp', name, '--wait=true', '--timeout=60s');
    expect(await helmRevisions(release)).toEqual([]);
    await expect(
      kube.core.readNamespacedSecret({ name: `${release}-kafka`, namespace }),
    ).rejects.toMatchObject({ code: 404 });
  }, 240_000);

  it('elects one leader of two, and a killed leader hands over without a lost or repeated install', async () => {
    // The first test's process may still lead: start from a clean slate of two.
    await Promise.all(processes.splice(0).map(p => p.stop()));
    const first = await startOperator();
    const second = await startOperator();
    const leaderOf = async () => {
      const held = JSON.parse(await k('get', 'lease', lease, '-o', 'json')) as {
        spec: { holderIdentity?: string };
      };
      return held.spec.holderIdentity || undefined;
    };
    const holder = await until('a leader', leaderOf);
    const leads = (p: ProvisionerProcess) =>
      p.output.some(line => /Leading: reconciling KsmlApps/.test(line));
    const leading = await until('the leader says so', async () => {
      const found = [first, second].filter(leads);
      return found.length > 0 ? found : undefined;
    });
    expect(leading).toHaveLength(1);

    const name = 'failover';
    const release = releaseName({ ...readmeDeployRequest, application: name });
    const { manifest, secret } = sample(name, 'failover-password');
    await apply(secret);
    await apply(manifest);
    await readyAt(name, 1);
    expect(await helmRevisions(release)).toEqual([1]);

    // The leader crashes; a change made meanwhile is installed by the other, once.
    await leading[0].kill();
    await apply({ ...manifest, spec: { ...manifest.spec, replicas: 2 } });
    const app = await readyAt(name, 2);
    expect(await leaderOf()).not.toBe(holder);
    expect(app.status?.helmRevision).toBe(2);
    // Several resyncs later, still revision 2: nothing installed twice.
    await new Promise(r => setTimeout(r, 8000));
    expect(await helmRevisions(release)).toEqual([1, 2]);
  }, 180_000);
});
