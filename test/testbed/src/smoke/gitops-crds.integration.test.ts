import { stringify } from 'yaml';
import { loadTestbedEnv, TestbedEnv } from '../env';
import { connectKube, createTestNamespace, TestbedKube } from '../kube';
import { dryRunApply } from '../kubectl';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}
const toYaml = (...manifests: Manifest[]): string =>
  manifests.map(m => stringify(m)).join('---\n');

// Flux's and Argo CD's CRDs are installed by test/testbed/crds.sh (no controllers run): the real
// API server validates manifests of those kinds against their published schemas.
describe('Flux and Argo CD manifests, validated by the API server', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'smoke-gitops');
  }, 30_000);
  afterAll(async () => {
    if (namespace) {
      await kube.core
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
  }, 60_000);

  const ociRepository = (): Manifest => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name: 'ksml-chart' },
    spec: {
      interval: '10m',
      url: `${env.registry.url}/${env.chart.name}`,
      ref: { tag: env.chart.version },
      secretRef: { name: 'ksml-registry' },
    },
  });
  const helmRelease = (): Manifest => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'ksml-app' },
    spec: {
      interval: '10m',
      chartRef: { kind: 'OCIRepository', name: 'ksml-chart' },
      values: { deploymentMode: 'StatefulSet', replicaCount: 1 },
    },
  });
  const application = (): Manifest => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'ksml-app' },
    spec: {
      project: 'default',
      source: {
        repoURL: env.registry.url.replace(/^oci:\/\//, ''),
        chart: env.chart.name,
        targetRevision: env.chart.version,
        helm: { valuesObject: { deploymentMode: 'StatefulSet' } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });

  it('accepts an OCIRepository and a HelmRelease whose chartRef points at it', async () => {
    const manifests = toYaml(ociRepository(), helmRelease());
    const result = await dryRunApply(manifests, { namespace });
    expect(result).toMatchObject({ ok: true, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual([
      'ocirepository.source.toolkit.fluxcd.io/ksml-chart',
      'helmrelease.helm.toolkit.fluxcd.io/ksml-app',
    ]);
    // A dry run stores nothing: the same objects are accepted again, not "already exists".
    expect(await dryRunApply(manifests, { namespace })).toMatchObject({
      ok: true,
    });
  }, 30_000);

  it('accepts an Argo CD Application', async () => {
    const result = await dryRunApply(toYaml(application()), { namespace });
    expect(result).toMatchObject({ ok: true, stderr: '' });
    expect(result.stdout.trim()).toBe('application.argoproj.io/ksml-app');
  }, 30_000);

  it('refuses a HelmRelease with an unknown spec field, naming it', async () => {
    const release = helmRelease();
    release.spec.releaseNam = 'typo'; // for releaseName
    const result = await dryRunApply(toYaml(ociRepository(), release), {
      namespace,
    });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('unknown field "spec.releaseNam"');
    // The valid object of the same batch still passed.
    expect(result.stdout.trim()).toBe(
      'ocirepository.source.toolkit.fluxcd.io/ksml-chart',
    );
  }, 30_000);

  it('refuses an Application with a field of the wrong type, naming it', async () => {
    const app = application();
    app.spec.syncPolicy = { automated: true }; // an object in the schema
    const result = await dryRunApply(toYaml(app), { namespace });
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(
      /spec\.syncPolicy\.automated: Invalid value: "boolean": .*must be of type object/,
    );
    expect(result.stdout).toBe('');
  }, 30_000);
});
