import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import yaml from 'yaml';
import {
  argoCdFiles,
  fluxManifests,
  ksmlAppFiles,
  secretInstructions,
} from '../gitops/manifests';
import { readDeployRequest } from '../workspace/readRequest';
import { entityAnnotations } from './annotations';
import { callBackend } from './backendErrors';
import {
  annotationsOutput,
  appOutput,
  appRefInput,
  appSpecInput,
} from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { examples } from './render.examples';

/**
 * `ksml:app:render`: the GitOps path. Validates the app like a deploy, then writes into the
 * workspace the chart values the KSML backend would use (secrets left to an existing Secret),
 * a Flux chart source + HelmRelease and an Argo CD Application, ready for a publish or
 * pull-request step. Nothing is deployed.
 */
export function createKsmlRenderAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:render',
    description:
      'Renders a KSML app for GitOps: values.yaml, a Flux OCIRepository + HelmRelease and an Argo CD Application in the workspace. Validates like ksml:app:deploy; deploys nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        ...appSpecInput,
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to write into; default deploy/<environment>',
            ),
        fluxInterval: z =>
          z
            .string()
            .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'must be like 5m or 1h')
            .optional()
            .describe('Flux reconcile interval; default 5m'),
        registrySecretName: z =>
          z
            .string()
            .optional()
            .describe(
              'Secret with the chart registry credentials, for Flux (secretRef)',
            ),
        registryCaSecretName: z =>
          z
            .string()
            .optional()
            .describe(
              "Secret with the registry's CA as ca.crt, for Flux (certSecretRef)",
            ),
        argoCdNamespace: z =>
          z
            .string()
            .optional()
            .describe('Namespace of the Argo CD Application; default argocd'),
        argoCdProject: z =>
          z.string().optional().describe('Argo CD project; default "default"'),
        argoCdDestinationServer: z =>
          z
            .string()
            .optional()
            .describe(
              'Destination cluster as Argo CD knows it; default https://kubernetes.default.svc',
            ),
        argoCdSourceRepoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Git repository the files are published to. Needed for the Argo CD Application of an app with secret Kafka properties, whose source is the rendered kustomization in Git',
            ),
        argoCdSourceRevision: z =>
          z
            .string()
            .optional()
            .describe('Branch, tag or commit Argo CD follows; default HEAD'),
        fluxGitRepository: z =>
          z
            .string()
            .optional()
            .describe(
              'The Flux GitRepository (in flux-system) the KsmlApp form is applied from; default flux-system',
            ),
      },
      output: {
        ...appOutput,
        valuesPath: z =>
          z.string().describe('Workspace path of the values.yaml written'),
        fluxPath: z =>
          z.string().describe('Workspace path of the Flux manifests'),
        ksmlAppPath: z =>
          z
            .string()
            .describe(
              'Workspace path of the KsmlApp (operator mode), beside its Flux Kustomization and Argo CD Application',
            ),
        argoCdPath: z =>
          z
            .string()
            .describe(
              'Workspace path of the Argo CD Application (or, without argoCdSourceRepoUrl for an app with secrets, of its kustomization)',
            ),
        secretName: z =>
          z
            .string()
            .optional()
            .describe(
              'The Secret the app expects its secret Kafka properties in (not written)',
            ),
        secretProperties: z =>
          z
            .array(z.string())
            .describe(
              'Names of the Kafka properties that belong in that Secret',
            ),
        annotations: annotationsOutput,
      },
    },
    async handler(ctx) {
      const {
        targetPath = `deploy/${ctx.input.environment}`,
        fluxInterval = '5m',
        registrySecretName,
        registryCaSecretName,
        argoCdNamespace = 'argocd',
        argoCdProject = 'default',
        argoCdDestinationServer = 'https://kubernetes.default.svc',
        argoCdSourceRepoUrl,
        argoCdSourceRevision,
        fluxGitRepository,
        ...app
      } = ctx.input;
      const request = await readDeployRequest(app, ctx.workspacePath);
      // A template passes an optional parameter the user left empty as "": that means unset.
      const secretRef = (name?: string) => name || undefined;
      const token = onBehalfOfInitiator(auth, ctx);
      const rendered = await callBackend('render', async () =>
        ksml.render(request, { token: await token() }),
      );
      const ksmlAppSecret = rendered.ksmlApp?.secret;

      // Build everything before writing anything: a chart the GitOps tools cannot reach
      // fails here, leaving the workspace as it was.
      const files: Record<string, string> = {
        'values.yaml': yaml.stringify(rendered.values),
        'flux/helmrelease.yaml': fluxManifests(rendered, {
          interval: fluxInterval,
          registrySecretName: secretRef(registrySecretName),
          registryCaSecretName: secretRef(registryCaSecretName),
        })
          .map(manifest => yaml.stringify(manifest))
          .join('---\n'),
        ...Object.fromEntries(
          Object.entries(
            argoCdFiles(rendered, {
              namespace: argoCdNamespace,
              project: argoCdProject,
              destinationServer: argoCdDestinationServer,
              sourceRepoUrl: argoCdSourceRepoUrl || undefined,
              sourceRevision: argoCdSourceRevision || undefined,
              sourcePath: `${targetPath}/argocd`,
            }),
          ).map(([name, manifest]) => [
            `argocd/${name}`,
            yaml.stringify(manifest),
          ]),
        ),
        // A provisioner older than operator mode renders no KsmlApp: the two other forms only.
        ...Object.fromEntries(
          Object.entries(
            !rendered.ksmlApp
              ? {}
              : ksmlAppFiles(
                  { ...rendered, ksmlApp: rendered.ksmlApp },
                  {
                    sourcePath: `${targetPath}/ksmlapp`,
                    interval: fluxInterval,
                    fluxGitRepository: fluxGitRepository || 'flux-system',
                    argoCd: {
                      namespace: argoCdNamespace,
                      project: argoCdProject,
                      destinationServer: argoCdDestinationServer,
                      sourceRepoUrl: argoCdSourceRepoUrl || undefined,
                      sourceRevision: argoCdSourceRevision || undefined,
                    },
                  },
                ),
          ).map(([name, manifest]) => [
            `ksmlapp/${name}`,
            yaml.stringify(manifest),
          ]),
        ),
        'README.md': [
          `# ${rendered.release}`,
          '',
          `GitOps declarations of the KSML app \`${app.application}\` (tenant \`${app.tenant}\`, instance \`${app.instance}\`, environment \`${app.environment}\`), rendered by the KSML backend.`,
          '',
          '- `values.yaml`: the KSML chart values (`helm template` / `helm upgrade --install` with `-f values.yaml`)',
          '- `flux/helmrelease.yaml`: a Flux chart source and HelmRelease',
          rendered.postRenderPatches.length > 0
            ? '- `argocd/kustomization.yaml` (and `argocd/application.yaml` when the Git URL was given): Argo CD inflates the chart with kustomize and applies the secret patches'
            : '- `argocd/application.yaml`: an Argo CD Application',
          ...(rendered.ksmlApp
            ? [
                `- \`ksmlapp/ksmlapp.yaml\`: the app as a KsmlApp, for a KSML provisioner in operator mode (it installs the chart and writes the app's status); \`ksmlapp/flux-kustomization.yaml\`${
                  argoCdSourceRepoUrl
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
      for (const [name, content] of Object.entries(files)) {
        const path = resolveSafeChildPath(
          ctx.workspacePath,
          `${targetPath}/${name}`,
        );
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content, 'utf8');
      }
      ctx.logger.info(
        `Rendered ${rendered.release} (namespace ${
          rendered.namespace
        }) into ${targetPath}: ${Object.keys(files).join(', ')}`,
      );
      if (rendered.secretName) {
        ctx.logger.info(
          `The app expects Secret ${
            rendered.secretName
          } with ${rendered.secretProperties.join(
            ', ',
          )} (see ${targetPath}/README.md)`,
        );
      }

      ctx.output('releaseName', rendered.release);
      ctx.output('namespace', rendered.namespace);
      ctx.output('valuesPath', `${targetPath}/values.yaml`);
      ctx.output('fluxPath', `${targetPath}/flux/helmrelease.yaml`);
      ctx.output('ksmlAppPath', `${targetPath}/ksmlapp/ksmlapp.yaml`);
      const argoCdFile = files['argocd/application.yaml']
        ? 'application.yaml'
        : 'kustomization.yaml';
      ctx.output('argoCdPath', `${targetPath}/argocd/${argoCdFile}`);
      for (const warning of rendered.warnings) ctx.logger.warn(warning);
      if (rendered.secretName) ctx.output('secretName', rendered.secretName);
      // A fresh array: the scaffolder refuses outputs whose prototype is not its realm's Array
      // (e.g. one parsed by a fetch implementation from another realm, as under jest).
      ctx.output('secretProperties', [...rendered.secretProperties]);
      ctx.output('annotations', entityAnnotations(app));
    },
  });
}
