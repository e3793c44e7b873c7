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
    definition: 'pipelines:\n  p:\n    from: a\n    to: b\n',
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

  it('writes values.yaml, the Flux pair, the Argo CD Application and a README naming the Secret', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(ksml, {
      registrySecretName: 'ksml-chart-registry',
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
      },
    });

    expect(parse(read('deploy/dev/argocd/application.yaml'))).toMatchObject({
      kind: 'Application',
      metadata: { namespace: 'argocd' },
      spec: {
        source: {
          repoURL: 'registry.example.com/charts',
          chart: 'ksml',
          targetRevision: '0.1.0',
          helm: { valuesObject: renderedApp.values },
        },
        destination: { namespace: 'ksml-dev' },
      },
    });
    expect(read('deploy/dev/README.md')).toContain(
      'kubectl create secret generic dizzl-sandbox-dev-sensor-inspector-ksml-kafka -n ksml-dev',
    );
    expect(read('deploy/dev/README.md')).toContain('sasl.jaas.config=<value>');

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
  });

  it('renders a classic Helm repository as a Flux HelmRepository', async () => {
    const ksml = fakeKsml();
    ksml.render.mockResolvedValue({
      ...renderedApp,
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
    expect(
      parse(read('gitops/argocd/application.yaml')).spec.source.repoURL,
    ).toBe('https://charts.example.com/ksml');
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
