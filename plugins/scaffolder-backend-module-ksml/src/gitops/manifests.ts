import { InputError } from '@backstage/errors';
import type { KsmlRenderResponse } from '@ksml-backstage/plugin-ksml-common';

/** A Kubernetes object as plain data. */
export type Manifest = Record<string, unknown>;

/** Options for {@link fluxManifests}. */
export interface FluxOptions {
  /** How often Flux checks the chart and reconciles the release, e.g. "5m". */
  interval: string;
  /** A docker-registry Secret (or Helm repository basic-auth Secret) for the chart source. */
  registrySecretName?: string;
  /** A Secret with `ca.crt` that signs the registry's TLS certificate. */
  registryCaSecretName?: string;
}

/** Options for {@link argoCdFiles}. */
export interface ArgoCdOptions {
  /** The namespace Argo CD watches for Applications, usually "argocd". */
  namespace: string;
  project: string;
  /** The destination cluster's API server URL as Argo CD knows it. */
  destinationServer: string;
  /** The Git repository the rendered files are published to (for a kustomization source). */
  sourceRepoUrl?: string;
  /** The folder of the kustomization in that repository, e.g. `deploy/dev/argocd`. */
  sourcePath: string;
  /** Branch, tag or commit Argo CD follows; default HEAD. */
  sourceRevision?: string;
}

type RemoteChart = Extract<KsmlRenderResponse['chart'], { url: string }>;

function remoteChart(
  rendered: Pick<KsmlRenderResponse, 'chart' | 'release'>,
): RemoteChart {
  if (rendered.chart.kind === 'path') {
    throw new InputError(
      'The KSML backend installs the chart from a local path (ksml.chart.path); Flux and Argo CD need it in an OCI registry or Helm repository (ksml.chart.registryUrl or repositoryUrl)',
    );
  }
  return rendered.chart;
}

/**
 * The Flux objects that install the app: a chart source (an OCIRepository for an OCI registry,
 * a HelmRepository for a classic one) and a HelmRelease with the rendered values, all in the
 * app's namespace. Pure: the caller writes them where Flux watches.
 */
export function fluxManifests(
  rendered: Omit<KsmlRenderResponse, 'ksmlApp'>,
  options: FluxOptions,
): Manifest[] {
  const chart = remoteChart(rendered);
  const metadata = {
    name: rendered.release,
    namespace: rendered.namespace,
    labels: { 'app.kubernetes.io/managed-by': 'backstage-ksml' },
  };
  const auth = {
    ...(options.registrySecretName
      ? { secretRef: { name: options.registrySecretName } }
      : {}),
    ...(options.registryCaSecretName
      ? { certSecretRef: { name: options.registryCaSecretName } }
      : {}),
  };
  const install = {
    interval: options.interval,
    releaseName: rendered.release,
    install: { remediation: { retries: 3 } },
    upgrade: { remediation: { retries: 3 } },
    values: rendered.values,
    // The chart has no value for env from a Secret: Flux's kustomize post-renderer adds it, as
    // the backend's Helm post-renderer does on a direct deploy.
    ...(rendered.postRenderPatches.length > 0
      ? {
          postRenderers: [
            { kustomize: { patches: rendered.postRenderPatches } },
          ],
        }
      : {}),
  };
  if (chart.kind === 'oci') {
    return [
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata,
        spec: {
          interval: options.interval,
          url: `${chart.url.replace(/\/+$/, '')}/${chart.name}`,
          ref: { tag: chart.version },
          layerSelector: {
            mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
            operation: 'copy',
          },
          ...auth,
        },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata,
        spec: {
          ...install,
          chartRef: { kind: 'OCIRepository', name: rendered.release },
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata,
      spec: { interval: options.interval, url: chart.url, ...auth },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata,
      spec: {
        ...install,
        chart: {
          spec: {
            chart: chart.name,
            version: chart.version,
            sourceRef: { kind: 'HelmRepository', name: rendered.release },
          },
        },
      },
    },
  ];
}

/** The Argo CD files of an app, by path under the render folder's `argocd/`. */
export interface ArgoCdFiles {
  /** The Application (absent when the app needs a kustomization but no Git URL was given). */
  'application.yaml'?: Manifest;
  /** A kustomization that inflates the chart and applies the secret patches. */
  'kustomization.yaml'?: Manifest;
}

/**
 * The Argo CD form of the app. Without secret Kafka properties: an Application with the chart
 * as its Helm source and the values inline. With them: Argo CD's Helm source has no
 * post-renderer, so the chart is inflated by kustomize (`helmCharts`, which needs
 * `kustomize.buildOptions: --enable-helm` in argocd-cm) and the same patches as Flux's are
 * applied; the Application then points at that kustomization's folder in Git
 * (`options.sourceRepoUrl` + `options.sourcePath`).
 */
export function argoCdFiles(
  rendered: Omit<KsmlRenderResponse, 'ksmlApp'>,
  options: ArgoCdOptions,
): ArgoCdFiles {
  const chart = remoteChart(rendered);
  const metadata = {
    name: rendered.release,
    namespace: options.namespace,
    labels: { 'app.kubernetes.io/managed-by': 'backstage-ksml' },
  };
  const spec = (source: Manifest): Manifest => ({
    project: options.project,
    source,
    destination: {
      server: options.destinationServer,
      namespace: rendered.namespace,
    },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=false'],
    },
  });
  const application = (source: Manifest): Manifest => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata,
    spec: spec(source),
  });
  if (rendered.postRenderPatches.length === 0) {
    return {
      'application.yaml': application({
        repoURL:
          chart.kind === 'oci'
            ? chart.url.replace(/^oci:\/\//, '').replace(/\/+$/, '')
            : chart.url,
        chart: chart.name,
        targetRevision: chart.version,
        helm: { releaseName: rendered.release, valuesObject: rendered.values },
      }),
    };
  }
  const kustomization: Manifest = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: rendered.namespace,
    helmCharts: [
      {
        name: chart.name,
        repo: chart.url.replace(/\/+$/, ''),
        version: chart.version,
        releaseName: rendered.release,
        namespace: rendered.namespace,
        valuesInline: rendered.values,
      },
    ],
    patches: rendered.postRenderPatches,
  };
  return {
    'kustomization.yaml': kustomization,
    ...(options.sourceRepoUrl
      ? {
          'application.yaml': application({
            repoURL: options.sourceRepoUrl,
            targetRevision: options.sourceRevision ?? 'HEAD',
            path: options.sourcePath,
          }),
        }
      : {}),
  };
}

/** How to give the app its secret Kafka properties, for the README next to the manifests. */
export function secretInstructions(rendered: KsmlRenderResponse): string {
  if (!rendered.secretName) {
    return 'This app has no secret Kafka properties: no Secret is needed.\n';
  }
  const literals = rendered.secretProperties.map(
    key => `  --from-literal=${key}='<value>'`,
  );
  return [
    `The app reads its secret Kafka properties from the Secret \`${rendered.secretName}\``,
    `in namespace \`${
      rendered.namespace
    }\`, one key per property: ${rendered.secretProperties
      .map(key => `\`${key}\``)
      .join(', ')}. They are not in Git: the values`,
    'reference them as `${env:KSML_SECRET_…}`, and the post-render patches (Flux `postRenderers`,',
    'the Argo CD kustomization) add those variables to the `ksml` container from the Secret.',
    'Create it (or let your secret manager, e.g. External Secrets or Sealed Secrets, create it)',
    'before Flux or Argo CD syncs:',
    '',
    '```sh',
    `kubectl create secret generic ${rendered.secretName} -n ${rendered.namespace} \\`,
    literals.join(' \\\n'),
    '```',
    '',
    'Kubernetes does not restart pods when a Secret changes: after changing it, restart the app',
    `(\`kubectl rollout restart statefulset/${rendered.release} -n ${rendered.namespace}\`) or use a`,
    'reloader that watches the Secret.',
    '',
    'Argo CD: its Helm source has no post-renderer, so `argocd/kustomization.yaml` inflates the',
    'chart with kustomize; enable that with `kustomize.buildOptions: --enable-helm` in the',
    '`argocd-cm` ConfigMap, and give the repo server access to the chart registry.',
    '',
  ].join('\n');
}

/** Options for {@link ksmlAppFiles}. */
export interface KsmlAppFilesOptions {
  /** The folder the KsmlApp is published to in Git, e.g. `deploy/dev/ksmlapp`. */
  sourcePath: string;
  /** How often Flux applies the folder again, e.g. "5m". */
  interval: string;
  /** The Flux GitRepository holding that folder (`flux bootstrap` names it flux-system). */
  fluxGitRepository: string;
  /** Argo CD: the Application's namespace, project and destination, as for the chart form. */
  argoCd: Omit<ArgoCdOptions, 'sourcePath'>;
}

/** The operator form of the app, by path under the render folder's `ksmlapp/`. */
export interface KsmlAppFiles {
  /** The KsmlApp a provisioner in operator mode reconciles. */
  'ksmlapp.yaml': Manifest;
  /**
   * What Flux and Argo CD apply of the folder: the KsmlApp only (without it they would apply
   * every file here, the Kustomization and Application included).
   */
  'kustomization.yaml': Manifest;
  /** A Flux Kustomization that applies the KsmlApp's folder from Git. */
  'flux-kustomization.yaml': Manifest;
  /** An Argo CD Application that syncs that folder (needs the Git URL). */
  'argocd-application.yaml'?: Manifest;
}

/**
 * The third GitOps form: the app as a KsmlApp (the provisioner in operator mode installs it and
 * writes its status), and the Flux Kustomization and Argo CD Application that apply its folder
 * from Git. The two delivery manifests live beside the KsmlApp but are applied once by hand (or
 * from a parent folder); the folder's kustomization.yaml makes Flux and Argo CD apply only the
 * KsmlApp.
 */
export function ksmlAppFiles(
  rendered: Pick<KsmlRenderResponse, 'release' | 'namespace'> & {
    ksmlApp: NonNullable<KsmlRenderResponse['ksmlApp']>;
  },
  options: KsmlAppFilesOptions,
): KsmlAppFiles {
  const { ksmlApp } = rendered;
  const name = `${rendered.release}-ksmlapp`;
  const labels = { 'app.kubernetes.io/managed-by': 'backstage-ksml' };
  const path = `./${options.sourcePath.replace(/^\.?\/+/, '')}`;
  const { argoCd } = options;
  return {
    'ksmlapp.yaml': ksmlApp.manifest as unknown as Manifest,
    'kustomization.yaml': {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['ksmlapp.yaml'],
    },
    'flux-kustomization.yaml': {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system', labels },
      spec: {
        interval: options.interval,
        path,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: options.fluxGitRepository },
        targetNamespace: rendered.namespace,
        // Ready once the KsmlApp is: the operator writes its Ready condition.
        wait: true,
      },
    },
    ...(argoCd.sourceRepoUrl
      ? {
          'argocd-application.yaml': {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name, namespace: argoCd.namespace, labels },
            spec: {
              project: argoCd.project,
              source: {
                repoURL: argoCd.sourceRepoUrl,
                targetRevision: argoCd.sourceRevision ?? 'HEAD',
                path: path.slice(2),
              },
              destination: {
                server: argoCd.destinationServer,
                namespace: rendered.namespace,
              },
              syncPolicy: { automated: { prune: true, selfHeal: true } },
            },
          },
        }
      : {}),
  };
}
