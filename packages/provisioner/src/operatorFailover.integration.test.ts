import { KsmlAppObject, releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  KSML_APP_GROUP,
  KSML_APP_PLURAL,
  KSML_APP_VERSION,
  ksmlAppManifest,
} from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  dropFinalizers,
  helmRecordStatuses,
  kubectl,
  loadTestbedEnv,
  runHelmOnce,
  startTcpProxy,
  TcpProxy,
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
import { helmChildren } from './testing/childProcesses';
import {
  LeadershipRecording,
  leadershipViolations,
  leaseHolders,
  recordLeadership,
} from './testing/leadership';

/** Every KsmlApp is reconciled again this often. */
const RESYNC_SECONDS = 3;
/**
 * The Lease: renew deadline 4 s, retry period 1.2 s. A renewal over the slowed link (a read and
 * a write, each held SLOW_LINK_MS) stays well inside half the renew deadline, even on a loaded
 * machine, so the slowed leader keeps its term until the test freezes or kills it.
 */
const LEASE_SECONDS = 6;
/**
 * helm's timeout: a helm of a provisioner lives at most this + 30 s + 5 s (HelmCli's kill and
 * grace), after which a `pending-*` revision it left is known to be abandoned.
 */
const HELM_TIMEOUT_SECONDS = 5;
/** How long the slowed link to a leader holds each of its requests. */
const SLOW_LINK_MS = 500;

// Leader failover in the hard cases, with real provisioner processes on the test bed: a
// leader frozen (SIGSTOP) in the middle of a reconcile and thawed after another took over, and
// a leader killed while its helm upgrade runs. Each process reaches the API server through a
// TCP proxy of its own, so the test can slow one process's requests and act between two of
// them. Throughout each test, every process's own view of its leadership (GET /healthz) and the
// Lease are sampled every 150 ms: at no time may two processes have led.
describe('operator failover: a frozen leader, and a leader killed mid-upgrade', () => {
  const env = loadTestbedEnv();
  let kube: TestbedKube;
  let namespace: string;
  const dir = mkdtempSync(join(tmpdir(), 'ksml-failover-'));
  const operators: Operator[] = [];
  /** The leadership recorders running (stopped after each test, passed or failed). */
  const recorders: Array<{ stop(): Promise<unknown> }> = [];

  interface Operator {
    name: string;
    /** As the Lease names it: POD_NAME and the process id. */
    identity: string;
    process: ProvisionerProcess;
    proxy: TcpProxy;
  }

  beforeAll(async () => {
    kube = await connectKube(env);
  }, 60_000);

  // A namespace per test: an operator reconciles every KsmlApp of its namespace, whatever
  // its Lease, so the processes of one test must not see another's apps.
  beforeEach(async () => {
    namespace = await createTestNamespace(kube, 'failover');
  }, 60_000);

  afterEach(async () => {
    await Promise.all(recorders.splice(0).map(r => r.stop()));
    const stopping = operators.splice(0);
    await Promise.all(
      stopping.map(async ({ process, proxy }) => {
        process.resume();
        await process.kill();
        await proxy.close();
      }),
    );
    // FAILOVER_LOG_DIR=<dir>: every process's output kept there, to read after a failure.
    const logs = global.process.env.FAILOVER_LOG_DIR;
    for (const { name, process } of logs ? stopping : []) {
      writeFileSync(join(logs!, `${name}.log`), process.output.join('\n'));
    }
    // No operator is left to release them: the namespace can go.
    await dropFinalizers(env, namespace, 'ksmlapps').catch(() => undefined);
    await kube.core.deleteNamespace({ name: namespace }).catch(() => undefined);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The test bed's kubeconfig (as JSON, which kubeconfig readers take), its API server reached through a new proxy. */
  const proxiedKubeconfig = async () => {
    const config = JSON.parse(kube.config.exportConfig());
    const context = config.contexts.find(
      (c: { name: string }) => c.name === env.kubeContext,
    ).context;
    const cluster = config.clusters.find(
      (c: { name: string }) => c.name === context.cluster,
    ).cluster;
    const apiServer = new URL(cluster.server);
    const proxy = await startTcpProxy(
      apiServer.hostname,
      Number(apiServer.port),
    );
    cluster.server = `https://127.0.0.1:${proxy.port}`;
    config['current-context'] = env.kubeContext;
    const path = join(dir, `kubeconfig-${proxy.port}`);
    writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
    return { proxy, path };
  };

  /** A provisioner in operator mode competing for `lease`. */
  const startOperator = async (name: string, lease: string) => {
    const { proxy, path } = await proxiedKubeconfig();
    const process = await startProvisionerProcess({
      ...testbedReadmeEnv(env, { namespace, kubeconfig: path }),
      KUBE_CONTEXT: env.kubeContext,
      OPERATOR_MODE: 'true',
      OPERATOR_RESYNC_SECONDS: String(RESYNC_SECONDS),
      OPERATOR_LEASE_DURATION_SECONDS: String(LEASE_SECONDS),
      OPERATOR_LEASE_NAME: lease,
      POD_NAME: name,
      HELM_TIMEOUT_SECONDS: String(HELM_TIMEOUT_SECONDS),
    });
    const operator = {
      name,
      identity: `${name}-${process.pid}`,
      process,
      proxy,
    };
    operators.push(operator);
    return operator;
  };

  /** The Lease's holder, transitions and acquireTime (all undefined before it exists). */
  const readLease = async (name: string) => {
    const lease = await kube.config
      .makeApiClient(kube.k8s.CoordinationV1Api)
      .readNamespacedLease({ name, namespace })
      .catch(error => {
        if (error?.code === 404) return undefined;
        throw error;
      });
    return {
      holder: lease?.spec?.holderIdentity || undefined,
      transitions: lease?.spec?.leaseTransitions,
      acquireTime: lease?.spec?.acquireTime
        ? new Date(lease.spec.acquireTime).toISOString()
        : undefined,
    };
  };
  const until = <T>(
    description: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 90_000,
    intervalMs = 250,
  ) => waitFor(probe, { description, timeoutMs, intervalMs });
  const leads = (lease: string, operator: Operator) =>
    until(`${operator.name} holds the Lease`, async () =>
      (await readLease(lease)).holder === operator.identity ? true : undefined,
    );
  /** Samples the operators' leadership and the Lease until the returned stop is called. */
  const recordLeadershipOf = (lease: string, ...of: Operator[]) => {
    const recorder = recordLeadership({
      processes: () => of.map(o => ({ name: o.name, url: o.process.url })),
      readLease: () => readLease(lease),
    });
    recorders.push(recorder);
    return recorder;
  };
  /** Asserts the recording shows one leader at a time, and the Lease's holders in this order. */
  const expectOneLeaderAtATime = (
    recording: LeadershipRecording,
    ...holders: Operator[]
  ) => {
    expect(leadershipViolations(recording)).toEqual([]);
    expect(leaseHolders(recording.lease)).toEqual(holders.map(h => h.identity));
    // Every process was heard, and each said it led at some point.
    for (const holder of holders) {
      expect(
        recording.samples.some(s => s.who === holder.name && s.leading),
      ).toBe(true);
    }
  };

  const k = (...args: string[]) =>
    kubectl(env, ['--namespace', namespace, ...args]);
  const apply = async (manifest: object) => {
    const file = join(dir, `${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify(manifest));
    await k('apply', '-f', file);
  };
  const getApp = async (name: string) =>
    (await kube.config
      .makeApiClient(kube.k8s.CustomObjectsApi)
      .getNamespacedCustomObject({
        group: KSML_APP_GROUP,
        version: KSML_APP_VERSION,
        namespace,
        plural: KSML_APP_PLURAL,
        name,
      })) as KsmlAppObject & {
      metadata: { managedFields?: unknown[] };
    };
  const condition = (app: KsmlAppObject, type: string) =>
    app.status?.conditions?.find(c => c.type === type);
  const readyAt = (name: string, generation: number, timeoutMs = 90_000) =>
    until(
      `${name} Ready at generation ${generation}`,
      async () => {
        const app = await getApp(name);
        return app.status?.observedGeneration === generation &&
          condition(app, 'Ready')?.status === 'True'
          ? app
          : undefined;
      },
      timeoutMs,
    );

  /** Helm's records of a release, revision → status, read straight from its Secrets. */
  const helmRecords = (release: string) =>
    helmRecordStatuses(kube, namespace, release);
  const helmJson = async <T>(args: string[]) => {
    const result = await runHelmOnce(env, [
      ...args,
      '-n',
      namespace,
      '-o',
      'json',
      '--kube-context',
      env.kubeContext,
    ]);
    if (result.code !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as T;
  };
  const replicasOfRevision = async (release: string, revision: number) =>
    (
      await helmJson<{ replicaCount?: number }>([
        'get',
        'values',
        release,
        '--revision',
        String(revision),
      ])
    ).replicaCount;

  /** The readme's sample as a KsmlApp (a StatefulSet), with its SASL password in a Secret. */
  const sample = (name: string, replicas = 1) => {
    const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${name}-password";`;
    const { manifest, secret } = ksmlAppManifest(
      {
        ...readmeDeployRequest,
        application: name,
        deploymentMode: 'StatefulSet',
        replicas,
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'sasl.jaas.config': jaas,
        },
      },
      { name },
    );
    return {
      release: releaseName({ ...readmeDeployRequest, application: name }),
      manifest,
      withReplicas: (n: number) => ({
        ...manifest,
        spec: { ...manifest.spec, replicas: n },
      }),
      secret: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secret!.name,
          labels: { 'ksml-backstage.io/kafka-properties': 'true' },
        },
        stringData: { 'sasl.jaas.config': jaas },
      },
    };
  };

  /** What a process could have written about the apps: the state the test compares. */
  const clusterState = async (lease: string, apps: string[]) => ({
    apps: await Promise.all(
      apps.map(async name => {
        const app = await getApp(name);
        const release = releaseName({
          ...readmeDeployRequest,
          application: name,
        });
        const sts = await kube.apps.readNamespacedStatefulSet({
          name: release,
          namespace,
        });
        const kafkaSecret = await kube.core.readNamespacedSecret({
          name: `${release}-kafka`,
          namespace,
        });
        return {
          name,
          resourceVersion: app.metadata.resourceVersion,
          managedFields: app.metadata.managedFields,
          status: app.status,
          helm: await helmRecords(release),
          statefulSet: {
            generation: sts.metadata?.generation,
            replicas: sts.spec?.replicas,
          },
          kafkaSecret: kafkaSecret.metadata?.resourceVersion,
        };
      }),
    ),
    lease: await readLease(lease).then(
      ({ holder, transitions, acquireTime }) => ({
        holder,
        transitions,
        acquireTime,
      }),
    ),
  });
  /**
   * The cluster state once nothing changes any more for two resync intervals (the leader's
   * resyncs of settled apps write nothing); fails if it keeps changing.
   */
  const settledState = async (lease: string, apps: string[]) => {
    let last = JSON.stringify(await clusterState(lease, apps));
    let since = Date.now();
    return until(
      `${apps.join(', ')} settled`,
      async () => {
        const now = JSON.stringify(await clusterState(lease, apps));
        if (now !== last) {
          last = now;
          since = Date.now();
          return undefined;
        }
        return Date.now() - since >= 2 * RESYNC_SECONDS * 1000
          ? (JSON.parse(now) as Awaited<ReturnType<typeof clusterState>>)
          : undefined;
      },
      90_000,
      500,
    );
  };

  /**
   * The start both cases share: a leader on a new Lease, then a candidate, their leadership
   * recorded from then on, and an app the leader installed (revision 1, deployed).
   */
  const leaderCandidateAndApp = async (
    kind: string,
    [leaderName, candidateName]: [string, string],
    appName: string,
  ) => {
    const lease = `failover-${kind}-${randomBytes(3).toString('hex')}`;
    const leader = await startOperator(leaderName, lease);
    await leads(lease, leader);
    const candidate = await startOperator(candidateName, lease);
    const recorder = recordLeadershipOf(lease, leader, candidate);
    const app = sample(appName);
    await apply(app.secret);
    await apply(app.manifest);
    await readyAt(appName, 1);
    expect(await helmRecords(app.release)).toEqual({ 1: 'deployed' });
    return { lease, leader, candidate, recorder, app };
  };

  const linesSince = (operator: Operator, from: number, pattern: RegExp) =>
    operator.process.output.slice(from).filter(line => pattern.test(line));

  it('a leader frozen mid-reconcile: the other takes over once the Lease expired, installs what changed meanwhile, and the thawed one writes nothing', async () => {
    const {
      lease,
      leader: a,
      candidate: b,
      recorder,
      app,
    } = await leaderCandidateAndApp(
      'frozen',
      ['frozen-a', 'frozen-b'],
      'frozen',
    );

    // A change; a's requests now wait on its link, so a reads the app, writes "Upgrading"
    // (Reconciling=True) and then waits for the app's Secret before it can start helm: it is
    // frozen right there, mid-reconcile, with a stale spec in hand.
    a.proxy.setDelay(SLOW_LINK_MS);
    await apply(app.withReplicas(2));
    await waitFor(
      async () => {
        const current = await getApp('frozen');
        return current.metadata.generation === 2 &&
          current.status?.observedGeneration === 1 &&
          condition(current, 'Reconciling')?.status === 'True'
          ? true
          : undefined;
      },
      { description: 'a upgrading', timeoutMs: 60_000, intervalMs: 20 },
    );
    a.process.pause();
    a.proxy.setDelay(0); // when it runs again, its requests go through at once
    const frozenAt = a.process.output.length;
    expect(helmChildren(a.process.pid)).toEqual([]);
    expect(await helmRecords(app.release)).toEqual({ 1: 'deployed' });

    // b waits for the Lease to go unrenewed for a whole lease duration, then leads, installs
    // the change a was making, a later change, and an app created while a is frozen.
    await leads(lease, b);
    expect((await readyAt('frozen', 2)).status?.helmRevision).toBe(2);
    await apply(app.withReplicas(3));
    expect((await readyAt('frozen', 3)).status?.helmRevision).toBe(3);
    const born = sample('born-while-frozen');
    await apply(born.secret);
    await apply(born.manifest);
    await readyAt('born-while-frozen', 1);
    const before = await settledState(lease, ['frozen', 'born-while-frozen']);
    expect(before.apps.map(x => [x.helm, x.statefulSet.replicas])).toEqual([
      [{ 1: 'superseded', 2: 'superseded', 3: 'deployed' }, 3],
      [{ 1: 'deployed' }, 1],
    ]);
    expect(before.lease.holder).toBe(b.identity);

    // Thawed: its reconcile goes on with the spec of generation 2 and its timers are all due;
    // its term ended by its own clock, so the first write it tries is refused, and it stops.
    const thawedAt = Date.now();
    a.process.resume();
    await until('a to stop reconciling', async () =>
      linesSince(a, frozenAt, /"message":"Stopped reconciling"/).length > 0
        ? true
        : undefined,
    ).catch(error => {
      // What a said since it was frozen, so a failure here can be read (seen once in a stress run).
      throw new Error(
        `${(error as Error).message}\n--- a since frozen:\n${a.process.output.slice(frozenAt).slice(-40).join('\n')}`,
      );
    });
    // It had the helm upgrade of the stale spec in hand, and was refused it (or, when its
    // read of the Secret timed out while it was frozen, the status write of that failure).
    expect(
      linesSince(
        a,
        frozenAt,
        new RegExp(
          `"Left a KsmlApp to the new leader","service":"ksml-provisioner","ksmlApp":"frozen","refused":"Not leading any more \\(term 1 is over\\): did not (helm upgrade --install ${app.release}|write the status of the KsmlApp frozen)"`,
        ),
      ),
    ).toHaveLength(1);
    // Nothing a wrote: no helm run, no status, metadata, Secret or workload change (two more
    // resync intervals of b's included), and the Lease still b's, taken once.
    const after = await settledState(lease, ['frozen', 'born-while-frozen']);
    expect(after).toEqual(before);
    expect(
      linesSince(
        a,
        frozenAt,
        /"message":"(Leading|Reconciled KsmlApp|Deployed |helm [a-z -]+ succeeded)/,
      ),
    ).toEqual([]);
    expect(a.process.output.slice(frozenAt).join('\n')).toMatch(
      /Lost the leader Lease/,
    );

    const recording = await recorder.stop();
    expectOneLeaderAtATime(recording, a, b);
    // Once it ran again, a said it did not lead, every time it was asked (questions sent while
    // it was frozen included).
    const thawedAnswers = recording.samples.filter(
      s =>
        s.who === a.name && s.answeredAt > thawedAt && s.leading !== undefined,
    );
    expect(thawedAnswers.length).toBeGreaterThan(0);
    expect(thawedAnswers.filter(s => s.leading)).toEqual([]);
  }, 300_000);

  it('a leader killed while its helm upgrade runs: the next leader waits out that helm, recovers the release, and it ends deployed with the change', async () => {
    const {
      lease,
      leader: c,
      candidate: d,
      recorder,
      app,
    } = await leaderCandidateAndApp(
      'killed',
      ['killed-c', 'killed-d'],
      'interrupted',
    );

    // The change; over c's slow link its helm writes the pending revision, then applies the
    // chart request by request: c dies in between, and its helm with it (a pod's death ends
    // every process in it).
    c.proxy.setDelay(SLOW_LINK_MS);
    await apply(app.withReplicas(2));
    await waitFor(
      async () =>
        (await helmRecords(app.release))[2] === 'pending-upgrade'
          ? true
          : undefined,
      { description: 'helm upgrading', timeoutMs: 60_000, intervalMs: 20 },
    );
    const [helm] = helmChildren(c.process.pid);
    expect(helm?.argv.slice(1, 3)).toEqual(['upgrade', '--install']);
    const killed = c.process.kill();
    process.kill(-helm.pgid, 'SIGKILL');
    await killed;
    // Left as an interrupted helm leaves it: revision 2 stays pending-upgrade.
    expect(await helmRecords(app.release)).toEqual({
      1: 'deployed',
      2: 'pending-upgrade',
    });

    // d leads after the Lease expired. A helm of c's could still be writing revision 2, for as
    // long as a helm of ours may live: d waits that out (Reconciling, not Failed), then rolls
    // revision 2 back (revision 3) and upgrades (revision 4).
    await leads(lease, d);
    const seen = new Set<string>();
    const ready = await until(
      'interrupted Ready at generation 2',
      async () => {
        const current = await getApp('interrupted');
        for (const { type, status, reason } of current.status?.conditions ??
          []) {
          if (status === 'True') seen.add(`${type}:${reason}`);
        }
        return current.status?.observedGeneration === 2 &&
          condition(current, 'Ready')?.status === 'True'
          ? current
          : undefined;
      },
      (HELM_TIMEOUT_SECONDS + 35 + 60) * 1000,
    );
    expect(seen).toContain('Reconciling:WaitingForHelm');
    expect([...seen].filter(s => s.startsWith('Failed:'))).toEqual([]);
    expect(
      linesSince(d, 0, /Recovering .* rolling back to revision 1/),
    ).toHaveLength(1);

    // One deployed revision for the one change: 2 is the interrupted attempt (Helm's history
    // keeps it as helm left it, ADR 9), 3 the recovery's rollback to 1 (the chart and values
    // of 1), 4 the change itself. Not a revision more, two resyncs later.
    expect(ready.status?.helmRevision).toBe(4);
    const settled = await settledState(lease, ['interrupted']);
    expect(settled.apps[0].helm).toEqual({
      1: 'superseded',
      2: 'pending-upgrade',
      3: 'superseded',
      4: 'deployed',
    });
    expect(settled.apps[0].statefulSet.replicas).toBe(2);
    const history = await helmJson<
      Array<{ revision: number; status: string; description: string }>
    >(['history', app.release]);
    expect(history.map(h => [h.revision, h.description])).toEqual([
      [1, 'Install complete'],
      [2, expect.stringMatching(/upgrade/i)],
      [3, 'Rollback to 1'],
      [4, 'Upgrade complete'],
    ]);
    expect(
      await Promise.all(
        [1, 2, 3, 4].map(r => replicasOfRevision(app.release, r)),
      ),
    ).toEqual([1, 2, 1, 2]);

    expectOneLeaderAtATime(await recorder.stop(), c, d);
  }, 300_000);
});
