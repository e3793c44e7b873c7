import { mockCredentials } from '@backstage/backend-test-utils';
import { releaseName } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { TestbedKube, waitFor } from '@ksml-backstage/testbed';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// Day-2 operations through the real backend on the test bed: revisions and rollback, scale and
// restart, the events timeline, each recorded with who asked.
describe('day-2 operations', () => {
  let kube: TestbedKube;
  let namespace: string;
  let server: TestbedBackend['server'];
  let stopBackend: () => Promise<void>;

  const app = { ...readmeDeployRequest, application: 'day-two' };
  const ref = {
    tenant: app.tenant,
    instance: app.instance,
    environment: 'dev',
    application: app.application,
  };
  const release = releaseName(ref);
  const q = new URLSearchParams(ref).toString();
  const changed = {
    ...app,
    replicas: 2,
    definition: app.definition.replace('format="AVRO"', 'format="AVRO v2"'),
    kafkaProperties: { ...app.kafkaProperties, 'client.id': 'day-two' },
  };

  beforeAll(async () => {
    const backend = await startTestbedBackend({
      namespacePrefix: 'day-two',
    });
    ({ kube, namespace, server } = backend);
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
  const statusIs = (wanted: string, replicas: number) =>
    waitFor(
      async () => {
        const res = await request(server).get(`/api/ksml/status?${q}`);
        const k = res.body.kubernetes;
        return k?.status === wanted && k.readyReplicas === replicas
          ? k
          : undefined;
      },
      { description: `${wanted} ${replicas}/${replicas}`, timeoutMs: 90_000 },
    );
  const statefulSet = () =>
    kube.apps.readNamespacedStatefulSet({ name: release, namespace });
  const definitionInCluster = async () => {
    const maps = await kube.core.listNamespacedConfigMap({ namespace });
    return JSON.stringify(maps.items.map(m => m.data));
  };

  it('lists revisions with what changed and who, and rolls back to one', async () => {
    await ok(request(server).post('/api/ksml/deploy').send(app));
    await ok(request(server).post('/api/ksml/deploy').send(changed));
    expect((await statefulSet()).spec?.replicas).toBe(2);
    expect(await definitionInCluster()).toContain('AVRO v2');

    const revisions = (
      await ok(request(server).get(`/api/ksml/revisions?${q}`))
    ).items;
    expect(revisions).toMatchObject([
      {
        revision: 2,
        status: 'deployed',
        replicas: 2,
        description: 'Upgrade complete',
        changes: {
          replicas: { from: 1, to: 2 },
          definition: true,
          kafkaProperties: ['client.id'],
        },
        operation: 'deploy',
        actor: 'user:default/mock',
      },
      { revision: 1, status: 'superseded', replicas: 1, changes: {} },
    ]);
    expect(revisions[0].definitionDigest).toMatch(/^[0-9a-f]{12}$/);
    expect(revisions[0].definitionDigest).not.toBe(
      revisions[1].definitionDigest,
    );

    const rolledBack = await ok(
      request(server)
        .post('/api/ksml/rollback')
        .send({ ...ref, revision: 1 }),
    );
    expect(rolledBack.helm).toMatchObject({ revision: 3, status: 'deployed' });
    // The workload is revision 1's again.
    expect((await statefulSet()).spec?.replicas).toBe(1);
    expect(await definitionInCluster()).not.toContain('AVRO v2');
    const [newest] = (await ok(request(server).get(`/api/ksml/revisions?${q}`)))
      .items;
    expect(newest).toMatchObject({
      revision: 3,
      description: 'Rollback to 1',
      operation: 'rollback',
      actor: 'user:default/mock',
      changes: { replicas: { from: 2, to: 1 }, definition: true },
    });

    // A revision Helm does not have: 400 naming the field and the revisions it has.
    const missing = await request(server)
      .post('/api/ksml/rollback')
      .send({ ...ref, revision: 99 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      `revision: ${release} has no revision 99; Helm keeps 1, 2, 3`,
    );
  }, 180_000);

  it('scales to 0 (Stopped) and back (Running 2/2), keeping the rest as installed', async () => {
    await ok(
      request(server)
        .post('/api/ksml/scale')
        .send({ ...ref, replicas: 0 }),
    );
    await statusIs('Stopped', 0);
    const back = await ok(
      request(server)
        .post('/api/ksml/scale')
        .send({ ...ref, replicas: 2 }),
    );
    expect(back.helm.revision).toBe(5);
    await statusIs('Running', 2);
    // Still revision 1's definition (the rollback's), only the replicas changed.
    const [newest] = (await ok(request(server).get(`/api/ksml/revisions?${q}`)))
      .items;
    expect(newest).toMatchObject({
      revision: 5,
      operation: 'scale',
      changes: { replicas: { from: 0, to: 2 } },
    });
    expect(newest.changes.definition).toBeUndefined();

    const bad = await request(server)
      .post('/api/ksml/scale')
      .send({ ...ref, replicas: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('replicas: must be 0 or more');
  }, 180_000);

  it('restarts: the pods get the restart annotation and come back Running', async () => {
    const before = Date.now();
    await ok(request(server).post('/api/ksml/restart').send(ref));
    const restartedAt =
      (await statefulSet()).spec?.template.metadata?.annotations?.[
        'kubectl.kubernetes.io/restartedAt'
      ] ?? '';
    expect(Date.parse(restartedAt)).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000,
    );
    await waitFor(
      async () => {
        const pods = await kube.core.listNamespacedPod({
          namespace,
          labelSelector: `app.kubernetes.io/instance=${release}`,
        });
        return pods.items.length === 2 &&
          pods.items.every(
            p =>
              p.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] ===
                restartedAt && p.status?.phase === 'Running',
          )
          ? pods
          : undefined;
      },
      { description: 'both pods replaced', timeoutMs: 120_000 },
    );
    await statusIs('Running', 2);
  }, 180_000);

  it("puts Kubernetes' events and our operations on one timeline, newest first", async () => {
    const events = (await ok(request(server).get(`/api/ksml/events?${q}`)))
      .items as Array<{
      time: string;
      type: string;
      reason: string;
      message: string;
      object?: string;
      source?: string;
    }>;
    const times = events.map(e => e.time);
    expect(times).toEqual([...times].sort().reverse());
    // The scheduler's, the node's (kwok plays the kubelet), the StatefulSet controller's, and
    // ours with who asked.
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Normal',
          reason: 'Scheduled',
          object: `Pod/${release}-0`,
          source: 'default-scheduler',
        }),
        expect.objectContaining({
          type: 'Normal',
          reason: 'Started',
          object: `Pod/${release}-0`,
          source: 'kwok_controller',
        }),
        expect.objectContaining({
          type: 'Normal',
          reason: 'SuccessfulCreate',
          object: `StatefulSet/${release}`,
        }),
        expect.objectContaining({
          type: 'Operation',
          reason: 'rollback',
          message: 'rollback to revision 1 succeeded (revision 3)',
          source: 'user:default/mock',
        }),
        expect.objectContaining({
          type: 'Operation',
          reason: 'scale',
          message: 'scale to 0 replicas succeeded (revision 4)',
        }),
        expect.objectContaining({ type: 'Operation', reason: 'restart' }),
      ]),
    );
    // Newest first: the restart came after the rollback.
    const index = (reason: string) =>
      events.findIndex(e => e.type === 'Operation' && e.reason === reason);
    expect(index('restart')).toBeLessThan(index('rollback'));
  }, 60_000);

  it('refuses to roll back or scale a Job (409), and runs a Job anew on restart', async () => {
    const job = {
      ...readmeDeployRequest,
      application: 'day-two-job',
      deploymentMode: 'Job',
    };
    const jobRef = { ...ref, application: job.application };
    await ok(request(server).post('/api/ksml/deploy').send(job));
    const rollback = await request(server)
      .post('/api/ksml/rollback')
      .send({ ...jobRef, revision: 1 });
    expect(rollback.status).toBe(409);
    expect(rollback.body.error.message).toContain('runs as a Job');
    const scale = await request(server)
      .post('/api/ksml/scale')
      .send({ ...jobRef, replicas: 2 });
    expect(scale.status).toBe(409);
    expect(scale.body.error.reason).toBe('Conflict');

    const firstUid = (
      await kube.batch.readNamespacedJob({
        name: releaseName(jobRef),
        namespace,
      })
    ).metadata?.uid;
    await ok(request(server).post('/api/ksml/restart').send(jobRef));
    const secondUid = (
      await kube.batch.readNamespacedJob({
        name: releaseName(jobRef),
        namespace,
      })
    ).metadata?.uid;
    expect(secondUid).toBeDefined();
    expect(secondUid).not.toBe(firstUid);
  }, 180_000);

  // After the tests above: revision 1's definition runs again (the rollback), scaled to 2.
  it('reads what a revision runs, and redeploys an edit of its definition with the rest as recorded', async () => {
    const running = await ok(request(server).get(`/api/ksml/definition?${q}`));
    expect(running).toEqual({
      revision: expect.any(Number),
      status: 'deployed',
      deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:]+Z$/),
      applicationId: app.kafkaProperties['application.id'],
      definitions: { [app.application]: app.definition },
      schemas: app.schemas,
      replicas: 2,
      deploymentMode: 'StatefulSet',
    });
    expect(
      await ok(request(server).get(`/api/ksml/definition?${q}&revision=2`)),
    ).toMatchObject({
      revision: 2,
      status: 'superseded',
      definitions: { [app.application]: changed.definition },
      replicas: 2,
    });
    const gone = await request(server).get(
      `/api/ksml/definition?${q}&revision=99`,
    );
    expect([gone.status, gone.body.error.reason]).toEqual([
      404,
      'RevisionNotFound',
    ]);
    expect(gone.body.error.message).toContain(
      `${release} has no revision 99; Helm keeps 1, 2, 3`,
    );

    // An edit by someone else: another definition and one more schema, all else as recorded.
    const editor = 'user:default/editor';
    const edited = app.definition.replace(
      'format="AVRO"',
      'format="AVRO edited"',
    );
    const schemas = [
      { schemaFileName: 'Extra.avsc', schemaBody: '"string"' },
      ...app.schemas,
    ];
    const redeployed = await ok(
      request(server)
        .post('/api/ksml/redeploy')
        .set('Authorization', `Bearer ${mockCredentials.user.token(editor)}`)
        .send({ ...ref, definitions: { [app.application]: edited }, schemas }),
    );
    const revision = running.revision + 1;
    expect(redeployed.helm).toMatchObject({ revision, status: 'deployed' });
    expect(
      await ok(request(server).get(`/api/ksml/definition?${q}`)),
    ).toMatchObject({
      revision,
      status: 'deployed',
      definitions: { [app.application]: edited },
      schemas,
      replicas: 2,
    });
    expect(await definitionInCluster()).toContain('AVRO edited');
    expect((await statefulSet()).spec?.replicas).toBe(2);
    expect(
      await ok(
        request(server).get(
          `/api/ksml/definition?${q}&revision=${running.revision}`,
        ),
      ),
    ).toMatchObject({
      status: 'superseded',
      definitions: { [app.application]: app.definition },
      schemas: app.schemas,
    });

    // A definition KSML cannot run is refused before anything is recorded or applied.
    const bad = await request(server)
      .post('/api/ksml/redeploy')
      .send({ ...ref, definitions: { [app.application]: 'pipelines: [' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      `definitions["${app.application}"]: is not a valid KSML definition`,
    );

    // Every app's changes, newest first; this app's are its operations above, the edit first.
    type Change = {
      id: number;
      release: string;
      operation: string;
      actor?: string;
      revision?: number;
      request?: { definitions?: Record<string, string> };
    };
    const changes: Change[] = (
      await ok(request(server).get('/api/ksml/changes'))
    ).items;
    const ids = changes.map(c => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(
      changes.filter(c => c.release === release).map(c => c.operation),
    ).toEqual([
      'deploy',
      'restart',
      'scale',
      'scale',
      'rollback',
      'deploy',
      'deploy',
    ]);
    expect(
      (await ok(request(server).get('/api/ksml/changes?limit=1'))).items,
    ).toEqual([changes[0]]);
    const editors: Change[] = (
      await ok(
        request(server).get(
          `/api/ksml/changes?${new URLSearchParams({ actor: editor })}`,
        ),
      )
    ).items;
    expect(editors.map(c => [c.release, c.operation, c.revision])).toEqual([
      [release, 'deploy', revision],
    ]);
    expect(editors[0].request?.definitions).toEqual({
      [app.application]: edited,
    });
  }, 180_000);
});
