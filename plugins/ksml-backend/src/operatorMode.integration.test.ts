import {
  KsmlAppObject,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  ProvisionerProcess,
  startProvisionerProcess,
  testbedReadmeEnv,
} from '@ksml-backstage/provisioner/src/testing';
import {
  dropFinalizers,
  kubectl,
  runHelmOnce,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  startTestbedBackend,
  TestbedBackend,
} from './__testUtils__/testbedBackend';

// An environment of the backend in operator mode: the portal's deploy writes a KsmlApp that a
// real provisioner process in operator mode installs; status reads its conditions; scale goes
// through the KsmlApp; undeploy deletes it, and the operator's finalizer uninstalls the release.
describe('an environment in operator mode', () => {
  let backend: TestbedBackend;
  let operator: ProvisionerProcess;
  const password = randomBytes(12).toString('hex');
  const app = {
    ...readmeDeployRequest,
    environment: 'ops',
    application: 'declared',
    kafkaProperties: {
      ...readmeDeployRequest.kafkaProperties,
      'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${password}";`,
    },
  };
  const release = 'dizzl-sandbox-ops-declared-ksml';
  const q = new URLSearchParams({
    tenant: app.tenant,
    instance: app.instance,
    environment: 'ops',
    application: app.application,
  }).toString();
  const k = (...args: string[]) =>
    kubectl(backend.env, ['--namespace', backend.namespace, ...args]);
  const ksmlApp = async (): Promise<KsmlAppObject> =>
    JSON.parse(await k('get', 'ksmlapp', release, '-o', 'json'));
  const helmRevisions = async () => {
    const result = await runHelmOnce(backend.env, [
      'history',
      release,
      '-n',
      backend.namespace,
      '--kube-context',
      backend.env.kubeContext,
      '-o',
      'json',
    ]);
    return result.code === 0
      ? (JSON.parse(result.stdout) as Array<{ revision: number }>).map(
          r => r.revision,
        )
      : [];
  };

  beforeAll(async () => {
    backend = await startTestbedBackend({
      namespacePrefix: 'operator-env',
      environments: { ops: { operator: true } },
    });
    operator = await startProvisionerProcess({
      ...testbedReadmeEnv(backend.env, { namespace: backend.namespace }),
      OPERATOR_MODE: 'true',
      OPERATOR_RESYNC_SECONDS: '5',
      OPERATOR_LEASE_DURATION_SECONDS: '4',
      OPERATOR_LEASE_NAME: `ksml-operator-${randomBytes(3).toString('hex')}`,
    });
  }, 90_000);

  afterAll(async () => {
    await operator?.kill();
    if (backend)
      await dropFinalizers(backend.env, backend.namespace, 'ksmlapps').catch(
        () => undefined,
      );
    await backend?.stop();
  }, 60_000);

  it('deploys by writing a KsmlApp, shows its conditions, scales through it and undeploys it', async () => {
    const deployed = await request(backend.server)
      .post('/api/ksml/deploy')
      .send(app);
    expect([deployed.status, deployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(deployed.body.helm).toMatchObject({ name: release, revision: 1 });
    expect(deployed.body.secretProperties).toEqual(['sasl.jaas.config']);

    // The KsmlApp holds the request, its secret in a Secret of its own.
    const declared = await ksmlApp();
    expect(declared.spec).toMatchObject({
      application: 'declared',
      environment: 'ops',
      kafkaSecretRef: { name: `${release}-kafka-properties` },
    });
    expect(JSON.stringify(declared)).not.toContain(password);
    const secret = JSON.parse(
      await k('get', 'secret', `${release}-kafka-properties`, '-o', 'json'),
    );
    expect(
      Buffer.from(secret.data['sasl.jaas.config'], 'base64').toString(),
    ).toContain(password);

    // The deploy answers once the operator has installed this generation, as a deploy through
    // Helm answers once `helm upgrade` is done (neither waits for the pods): Ready may still
    // say Starting, and turns Running when the operator next looks (within seconds).
    const readyOf = (body: KsmlStatusResponse) =>
      body.operator?.conditions.find(c => c.type === 'Ready');
    const status = await request(backend.server).get(`/api/ksml/status?${q}`);
    expect(status.status).toBe(200);
    expect(status.body.operator).toMatchObject({
      resource: `${backend.namespace}/${release}`,
      generation: 1,
      observedGeneration: 1,
    });
    expect(
      status.body.operator.conditions.find(
        (c: { type: string }) => c.type === 'Reconciling',
      ),
    ).toMatchObject({ status: 'False', reason: 'Installed' });
    expect(['Starting', 'Running']).toContain(readyOf(status.body)?.reason);
    const ready = await waitFor(
      async () => {
        const body = (
          await request(backend.server).get(`/api/ksml/status?${q}`)
        ).body as KsmlStatusResponse;
        return readyOf(body)?.status === 'True' ? body : undefined;
      },
      { description: 'the KsmlApp to be Ready', timeoutMs: 60_000 },
    );
    expect(readyOf(ready)).toMatchObject({ status: 'True', reason: 'Running' });
    expect(ready.kubernetes.status).toBe('Running');

    const scaled = await request(backend.server).post('/api/ksml/scale').send({
      tenant: app.tenant,
      instance: app.instance,
      environment: 'ops',
      application: app.application,
      replicas: 2,
    });
    expect([scaled.status, scaled.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(scaled.body.helm.revision).toBe(2);
    expect((await ksmlApp()).spec.replicas).toBe(2);

    const rolledBack = await request(backend.server)
      .post('/api/ksml/rollback')
      .send({
        tenant: app.tenant,
        instance: app.instance,
        environment: 'ops',
        application: app.application,
        revision: 1,
      });
    expect(rolledBack.status).toBe(409);
    expect(rolledBack.body.error.message).toContain('declared by a KsmlApp');

    const undeployed = await request(backend.server).delete(
      `/api/ksml/deploy?${q}`,
    );
    expect([undeployed.status, undeployed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    await expect(ksmlApp()).rejects.toThrow(/NotFound/);
    expect(await helmRevisions()).toEqual([]);
    await expect(
      k('get', 'secret', `${release}-kafka-properties`),
    ).rejects.toThrow(/NotFound/);
  }, 180_000);
});
