import type { V1Container } from '@kubernetes/client-node';
import {
  deployRequestSchema,
  KsmlRenderResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { HelmCli, KsmlProvisioner } from '@ksml-backstage/plugin-ksml-node';
import {
  connectKube,
  createTestNamespace,
  dryRunApply,
  kustomizeBuild,
  loadTestbedEnv,
  mustSucceed,
  registryLogin,
  runHelm,
  tempHelmHome,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
  tlsArgs,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { argoCdFiles, fluxManifests, ksmlAppFiles } from '../gitops/manifests';

// Integration: the GitOps forms of an app with SASL credentials deliver its secrets exactly as a
// direct deploy does. Flux's way (its kustomize post-renderer over `helm template`) and Argo CD's
// way (kustomize with --enable-helm inflating the chart from the registry) are both run here with
// the real helm and kubectl, and the ksml container they produce, defaulted by the real API
// server, equals the one the provisioner's own deploy (Helm post-renderer) left in the cluster.
describe('GitOps secret delivery against the test bed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let deployedNs: string;
  let gitopsNs: string;
  let helm: HelmCli;
  let provisioner: KsmlProvisioner;
  let helmHome: Awaited<ReturnType<typeof tempHelmHome>>;
  let work: string;

  const password = `gitops-${randomBytes(8).toString('hex')}`;
  const app = () =>
    deployRequestSchema.parse({
      ...readmeDeployRequest,
      application: 'gitops-sasl',
      replicas: 2,
      kafkaProperties: {
        'bootstrap.servers': 'broker:9093',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${password}";`,
      },
    });
  const release = 'dizzl-sandbox-dev-gitops-sasl-ksml';

  /** The ksml container of the StatefulSet in some manifests, as the API server would store it. */
  const serverContainer = async (manifests: string): Promise<V1Container> => {
    const sts = parseAllDocuments(manifests)
      .map(d => d.toJS())
      .filter(o => o?.kind === 'StatefulSet');
    expect(sts).toHaveLength(1);
    const result = await dryRunApply(stringify(sts[0]), {
      namespace: gitopsNs,
      env,
      output: 'json',
    });
    expect(result.stderr).toBe('');
    const stored = JSON.parse(result.stdout);
    return stored.spec.template.spec.containers.find(
      (c: V1Container) => c.name === 'ksml',
    );
  };

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    deployedNs = await createTestNamespace(kube, 'gitops-direct');
    gitopsNs = await createTestNamespace(kube, 'gitops-render');
    helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
    });
    provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, deployedNs),
    });
    helmHome = await tempHelmHome();
    mustSucceed(await registryLogin(env, helmHome.home), 'helm registry login');
    work = await mkdtemp(join(tmpdir(), 'ksml-gitops-'));
  }, 60_000);

  afterAll(async () => {
    for (const name of [deployedNs, gitopsNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
    await provisioner?.close();
    await helm?.close();
    await helmHome?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it('gives the same ksml container through Flux and Argo CD as through a direct deploy, with the files accepted by the API server', async () => {
    // Direct: the provisioner's Helm post-renderer.
    await provisioner.deploy(app());
    // As plain JSON: client-node returns class instances.
    const live = JSON.parse(
      JSON.stringify(
        (
          await kube.apps.readNamespacedStatefulSet({
            name: release,
            namespace: deployedNs,
          })
        ).spec!.template.spec!.containers.find(c => c.name === 'ksml'),
      ),
    );

    const rendered: KsmlRenderResponse = {
      ...(await provisioner.render(app())),
      namespace: gitopsNs,
      chart: {
        kind: 'oci',
        url: env.registry.url,
        name: env.chart.name,
        version: env.chart.version,
      },
    };
    expect(JSON.stringify(rendered)).not.toContain(password);

    // Flux: the HelmRelease (with its post-renderer) and the OCIRepository are valid objects ...
    const flux = fluxManifests(rendered, { interval: '5m' });
    const fluxYaml = flux.map(m => stringify(m)).join('---\n');
    const accepted = await dryRunApply(fluxYaml, { namespace: gitopsNs, env });
    expect(accepted).toMatchObject({ ok: true });
    // ... and what Flux installs is `helm template` of the values, then its kustomize patches.
    const helmRelease = flux.find(m => m.kind === 'HelmRelease') as any;
    const valuesFile = join(work, 'values.yaml');
    await writeFile(valuesFile, stringify(helmRelease.spec.values));
    const templated = mustSucceed(
      await runHelm(
        env,
        [
          'template',
          release,
          `${env.registry.url}/${env.chart.name}`,
          '--version',
          env.chart.version,
          '--namespace',
          gitopsNs,
          '--values',
          valuesFile,
          ...tlsArgs(env, 'ca'),
        ],
        { home: helmHome.home },
      ),
      'helm template',
    ).stdout;
    const fluxDir = join(work, 'flux');
    await mkdir(fluxDir);
    await writeFile(join(fluxDir, 'chart.yaml'), templated);
    await writeFile(
      join(fluxDir, 'kustomization.yaml'),
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['chart.yaml'],
        patches: helmRelease.spec.postRenderers[0].kustomize.patches,
      }),
    );
    const viaFlux = await serverContainer(
      await kustomizeBuild(fluxDir, { env }),
    );

    // Argo CD: the Application is a valid object; its kustomization inflates the chart from the
    // registry and applies the same patches.
    const argo = argoCdFiles(rendered, {
      namespace: gitopsNs,
      project: 'default',
      destinationServer: 'https://kubernetes.default.svc',
      sourceRepoUrl: 'https://git.example.com/platform/gitops.git',
      sourcePath: 'deploy/dev/argocd',
    });
    expect(
      await dryRunApply(stringify(argo['application.yaml']), {
        namespace: gitopsNs,
        env,
      }),
    ).toMatchObject({ ok: true });
    const argoDir = join(work, 'argocd');
    await mkdir(argoDir);
    await writeFile(
      join(argoDir, 'kustomization.yaml'),
      stringify(argo['kustomization.yaml']),
    );
    const viaArgo = await serverContainer(
      await kustomizeBuild(argoDir, { env, helmHome: helmHome.home }),
    );

    expect(viaFlux.env).toEqual(
      expect.arrayContaining([
        {
          name: 'KSML_SECRET_SASL_JAAS_CONFIG',
          valueFrom: {
            secretKeyRef: { name: `${release}-kafka`, key: 'sasl.jaas.config' },
          },
        },
      ]),
    );
    expect(viaFlux).toEqual(live);
    expect(viaArgo).toEqual(live);
  }, 180_000);

  it('renders the app as a KsmlApp, accepted by the API server with the Flux Kustomization and Argo CD Application that apply it', async () => {
    const rendered = await provisioner.render(app());
    const ksmlApp = rendered.ksmlApp!;
    const { manifest, secret } = ksmlApp;
    // The secret Kafka properties are in the Secret it names, not in the KsmlApp.
    expect(JSON.stringify(manifest)).not.toContain(password);
    expect(secret?.keys).toEqual(rendered.secretProperties);
    expect(manifest.spec.kafkaSecretRef).toEqual({ name: secret?.name });

    const files = ksmlAppFiles(
      { ...rendered, namespace: gitopsNs, ksmlApp },
      {
        sourcePath: 'deploy/dev/ksmlapp',
        interval: '5m',
        fluxGitRepository: 'flux-system',
        argoCd: {
          namespace: gitopsNs,
          project: 'default',
          destinationServer: 'https://kubernetes.default.svc',
          sourceRepoUrl: 'https://git.example.com/platform/gitops.git',
        },
      },
    );
    // The folder as Flux and Argo CD build it: the KsmlApp alone, not the files beside it.
    const folder = join(work, 'ksmlapp');
    await mkdir(folder);
    for (const [name, object] of Object.entries(files)) {
      await writeFile(join(folder, name), stringify(object));
    }
    const built = parseAllDocuments(await kustomizeBuild(folder, { env })).map(
      doc => doc.toJS(),
    );
    expect(built.map(object => object.kind)).toEqual(['KsmlApp']);

    // Flux applies the folder with targetNamespace, Argo CD with its destination namespace:
    // the KsmlApp lands in the app's namespace either way.
    const declared = {
      ...files['ksmlapp.yaml'],
      metadata: {
        ...(files['ksmlapp.yaml'].metadata as object),
        namespace: gitopsNs,
      },
    };
    for (const [what, object] of [
      ['KsmlApp', declared],
      [
        'Flux Kustomization',
        {
          ...files['flux-kustomization.yaml'],
          metadata: {
            ...(files['flux-kustomization.yaml'].metadata as object),
            namespace: gitopsNs,
          },
        },
      ],
      ['Argo CD Application', files['argocd-application.yaml']],
    ] as const) {
      const result = await dryRunApply(stringify(object), {
        namespace: gitopsNs,
        env,
      });
      expect([what, result.ok, result.stderr]).toEqual([what, true, '']);
    }
  }, 60_000);
});
