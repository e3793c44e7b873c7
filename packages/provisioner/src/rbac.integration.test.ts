import type { V1PolicyRule, V1Role } from '@kubernetes/client-node';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './testing/call';
import {
  installProvisionerChart,
  serviceAccountKubeconfig,
} from './__testUtils__/chartInstall';
import {
  ProvisionerProcess,
  startProvisionerProcess,
  testbedReadmeEnv,
} from './testing';

// Integration: the provisioner chart installed into the test bed (its pod is simulated), and the
// server run with a kubeconfig holding that chart's ServiceAccount token, so the real API
// server's RBAC decides with exactly the chart's Role. Every route works under it, and removing
// each rule breaks the operation that needs it with a 403 naming the resource.
describe('the provisioner chart: its Role is sufficient and needed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let provisionerNs: string;
  let appsNs: string;
  let work: string;
  let kubeconfig: string;
  let server: ProvisionerProcess;
  let fullRules: V1PolicyRule[];
  const roleName = 'prov-ksml-provisioner';

  const readmeEnv = (extra: Record<string, string> = {}) => ({
    ...testbedReadmeEnv(env, { namespace: appsNs, kubeconfig }),
    ...extra,
  });
  const query = (application: string, more = '') =>
    `tenant=dizzl&instance=sandbox&environment=dev&application=${application}${more}`;
  const app = (application: string, extra: Record<string, unknown> = {}) => ({
    ...readmeDeployRequest,
    application,
    ...extra,
  });
  const rbac = () => kube.config.makeApiClient(kube.k8s.RbacAuthorizationV1Api);

  /** Replaces the Role's rules and waits until the API server's authorizer sees the change. */
  const setRules = async (
    rules: V1PolicyRule[],
    probe: { group: string; resource: string; allowed: boolean },
  ) => {
    const role: V1Role = await rbac().readNamespacedRole({
      name: roleName,
      namespace: appsNs,
    });
    await rbac().replaceNamespacedRole({
      name: roleName,
      namespace: appsNs,
      body: { ...role, rules },
    });
    const [resource, subresource] = probe.resource.split('/');
    const authz = kube.config.makeApiClient(kube.k8s.AuthorizationV1Api);
    await waitFor(
      async () => {
        const review = await authz.createSubjectAccessReview({
          body: {
            spec: {
              user: `system:serviceaccount:${provisionerNs}:${roleName}`,
              groups: ['system:serviceaccounts'],
              resourceAttributes: {
                namespace: appsNs,
                group: probe.group,
                resource,
                subresource,
                verb: 'get',
              },
            },
          },
        });
        return Boolean(review.status?.allowed) === probe.allowed
          ? true
          : undefined;
      },
      {
        description: `RBAC to see the Role change`,
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
  };

  /** The chart's rules without one resource of one API group. */
  const without = (group: string, resource: string): V1PolicyRule[] =>
    fullRules
      .map(rule =>
        rule.apiGroups?.includes(group)
          ? { ...rule, resources: rule.resources?.filter(r => r !== resource) }
          : rule,
      )
      .filter(rule => (rule.resources ?? []).length > 0);

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    provisionerNs = await createTestNamespace(kube, 'prov-chart');
    appsNs = await createTestNamespace(kube, 'prov-apps');
    work = mkdtempSync(join(tmpdir(), 'ksml-prov-rbac-'));

    // helm install of the chart, as a platform team would (admin rights for the install).
    fullRules = await installProvisionerChart(env, kube, {
      release: 'prov',
      namespace: provisionerNs,
      appsNamespace: appsNs,
    });
    // A kubeconfig holding only the chart's ServiceAccount token.
    kubeconfig = await serviceAccountKubeconfig(
      kube,
      { name: roleName, namespace: provisionerNs },
      work,
    );
    server = await startProvisionerProcess(readmeEnv());
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const name of [appsNs, provisionerNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('installs the chart: its Deployment runs as its ServiceAccount, the Role lives where the apps go', async () => {
    const deployment = await kube.apps.readNamespacedDeployment({
      name: roleName,
      namespace: provisionerNs,
    });
    expect(deployment.spec?.template.spec?.serviceAccountName).toBe(roleName);
    expect(deployment.status?.readyReplicas).toBe(1);
    const env_ = deployment.spec?.template.spec?.containers[0].env ?? [];
    expect(env_).toContainEqual({ name: 'NAMESPACE', value: appsNs });
    expect(fullRules.map(r => `${r.apiGroups}:${r.resources}`)).toEqual([
      ':configmaps,pods,pods/log,secrets,serviceaccounts,services,persistentvolumeclaims',
      ':pods/proxy',
      'metrics.k8s.io:pods',
      'apps:statefulsets',
      'batch:jobs',
      'monitoring.coreos.com:prometheusrules,servicemonitors',
      'networking.k8s.io:ingresses,networkpolicies',
    ]);
  });

  it('deploys, reads status, logs and metrics, and undeploys with storage under exactly that Role', async () => {
    const deployed = await call(server.url, 'POST', '/deploy', {
      body: app('rbac-app', {
        replicas: 2,
        storage: { size: '1Gi' },
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'sasl.jaas.config':
            'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
        },
      }),
    });
    expect(deployed.body).toMatchObject({ helm: { status: 'deployed' } });
    await waitFor(
      async () => {
        const res = await call(
          server.url,
          'GET',
          `/status?${query('rbac-app')}`,
        );
        return res.body.kubernetes?.status === 'Running' ? true : undefined;
      },
      { description: 'rbac-app Running', timeoutMs: 90_000 },
    );
    const logs = await call(
      server.url,
      'GET',
      `/logs?${query('rbac-app', '&tailLines=1')}`,
    );
    expect(logs.status).toBe(200);
    expect(logs.body.logs.every((l: { error?: string }) => !l.error)).toBe(
      true,
    );
    const metrics = await waitFor(
      async () => {
        const res = await call(
          server.url,
          'GET',
          `/metrics?${query('rbac-app')}`,
        );
        // Both replicas measured: metrics-server scrapes new pods one by one.
        return res.status === 200 && res.body.replicas?.length === 2
          ? res.body
          : undefined;
      },
      { description: 'metrics', timeoutMs: 150_000, intervalMs: 5000 },
    );
    expect(metrics.memory.usedMb).toBe('1024');
  }, 300_000);

  it.each([
    ['', 'pods', '/status'],
    ['', 'pods/log', '/logs'],
    ['metrics.k8s.io', 'pods', '/metrics'],
    ['apps', 'statefulsets', '/status'],
    ['', 'secrets', '/status'],
  ])(
    'without %j %s, GET %s is a 403 naming it',
    async (group, resource, route) => {
      await setRules(without(group, resource), {
        group,
        resource,
        allowed: false,
      });
      // A provisioner started under the reduced Role: a running one keeps serving from the
      // watches it opened with the full Role until they reconnect (as any controller's
      // informers do), so a revoked right shows there within the watch timeout, not at once.
      const reduced = await startProvisionerProcess(readmeEnv());
      try {
        const res = await call(
          reduced.url,
          'GET',
          `${route}?${query('rbac-app')}`,
        );
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(res.body.error.message).toContain(resource.split('/')[0]);
      } finally {
        await reduced.stop();
        await setRules(fullRules, { group, resource, allowed: true });
      }
    },
    60_000,
  );

  it("without pods/proxy, status still answers, each replica's Kafka Streams Unknown: MetricsForbidden", async () => {
    // kwok's pods run no runner: with the right, the pod proxy reaches no metrics endpoint.
    const streamsOf = async (url: string) =>
      waitFor(
        async () => {
          const res = await call(url, 'GET', `/status?${query('rbac-app')}`);
          expect(res.status).toBe(200);
          const streams = res.body.kubernetes.streams ?? [];
          return streams.length === 2 &&
            streams.every((r: { reason?: string }) => r.reason !== 'NotYetRead')
            ? streams
            : undefined;
        },
        { description: 'the replicas to be read', timeoutMs: 30_000 },
      );
    expect(await streamsOf(server.url)).toEqual([
      expect.objectContaining({
        state: 'Unknown',
        reason: 'MetricsUnreachable',
      }),
      expect.objectContaining({
        state: 'Unknown',
        reason: 'MetricsUnreachable',
      }),
    ]);
    const group = '';
    const resource = 'pods/proxy';
    await setRules(without(group, resource), {
      group,
      resource,
      allowed: false,
    });
    const reduced = await startProvisionerProcess(readmeEnv());
    try {
      const streams = await streamsOf(reduced.url);
      expect(streams).toEqual([
        expect.objectContaining({
          state: 'Unknown',
          reason: 'MetricsForbidden',
        }),
        expect.objectContaining({
          state: 'Unknown',
          reason: 'MetricsForbidden',
        }),
      ]);
      expect(streams[0].message).toContain('pods/proxy');
    } finally {
      await reduced.stop();
      await setRules(fullRules, { group, resource, allowed: true });
    }
  }, 90_000);

  it.each([
    ['', 'configmaps', {}],
    ['', 'secrets', {}],
    ['', 'services', {}],
    ['', 'serviceaccounts', {}],
    ['apps', 'statefulsets', {}],
    ['batch', 'jobs', { deploymentMode: 'Job' }],
  ])(
    'without %j %s, a deploy is a 403 naming it and starts no pod',
    async (group, resource, extra) => {
      const name = `no-${resource.replace(/[^a-z]/g, '')}`;
      await setRules(without(group, resource), {
        group,
        resource,
        allowed: false,
      });
      try {
        const res = await call(server.url, 'POST', '/deploy', {
          body: app(name, extra),
        });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(resource);
        const pods = await kube.core.listNamespacedPod({
          namespace: appsNs,
          labelSelector: `app.kubernetes.io/instance=dizzl-sandbox-dev-${name}-ksml`,
        });
        expect(pods.items).toEqual([]);
      } finally {
        await setRules(fullRules, { group, resource, allowed: true });
      }
    },
    60_000,
  );

  it('without networking.k8s.io rules, an app whose custom values enable a NetworkPolicy or Ingress cannot deploy', async () => {
    const values = join(work, 'custom-values.yaml');
    writeFileSync(
      values,
      'networkPolicy:\n  enabled: true\ningress:\n  enabled: true\n',
    );
    const networked = await startProvisionerProcess(
      readmeEnv({ CUSTOM_VALUES_FILE: values }),
    );
    try {
      for (const resource of ['networkpolicies', 'ingresses']) {
        const group = 'networking.k8s.io';
        await setRules(without(group, resource), {
          group,
          resource,
          allowed: false,
        });
        try {
          const res = await call(networked.url, 'POST', '/deploy', {
            body: app(`net-${resource}`),
          });
          expect(res.status).toBe(403);
          expect(res.body.error.message).toContain(resource);
        } finally {
          await setRules(fullRules, { group, resource, allowed: true });
        }
      }
      // With the whole Role it deploys.
      const ok = await call(networked.url, 'POST', '/deploy', {
        body: app('net-ok'),
      });
      expect(ok.status).toBe(200);
    } finally {
      await networked.stop();
    }
  }, 120_000);

  it('without persistentvolumeclaims, undeploy with deleteStorage is a 403; with it the claims go', async () => {
    const group = '';
    const resource = 'persistentvolumeclaims';
    await setRules(without(group, resource), {
      group,
      resource,
      allowed: false,
    });
    let refused;
    try {
      refused = await call(
        server.url,
        'DELETE',
        `/deploy?${query('rbac-app', '&deleteStorage=true')}`,
      );
    } finally {
      await setRules(fullRules, { group, resource, allowed: true });
    }
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(resource);
    // The release went before the claims were refused; the claims stayed.
    const claims = await kube.core.listNamespacedPersistentVolumeClaim({
      namespace: appsNs,
    });
    expect(claims.items.length).toBeGreaterThan(0);

    await call(server.url, 'POST', '/deploy', {
      body: app('rbac-app', { storage: { size: '1Gi' } }),
    });
    const undeployed = await call(
      server.url,
      'DELETE',
      `/deploy?${query('rbac-app', '&deleteStorage=true')}`,
    );
    expect(undeployed.status).toBe(200);
    expect(undeployed.body.deletedClaims).toEqual(
      expect.arrayContaining(['ksml-store-dizzl-sandbox-dev-rbac-app-ksml-0']),
    );
  }, 120_000);
});
