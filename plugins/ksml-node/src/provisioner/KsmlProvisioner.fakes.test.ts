import type { V1Pod, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { HelmClient } from '../helm/HelmClient';
import { KsmlKubeClient } from '../kube/roles';
import { KsmlProvisioner } from './KsmlProvisioner';

// Unit tests with fake Kubernetes and Helm clients, for paths the test bed cannot produce on
// demand: one replica whose log cannot be read, a cluster without metrics, a Helm failure after
// the Secret was written.
const ref = {
  tenant: 't',
  instance: 'i',
  environment: 'dev',
  application: 'a',
};
const release = 't-i-dev-a-ksml';
const pod = (name: string): V1Pod => ({ metadata: { name } });

/** A Helm client that installs nothing: every call fails unless a test gives it a fake. */
function fakeHelm(overrides: Partial<HelmClient> = {}): HelmClient {
  const unused = async () => {
    throw new Error('not used by this test');
  };
  return {
    upgradeInstall: unused,
    uninstall: unused,
    rollback: unused,
    maxRunMs: 60_000,
    chartFiles: async () => ({ defaults: {} }),
    close: async () => {},
    ...overrides,
  };
}

function provisionerWith(
  kube: Partial<KsmlKubeClient>,
  helm: HelmClient = fakeHelm(),
): KsmlProvisioner {
  const client: KsmlKubeClient = {
    readWorkload: async () => undefined,
    listPods: async () => [],
    readLog: async () => '',
    podUsage: async () => [],
    deleteClaims: async () => [],
    readSecret: async () => undefined,
    writeSecret: async () => ({}),
    deleteSecret: async () => false,
    readHelmRelease: async () => undefined,
    helmRecords: async () => [],
    readHelmRevisions: async () => [],
    restartStatefulSet: async () => {},
    listEvents: async () => [],
    listClaims: async () => [],
    streamLog: async () => (async function* nothing() {})(),
    ...kube,
  };
  return KsmlProvisioner.create({
    helm,
    resolveTarget: () => ({ namespace: 'ns' }),
    connectKube: async () => client,
  });
}

describe("KsmlProvisioner.status reads the runner's log", () => {
  const helmRelease = {
    name: release,
    namespace: 'ns',
    revision: 1,
    status: 'deployed',
    deployedAt: '2026-12-06T00:00:00Z',
    chart: 'ksml',
    version: '1.3.0',
    appVersion: '1.3.0',
  };
  const statefulSet = {
    kind: 'StatefulSet' as const,
    object: {
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 0 },
    } as V1StatefulSet,
  };
  const runnerPod = (state: object, restartCount: number): V1Pod => ({
    metadata: { name: `${release}-0` },
    spec: { containers: [] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'ksml',
          image: 'ksml',
          imageID: 'ksml',
          ready: false,
          restartCount,
          ...state,
        },
      ],
    },
  });
  const refused =
    'org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password';
  const logs = (current: string, previous = '') =>
    jest.fn(async (_pod: string, _lines: number, o?: { previous?: boolean }) =>
      o?.previous ? previous : current,
    );

  it('makes a runner that runs unready because the broker refused it Failing, with the cause', async () => {
    const readLog = logs(`INFO starting\nERROR ${refused}\n\tat Foo.bar`);
    const status = await provisionerWith({
      readHelmRelease: async () => helmRelease,
      readWorkload: async () => statefulSet,
      listPods: async () => [
        runnerPod({ state: { running: { startedAt: new Date() } } }, 0),
      ],
      readLog,
    }).status(ref);
    expect(status.kubernetes).toMatchObject({
      status: 'Failing',
      reason: 'KafkaAuthenticationFailed',
      message:
        'SaslAuthenticationException: Authentication failed: Invalid username or password',
      hint: expect.stringContaining('sasl.jaas.config'),
      logTail: expect.stringContaining(refused),
    });
    expect(readLog).toHaveBeenCalledWith(`${release}-0`, 200, {
      previous: false,
    });
  });

  it("reads a restarted runner's previous run when its current one says nothing yet", async () => {
    const status = await provisionerWith({
      readHelmRelease: async () => helmRelease,
      readWorkload: async () => statefulSet,
      listPods: async () => [
        runnerPod({ state: { running: { startedAt: new Date() } } }, 3),
      ],
      readLog: logs('INFO starting', `ERROR ${refused}`),
    }).status(ref);
    expect(status.kubernetes.reason).toBe('KafkaAuthenticationFailed');
  });

  it('keeps an unready runner Starting when its log names nothing it cannot get past', async () => {
    const status = await provisionerWith({
      readHelmRelease: async () => helmRelease,
      readWorkload: async () => statefulSet,
      listPods: async () => [
        runnerPod({ state: { running: { startedAt: new Date() } } }, 0),
      ],
      readLog: logs(
        'WARN [Consumer clientId=x] Connection to node -1 (kafka/10.0.0.9:9092) could not be established. Node may not be available.',
      ),
    }).status(ref);
    expect(status.kubernetes).toMatchObject({
      status: 'Starting',
      reason: 'BrokerUnreachable',
      hint: expect.stringContaining('bootstrap.servers'),
    });
    expect(status.kubernetes.logTail).toBeUndefined();
  });

  it('reads the log of a live unready runner, not of one on its way out', async () => {
    const leaving = runnerPod(
      { state: { running: { startedAt: new Date() } } },
      0,
    );
    leaving.metadata = { name: `${release}-1`, deletionTimestamp: new Date() };
    const starting = runnerPod(
      { state: { running: { startedAt: new Date() } } },
      0,
    );
    const readLog = jest.fn(async (name: string) =>
      name === `${release}-1` ? `ERROR ${refused}` : 'INFO starting',
    );
    const status = await provisionerWith({
      readHelmRelease: async () => helmRelease,
      readWorkload: async () => statefulSet,
      listPods: async () => [leaving, starting],
      readLog,
    }).status(ref);
    expect(status.kubernetes).toMatchObject({
      status: 'Starting',
      reason: 'NotReady',
    });
    expect(readLog).toHaveBeenCalledWith(`${release}-0`, 200, {
      previous: false,
    });
    expect(readLog).not.toHaveBeenCalledWith(
      `${release}-1`,
      expect.anything(),
      expect.anything(),
    );
  });

  it("names a crash loop's cause from the previous run, and keeps an OOM kill as its own cause", async () => {
    const crashing = (lastReason: string) =>
      runnerPod(
        {
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { reason: lastReason, exitCode: 1 } },
        },
        4,
      );
    const read = (lastReason: string) =>
      provisionerWith({
        readHelmRelease: async () => helmRelease,
        readWorkload: async () => statefulSet,
        listPods: async () => [crashing(lastReason)],
        readLog: logs('', `ERROR ${refused}`),
      }).status(ref);
    expect((await read('Error')).kubernetes).toMatchObject({
      status: 'Failing',
      reason: 'KafkaAuthenticationFailed',
      logTail: `ERROR ${refused}`,
    });
    expect((await read('OOMKilled')).kubernetes).toMatchObject({
      status: 'Failing',
      reason: 'OOMKilled',
      logTail: `ERROR ${refused}`,
    });
  });
});

describe('KsmlProvisioner.logs', () => {
  it('returns an error entry for a replica whose log fails, and the others', async () => {
    const provisioner = provisionerWith({
      listPods: async () => [pod(`${release}-0`), pod(`${release}-1`)],
      readLog: async name => {
        if (name.endsWith('-1'))
          throw new Error('container "ksml" in pod is waiting to start');
        return 'line\n';
      },
    });
    expect(await provisioner.logs(ref, 5)).toEqual({
      tailLines: 5,
      logs: [
        { replicaName: '0', lines: 'line\n' },
        {
          replicaName: '1',
          lines: '',
          error: 'container "ksml" in pod is waiting to start',
        },
      ],
    });
  });

  it.each([0, -1, 1.5, 10_001])('refuses tailLines %p', async tailLines => {
    await expect(
      provisionerWith({}).logs(ref, tailLines),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'tailLines: must be a whole number from 1 to 10000',
    });
  });

  it('is a 404 when the app has no pods', async () => {
    await expect(provisionerWith({}).logs(ref)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('KsmlProvisioner.metrics', () => {
  it('passes on the reason when metrics.k8s.io is missing', async () => {
    const provisioner = provisionerWith({
      podUsage: async () => {
        throw new NotFoundError(
          'Metrics are not available: the cluster has no working metrics.k8s.io API (install metrics-server)',
        );
      },
    });
    await expect(provisioner.metrics(ref)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('metrics-server'),
    });
  });

  it('is a 404 saying figures are not there yet when the pods have none', async () => {
    await expect(provisionerWith({}).metrics(ref)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('No metrics yet for t-i-dev-a-ksml'),
    });
  });

  it('sums the replicas and rounds to whole millicores and MB', async () => {
    const provisioner = provisionerWith({
      podUsage: async () => [
        {
          pod: `${release}-0`,
          cpuMillicores: 250.4,
          memoryBytes: 512 * 1024 * 1024,
        },
        {
          pod: `${release}-1`,
          cpuMillicores: 100.2,
          memoryBytes: 256.6 * 1024 * 1024,
        },
      ],
    });
    expect(await provisioner.metrics(ref)).toEqual({
      cpu: { usedMillicores: '351' },
      memory: { usedMb: '769' },
      replicas: [
        {
          replicaName: '0',
          cpu: { usedMillicores: '250' },
          memory: { usedMb: '512' },
        },
        {
          replicaName: '1',
          cpu: { usedMillicores: '100' },
          memory: { usedMb: '257' },
        },
      ],
    });
  });
});

describe('KsmlProvisioner.deploy with secret Kafka properties', () => {
  const secure = deployRequestSchema.parse({
    ...readmeDeployRequest,
    kafkaProperties: {
      'bootstrap.servers': 'b:9093',
      'sasl.jaas.config': 'jaas-with-password',
    },
  });
  const secretName = 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka';

  /** A fake Secret store with the calls made on it. */
  function secretStore(initial?: V1Secret) {
    let stored = initial;
    const calls: string[] = [];
    const kube: Partial<KsmlKubeClient> = {
      readSecret: async () => stored,
      writeSecret: async secret => {
        calls.push(`write ${Object.keys(secret.data).join(',')}`);
        stored = {
          metadata: {
            name: secret.name,
            labels: secret.labels,
            resourceVersion: String(calls.length),
          },
          data: Object.fromEntries(
            Object.entries(secret.data).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          ),
        };
        return stored;
      },
      deleteSecret: async () => {
        calls.push('delete');
        stored = undefined;
        return true;
      },
    };
    return { kube, calls, current: () => stored };
  }

  it('writes the Secret first and has Helm post-render env from it, marked with its version', async () => {
    const store = secretStore();
    const upgradeInstall = jest.fn(async () => ({
      name: 'r',
      chart: 'ksml',
      version: '1',
      appVersion: '1',
      namespace: 'ns',
      revision: 1,
      status: 'deployed',
      deployedAt: 'now',
    }));
    const result = await provisionerWith(
      store.kube,
      fakeHelm({ upgradeInstall }),
    ).deploy(secure);
    expect(result.secretProperties).toEqual(['sasl.jaas.config']);
    expect(store.calls).toEqual(['write sasl.jaas.config']);
    const [[install]] = upgradeInstall.mock.calls as any;
    expect(install.postRender).toMatchObject({
      kind: 'StatefulSet',
      container: 'ksml',
      env: [
        {
          name: 'KSML_SECRET_SASL_JAAS_CONFIG',
          valueFrom: {
            secretKeyRef: { name: secretName, key: 'sasl.jaas.config' },
          },
        },
      ],
      podAnnotations: { 'ksml-backstage/kafka-secret-version': '1' },
    });
    expect(JSON.stringify(install)).not.toContain('jaas-with-password');
  });

  it('deletes a Secret it created when Helm fails, and puts back the previous one on an upgrade', async () => {
    const failing = fakeHelm({
      upgradeInstall: async () => {
        throw new Error('helm upgrade --install failed');
      },
    });
    const fresh = secretStore();
    await expect(
      provisionerWith(fresh.kube, failing).deploy(secure),
    ).rejects.toThrow('helm upgrade --install failed');
    expect(fresh.calls).toEqual(['write sasl.jaas.config', 'delete']);
    expect(fresh.current()).toBeUndefined();

    const previous: V1Secret = {
      metadata: {
        name: secretName,
        resourceVersion: '7',
        labels: { 'app.kubernetes.io/managed-by': 'ksml-provisioner' },
      },
      data: { 'sasl.jaas.config': Buffer.from('old').toString('base64') },
    };
    const upgrade = secretStore(previous);
    await expect(
      provisionerWith(upgrade.kube, failing).deploy(secure),
    ).rejects.toThrow('helm upgrade --install failed');
    expect(upgrade.calls).toEqual([
      'write sasl.jaas.config',
      'write sasl.jaas.config',
    ]);
    expect(
      Buffer.from(
        upgrade.current()!.data!['sasl.jaas.config'],
        'base64',
      ).toString(),
    ).toBe('old');
  });

  it('never overwrites a Secret of that name that it does not own', async () => {
    const foreign = secretStore({
      metadata: { name: secretName, labels: {} },
      data: {},
    });
    await expect(
      provisionerWith(foreign.kube).deploy(secure),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(foreign.calls).toEqual([]);
  });

  it("refuses values the chart's schema rejects before touching the cluster", async () => {
    const store = secretStore();
    const strict = fakeHelm({
      chartFiles: async () => ({
        defaults: {},
        schema: {
          type: 'object',
          properties: { replicaCount: { type: 'integer', maximum: 0 } },
        },
      }),
    });
    await expect(
      provisionerWith(store.kube, strict).deploy(secure),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('replicaCount: must be <= 0'),
    });
    expect(store.calls).toEqual([]);
  });
});

describe("KsmlProvisioner's custom values per environment", () => {
  const provisioner = KsmlProvisioner.create({
    helm: fakeHelm(),
    resolveTarget: environment => ({ namespace: `ksml-${environment}` }),
    customValues: {
      podAnnotations: { 'example.com/team': 'platform' },
      nodeSelector: { pool: 'shared' },
    },
    environmentValues: environment =>
      environment === 'dev'
        ? {
            podAnnotations: { 'example.com/cost-centre': 'dev' },
            nodeSelector: { pool: 'dev-runners' },
            tolerations: [{ key: 'dev', operator: 'Exists' }],
          }
        : undefined,
  });
  const request = (environment: string) =>
    deployRequestSchema.parse({ ...readmeDeployRequest, environment });

  it("layers an environment's values over everyone's, as Helm layers values files", async () => {
    const { values } = await provisioner.render(request('dev'));
    expect(values).toMatchObject({
      podAnnotations: {
        'example.com/team': 'platform',
        'example.com/cost-centre': 'dev',
      },
      nodeSelector: { pool: 'dev-runners' },
      tolerations: [{ key: 'dev', operator: 'Exists' }],
    });
  });

  it('gives an environment without values of its own only everyone’s', async () => {
    const { values } = await provisioner.render(request('prod'));
    expect(values.podAnnotations).toEqual({ 'example.com/team': 'platform' });
    expect(values.nodeSelector).toEqual({ pool: 'shared' });
    expect(values).not.toHaveProperty('tolerations');
  });
});

describe('KsmlProvisioner.definition', () => {
  const revision = (version: number, status: string, definition: string) => ({
    name: release,
    namespace: 'ns',
    version,
    info: { status, last_deployed: '2026-12-06T00:00:00Z' },
    config: {
      replicaCount: version,
      deploymentMode: 'StatefulSet',
      ksmlRunnerConfig: {
        definitions: { a: 'a.yaml' },
        kafka: { 'application.id': 'my-app' },
      },
      ksmlDefinitions: { 'a.yaml': definition },
      schemaDefinitions: { 'In.avsc': '"string"' },
    },
  });
  // Newest first, as Helm's records are read: the last upgrade failed, 2 still runs.
  const provisioner = provisionerWith({
    readHelmRevisions: async () => [
      revision(3, 'failed', 'three'),
      revision(2, 'deployed', 'two'),
      revision(1, 'superseded', 'one'),
    ],
  });

  it('reads what the deployed revision runs, or the revision asked for', async () => {
    expect(await provisioner.definition(ref)).toEqual({
      revision: 2,
      status: 'deployed',
      deployedAt: '2026-12-06T00:00:00Z',
      applicationId: 'my-app',
      definitions: { a: 'two' },
      schemas: [{ schemaFileName: 'In.avsc', schemaBody: '"string"' }],
      replicas: 2,
      deploymentMode: 'StatefulSet',
    });
    expect(await provisioner.definition(ref, { revision: 1 })).toMatchObject({
      revision: 1,
      status: 'superseded',
      definitions: { a: 'one' },
    });
  });

  it('is a 404 naming the revisions Helm keeps, or saying the app is not deployed', async () => {
    await expect(provisioner.definition(ref, { revision: 7 })).rejects.toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        reason: 'RevisionNotFound',
        message: `revision: ${release} has no revision 7; Helm keeps 1, 2, 3`,
      }),
    );
    for (const options of [{}, { revision: 1 }]) {
      await expect(
        provisionerWith({}).definition(ref, options),
      ).rejects.toThrow(
        expect.objectContaining({
          name: 'NotFoundError',
          reason: 'NotDeployed',
          message: `${release} is not deployed in namespace ns`,
        }),
      );
    }
  });
});
