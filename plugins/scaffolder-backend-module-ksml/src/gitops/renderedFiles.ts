import type {
  KsmlAppRef,
  KsmlRenderResponse,
} from '@ksml-backstage/plugin-ksml-common';
import yaml from 'yaml';
import {
  argoCdFiles,
  fluxManifests,
  ksmlAppFiles,
  secretInstructions,
} from './manifests';

/** Where and how the GitOps files of an app are rendered (the GitOps inputs of an action). */
export interface RenderedFilesOptions {
  /** The folder the files go into, as published (e.g. `deploy/dev`): the delivery manifests name it. */
  targetPath: string;
  /** How often Flux reconciles, e.g. "5m". */
  fluxInterval: string;
  registrySecretName?: string;
  registryCaSecretName?: string;
  argoCdNamespace: string;
  argoCdProject: string;
  argoCdDestinationServer: string;
  argoCdSourceRepoUrl?: string;
  argoCdSourceRevision?: string;
  /** The Flux GitRepository the KsmlApp form is applied from; default flux-system. */
  fluxGitRepository?: string;
  /** A line for the README saying where the files come from, e.g. a promotion's source. */
  provenance?: string;
}

/**
 * The GitOps files of a rendered app, by path under the target folder: `values.yaml`, the Flux
 * chart source and HelmRelease, the Argo CD files, the KsmlApp form (when the backend renders
 * one) and a README naming the Secret the app expects. Pure, and built whole before anything is
 * written: a chart the GitOps tools cannot reach (a local chart path) throws here.
 */
export function renderedFiles(
  app: KsmlAppRef,
  rendered: KsmlRenderResponse,
  options: RenderedFilesOptions,
): Record<string, string> {
  const { targetPath, fluxInterval } = options;
  const argoCd = {
    namespace: options.argoCdNamespace,
    project: options.argoCdProject,
    destinationServer: options.argoCdDestinationServer,
    sourceRepoUrl: options.argoCdSourceRepoUrl,
    sourceRevision: options.argoCdSourceRevision,
  };
  const ksmlAppSecret = rendered.ksmlApp?.secret;
  const under = (folder: string, manifests: object) =>
    Object.fromEntries(
      Object.entries(manifests).map(([name, manifest]) => [
        `${folder}/${name}`,
        yaml.stringify(manifest),
      ]),
    );
  return {
    'values.yaml': yaml.stringify(rendered.values),
    'flux/helmrelease.yaml': fluxManifests(rendered, {
      interval: fluxInterval,
      registrySecretName: options.registrySecretName,
      registryCaSecretName: options.registryCaSecretName,
    })
      .map(manifest => yaml.stringify(manifest))
      .join('---\n'),
    ...under(
      'argocd',
      argoCdFiles(rendered, { ...argoCd, sourcePath: `${targetPath}/argocd` }),
    ),
    // A provisioner older than operator mode renders no KsmlApp: the two other forms only.
    ...under(
      'ksmlapp',
      !rendered.ksmlApp
        ? {}
        : ksmlAppFiles(
            { ...rendered, ksmlApp: rendered.ksmlApp },
            {
              sourcePath: `${targetPath}/ksmlapp`,
              interval: fluxInterval,
              fluxGitRepository: options.fluxGitRepository ?? 'flux-system',
              argoCd,
            },
          ),
    ),
    'README.md': [
      `# ${rendered.release}`,
      '',
      `GitOps declarations of the KSML app \`${app.application}\` (tenant \`${app.tenant}\`, instance \`${app.instance}\`, environment \`${app.environment}\`), rendered by the KSML backend.`,
      ...(options.provenance ? ['', options.provenance] : []),
      '',
      '- `values.yaml`: the KSML chart values (`helm template` / `helm upgrade --install` with `-f values.yaml`)',
      '- `flux/helmrelease.yaml`: a Flux chart source and HelmRelease',
      rendered.postRenderPatches.length > 0
        ? '- `argocd/kustomization.yaml` (and `argocd/application.yaml` when the Git URL was given): Argo CD inflates the chart with kustomize and applies the secret patches'
        : '- `argocd/application.yaml`: an Argo CD Application',
      ...(rendered.ksmlApp
        ? [
            `- \`ksmlapp/ksmlapp.yaml\`: the app as a KsmlApp, for a KSML provisioner in operator mode (it installs the chart and writes the app's status); \`ksmlapp/flux-kustomization.yaml\`${
              options.argoCdSourceRepoUrl
                ? ' and `ksmlapp/argocd-application.yaml`'
                : ''
            } apply that folder from Git${
              ksmlAppSecret
                ? `; its secret Kafka properties go in the Secret \`${
                    ksmlAppSecret.name
                  }\` (labelled \`ksml-backstage.io/kafka-properties: "true"\`) with the keys ${ksmlAppSecret.keys
                    .map(k => `\`${k}\``)
                    .join(', ')}`
                : ''
            }`,
          ]
        : []),
      ...rendered.warnings.map(w => `- **Warning:** ${w}`),
      '',
      '## Secrets',
      '',
      secretInstructions(rendered),
    ].join('\n'),
  };
}
