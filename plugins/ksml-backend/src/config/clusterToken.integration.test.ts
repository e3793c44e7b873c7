import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  testbedChartConfig,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import request from 'supertest';
import { ksmlPlugin } from '../plugin';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** The KSML Provisioner 0.5.0 readme's "Required Kubernetes Permissions" table, as a Role. */
const readmeRoleRules = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'pods',
      'pods/log',
      'secrets',
      'serviceaccounts',
      'services',
      'persistentvolumeclaims',
    ],
  },
  {
    apiGroups: ['metrics.k8s.io'],
    resources: ['pods'],
    verbs: ['get', 'list'],
  },
  { apiGroups: ['apps'], resources: ['statefulsets'] },
  { apiGroups: ['batch'], resources: ['jobs'] },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['prometheusrules', 'servicemonitors'],
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'networkpolicies'],
  },
].map(rule => ({
  verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
  ...rule,
}));

// A cluster given as URL + token + CA (no kubeconfig), authenticated as a ServiceAccount that
// holds only the readme's permissions in one namespace: the real API server's RBAC decides.
describe('a URL + token cluster with only the readme permissions', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'token');
  }, 60_000);
  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  it('deploys and reads status, logs and metrics through the token', async () => {
    const rbac = kube.config.makeApiClient(kube.k8s.RbacAuthorizationV1Api);
    await kube.core.createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name: 'ksml-provisioner' } },
    });
    await rbac.createNamespacedRole({
      namespace,
      body: { metadata: { name: 'ksml-provisioner' }, rules: readmeRoleRules },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'ksml-provisioner' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'ksml-provisioner',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'ksml-provisioner', namespace },
        ],
      },
    });
    const token = await kube.core.createNamespacedServiceAccountToken({
      name: 'ksml-provisioner',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const cluster = kube.config.getCurrentCluster()!;

    const backend = await startTestBackend({
      features: [
        // No catalog entities: every app counts as one no entity describes.
        catalogServiceMock.factory(),
        ksmlPlugin,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              namespace,
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary },
              cluster: {
                url: cluster.server,
                token: token.status!.token,
                caFile: cluster.caFile,
              },
            },
          },
        }),
      ],
    });
    try {
      const deploy = await request(backend.server)
        .post('/api/ksml/deploy')
        .send(readmeDeployRequest);
      expect(deploy.status).toBe(200);
      expect(deploy.body.helm.namespace).toBe(namespace);

      const q =
        'tenant=dizzl&instance=sandbox&environment=dev&application=sensor-inspector';
      const running = await waitFor(
        async () => {
          const res = await request(backend.server).get(
            `/api/ksml/status?${q}`,
          );
          return res.body.kubernetes?.status === 'Running'
            ? res.body
            : undefined;
        },
        { description: 'Running', timeoutMs: 90_000 },
      );
      expect(running.kubernetes.readyReplicas).toBe(1);
      const logs = await request(backend.server).get(
        `/api/ksml/logs?${q}&tailLines=1`,
      );
      expect(logs.status).toBe(200);
      expect(logs.body.logs[0].error).toBeUndefined();
      const metrics = await waitFor(
        async () => {
          const res = await request(backend.server).get(
            `/api/ksml/metrics?${q}`,
          );
          return res.status === 200 ? res.body : undefined;
        },
        { description: 'metrics', timeoutMs: 150_000, intervalMs: 5000 },
      );
      expect(metrics.memory.usedMb).toBe('512');
      expect(
        (
          await request(backend.server).delete(
            `/api/ksml/deploy?${q}&deleteStorage=true`,
          )
        ).status,
      ).toBe(200);
    } finally {
      await backend.stop();
    }
    // The token really is limited: the API server refuses it outside its namespace.
    const limited = new kube.k8s.KubeConfig();
    limited.loadFromOptions({
      clusters: [{ name: 'c', server: cluster.server, caFile: cluster.caFile }],
      users: [{ name: 'u', token: token.status!.token }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(
      limited
        .makeApiClient(kube.k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'default' }),
    ).rejects.toMatchObject({ code: 403 });
  }, 300_000);
});
