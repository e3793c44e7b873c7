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

/** Options for {@link argoCdApplication}. */
export interface ArgoCdOptions {
  /** The namespace Argo CD watches for Applications, usually "argocd". */
  namespace: string;
  project: string;
  /** The destination cluster's API server URL as Argo CD knows it. */
  destinationServer: string;
}

type RemoteChart = Extract<KsmlRenderResponse['chart'], { url: string }>;

function remoteChart(rendered: KsmlRenderResponse): RemoteChart {
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
  rendered: KsmlRenderResponse,
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

/**
 * The Argo CD Application that installs the app with the rendered values. For an OCI registry
 * Argo CD takes the repository without the `oci://` scheme; its credentials (with
 * `enableOCI: "true"`) are an Argo CD repository Secret, not part of the Application.
 */
export function argoCdApplication(
  rendered: KsmlRenderResponse,
  options: ArgoCdOptions,
): Manifest {
  const chart = remoteChart(rendered);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: rendered.release,
      namespace: options.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'backstage-ksml' },
    },
    spec: {
      project: options.project,
      source: {
        repoURL:
          chart.kind === 'oci'
            ? chart.url.replace(/^oci:\/\//, '').replace(/\/+$/, '')
            : chart.url,
        chart: chart.name,
        targetRevision: chart.version,
        helm: { releaseName: rendered.release, valuesObject: rendered.values },
      },
      destination: {
        server: options.destinationServer,
        namespace: rendered.namespace,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false'],
      },
    },
  };
}

/** How to give the app its secret Kafka properties, for the README next to the manifests. */
export function secretInstructions(rendered: KsmlRenderResponse): string {
  if (!rendered.secretName) {
    return 'This app has no secret Kafka properties: no Secret is needed.\n';
  }
  const lines = rendered.secretProperties.map(key => `${key}=<value>`);
  return [
    `The app reads its secret Kafka properties from the Secret \`${rendered.secretName}\``,
    `in namespace \`${rendered.namespace}\` (key \`kafka.properties\`); they are not in Git.`,
    'Create it (or let your secret manager, e.g. External Secrets or Sealed Secrets, create it)',
    'before Flux or Argo CD syncs, from a local `kafka.properties` file holding:',
    '',
    '```properties',
    ...lines,
    '```',
    '',
    '```sh',
    `kubectl create secret generic ${rendered.secretName} -n ${rendered.namespace} --from-file=kafka.properties=./kafka.properties`,
    '```',
    '',
  ].join('\n');
}
