import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { fakeKsml, renderedApp } from '../testing/fakeKsml';
import { createKsmlRenderAction } from './render';

describe('ksml:app:render', () => {
  const workspace = createMockDirectory();
  const input = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
    definition:
      'streams:\n  a: {topic: a, keyType: string, valueType: string}\n  b: {topic: b, keyType: string, valueType: string}\npipelines:\n  p:\n    from: a\n    to: b\n',
    kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
  };
  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    overrides: Record<string, unknown> = {},
  ) => {
    const ctx = createMockActionContext({
      input: { ...input, ...overrides } as any,
      workspacePath: workspace.path,
    });
    const action = createKsmlRenderAction({ ksml, auth: mockServices.auth() });
    return { done: action.handler(ctx as any), ctx };
  };
  const read = (path: string) => readFileSync(workspace.resolve(path), 'utf8');

  beforeEach(() => workspace.clear());

  it('writes values.yaml, the Flux pair with the secret post-renderer, the Argo CD kustomization and Application, and a README naming the Secret', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(ksml, {
      registrySecretName: 'ksml-chart-registry',
      argoCdSourceRepoUrl: 'https://git.example.com/platform/gitops.git',
    });
    await done;
    expect(ksml.deploy).not.toHaveBeenCalled();

    expect(parse(read('deploy/dev/values.yaml'))).toEqual(renderedApp.values);

    const [source, release] = parseAllDocuments(
      read('deploy/dev/flux/helmrelease.yaml'),
    ).map(d => d.toJS());
    expect(source).toMatchObject({
      kind: 'OCIRepository',
      metadata: { name: renderedApp.release, namespace: 'ksml-dev' },
      spec: {
        url: 'oci://registry.example.com/charts/ksml',
        ref: { tag: '0.1.0' },
        secretRef: { name: 'ksml-chart-registry' },
      },
    });
    expect(release).toMatchObject({
      kind: 'HelmRelease',
      spec: {
        releaseName: renderedApp.release,
        chartRef: { kind: 'OCIRepository', name: renderedApp.release },
        values: renderedApp.values,
        postRenderers: [
          { kustomize: { patches: renderedApp.postRenderPatches } },
        ],
      },
    });

    // Argo CD's Helm source cannot post-render: kustomize inflates the chart and patches it.
    expect(parse(read('deploy/dev/argocd/kustomization.yaml'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: 'ksml-dev',
      helmCharts: [
        {
          name: 'ksml',
          repo: 'oci://registry.example.com/charts',
          version: '0.1.0',
          releaseName: renderedApp.release,
          namespace: 'ksml-dev',
          valuesInline: renderedApp.values,
        },
      ],
      patches: renderedApp.postRenderPatches,
    });
    expect(parse(read('deploy/dev/argocd/application.yaml'))).toMatchObject({
      kind: 'Application',
      metadata: { namespace: 'argocd' },
      spec: {
        source: {
          repoURL: 'https://git.example.com/platform/gitops.git',
          targetRevision: 'HEAD',
          path: 'deploy/dev/argocd',
        },
        destination: { namespace: 'ksml-dev' },
      },
    });
    const readme = read('deploy/dev/README.md');
    expect(readme).toContain(
      'kubectl create secret generic dizzl-sandbox-dev-sensor-inspector-ksml-kafka -n ksml-dev',
    );
    expect(readme).toContain("--from-literal=sasl.jaas.config='<value>'");
    expect(readme).toContain('--enable-helm');
    expect(ctx.output).toHaveBeenCalledWith(
      'argoCdPath',
      'deploy/dev/argocd/application.yaml',
    );

    expect(ctx.output).toHaveBeenCalledWith(
      'fluxPath',
      'deploy/dev/flux/helmrelease.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'secretName',
      'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
    );
    expect(ctx.output).toHaveBeenCalledWith('secretProperties', [
      'sasl.jaas.config',
    ]);

    // The third form: the KsmlApp for operator mode, and what applies its folder from Git.
    expect(parse(read('deploy/dev/ksmlapp/ksmlapp.yaml'))).toEqual(
      renderedApp.ksmlApp!.manifest,
    );
    expect(
      parse(read('deploy/dev/ksmlapp/flux-kustomization.yaml')),
    ).toMatchObject({
      kind: 'Kustomization',
      spec: {
        path: './deploy/dev/ksmlapp',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        targetNamespace: 'ksml-dev',
      },
    });
    expect(
      parse(read('deploy/dev/ksmlapp/argocd-application.yaml')),
    ).toMatchObject({
      kind: 'Application',
      spec: {
        source: {
          repoURL: 'https://git.example.com/platform/gitops.git',
          path: 'deploy/dev/ksmlapp',
        },
        destination: { namespace: 'ksml-dev' },
      },
    });
    expect(readme).toContain(
      'the Secret `dizzl-sandbox-dev-sensor-inspector-ksml-kafka-properties` (labelled `ksml-backstage.io/kafka-properties: "true"`) with the keys `sasl.jaas.config`',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'ksmlAppPath',
      'deploy/dev/ksmlapp/ksmlapp.yaml',
    );
  });

  it('renders a classic Helm repository as a Flux HelmRepository', async () => {
    const ksml = fakeKsml();
    ksml.render.mockResolvedValue({
      ...renderedApp,
      secretName: undefined,
      secretProperties: [],
      postRenderPatches: [],
      chart: {
        kind: 'repository',
        url: 'https://charts.example.com/ksml',
        name: 'ksml',
        version: '0.1.0',
      },
    });
    await run(ksml, { targetPath: 'gitops' }).done;
    const [source, release] = parseAllDocuments(
      read('gitops/flux/helmrelease.yaml'),
    ).map(d => d.toJS());
    expect(source).toMatchObject({
      kind: 'HelmRepository',
      spec: { url: 'https://charts.example.com/ksml' },
    });
    expect(release.spec.chart.spec).toEqual({
      chart: 'ksml',
      version: '0.1.0',
      sourceRef: { kind: 'HelmRepository', name: renderedApp.release },
    });
    expect(release.spec.postRenderers).toBeUndefined();
    // Without secrets Argo CD installs the chart as its Helm source.
    expect(parse(read('gitops/argocd/application.yaml')).spec.source).toEqual({
      repoURL: 'https://charts.example.com/ksml',
      chart: 'ksml',
      targetRevision: '0.1.0',
      helm: {
        releaseName: renderedApp.release,
        valuesObject: renderedApp.values,
      },
    });
    expect(read('gitops/README.md')).toContain('no Secret is needed');
  });

  it('writes only the kustomization for Argo CD when an app with secrets has no Git URL', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(ksml);
    await done;
    expect(Object.keys(workspace.content() ?? {})).toEqual(['deploy']);
    expect(read('deploy/dev/argocd/kustomization.yaml')).toContain(
      'helmCharts',
    );
    expect(() => read('deploy/dev/argocd/application.yaml')).toThrow('ENOENT');
    expect(ctx.output).toHaveBeenCalledWith(
      'argoCdPath',
      'deploy/dev/argocd/kustomization.yaml',
    );
  });

  it("passes the backend's warnings on to the log and the README", async () => {
    const ksml = fakeKsml();
    const warning =
      'The definition keeps state (tables.t) but the app has no storage';
    ksml.render.mockResolvedValue({ ...renderedApp, warnings: [warning] });
    const { done, ctx } = run(ksml, { targetPath: 'warned' });
    // The handler logs only after awaiting the backend: the spy is in place in time.
    const warn = jest.spyOn(ctx.logger, 'warn');
    await done;
    expect(warn).toHaveBeenCalledWith(warning);
    expect(read('warned/README.md')).toContain(`**Warning:** ${warning}`);
  });

  it('writes nothing when the backend installs from a local chart path', async () => {
    const ksml = fakeKsml();
    ksml.render.mockResolvedValue({ ...renderedApp, chart: { kind: 'path' } });
    await expect(run(ksml).done).rejects.toThrow(
      'Flux and Argo CD need it in an OCI registry or Helm repository',
    );
    expect(workspace.content()).toEqual({});
  });
});
