import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type {
  KsmlAppRef,
  KsmlRenderResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z as zImpl } from 'zod/v3';
import { renderedFiles, RenderedFilesOptions } from '../gitops/renderedFiles';

type Z = typeof zImpl;

// What the two GitOps actions (ksml:app:render and ksml:app:promote-render) share: where and
// how the files are rendered, the writing, and the outputs that say what was written.

/** The GitOps inputs: the folder to write into and the Flux and Argo CD settings. */
export const gitopsInput = {
  targetPath: (z: Z) =>
    z
      .string()
      .optional()
      .describe('Workspace folder to write into; default deploy/<environment>'),
  fluxInterval: (z: Z) =>
    z
      .string()
      .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'must be like 5m or 1h')
      .optional()
      .describe('Flux reconcile interval; default 5m'),
  registrySecretName: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Secret with the chart registry credentials, for Flux (secretRef)',
      ),
  registryCaSecretName: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        "Secret with the registry's CA as ca.crt, for Flux (certSecretRef)",
      ),
  argoCdNamespace: (z: Z) =>
    z
      .string()
      .optional()
      .describe('Namespace of the Argo CD Application; default argocd'),
  argoCdProject: (z: Z) =>
    z.string().optional().describe('Argo CD project; default "default"'),
  argoCdDestinationServer: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Destination cluster as Argo CD knows it; default https://kubernetes.default.svc',
      ),
  argoCdSourceRepoUrl: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Git repository the files are published to. Needed for the Argo CD Application of an app with secret Kafka properties, whose source is the rendered kustomization in Git',
      ),
  argoCdSourceRevision: (z: Z) =>
    z
      .string()
      .optional()
      .describe('Branch, tag or commit Argo CD follows; default HEAD'),
  fluxGitRepository: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'The Flux GitRepository (in flux-system) the KsmlApp form is applied from; default flux-system',
      ),
};

/** The GitOps inputs as an action receives them. */
export type GitopsInput = {
  [K in keyof typeof gitopsInput]?: string;
};

/** The outputs that say where the files are and which Secret the app expects. */
export const gitopsOutput = {
  valuesPath: (z: Z) =>
    z.string().describe('Workspace path of the values.yaml written'),
  fluxPath: (z: Z) =>
    z.string().describe('Workspace path of the Flux manifests'),
  ksmlAppPath: (z: Z) =>
    z
      .string()
      .describe(
        'Workspace path of the KsmlApp (operator mode), beside its Flux Kustomization and Argo CD Application',
      ),
  argoCdPath: (z: Z) =>
    z
      .string()
      .describe(
        'Workspace path of the Argo CD Application (or, without argoCdSourceRepoUrl for an app with secrets, of its kustomization)',
      ),
  secretName: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'The Secret the app expects its secret Kafka properties in (not written)',
      ),
  secretProperties: (z: Z) =>
    z
      .array(z.string())
      .describe('Names of the Kafka properties that belong in that Secret'),
};

/**
 * The rendering options from an action's GitOps inputs, with their defaults. A template passes
 * an optional parameter the user left empty as "": that means unset.
 */
export function gitopsOptionsOf(
  input: GitopsInput,
  environment: string,
): RenderedFilesOptions {
  const given = (value?: string) => value || undefined;
  return {
    targetPath: given(input.targetPath) ?? `deploy/${environment}`,
    fluxInterval: given(input.fluxInterval) ?? '5m',
    registrySecretName: given(input.registrySecretName),
    registryCaSecretName: given(input.registryCaSecretName),
    argoCdNamespace: given(input.argoCdNamespace) ?? 'argocd',
    argoCdProject: given(input.argoCdProject) ?? 'default',
    argoCdDestinationServer:
      given(input.argoCdDestinationServer) ?? 'https://kubernetes.default.svc',
    argoCdSourceRepoUrl: given(input.argoCdSourceRepoUrl),
    argoCdSourceRevision: given(input.argoCdSourceRevision),
    fluxGitRepository: given(input.fluxGitRepository),
  };
}

/** An action's input split into its GitOps inputs and the rest (the app). */
export function splitGitopsInput<T extends GitopsInput>(
  input: T,
): { gitops: GitopsInput; rest: Omit<T, keyof GitopsInput> } {
  const gitops: GitopsInput = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key in gitopsInput) gitops[key as keyof GitopsInput] = value as string;
    else rest[key] = value;
  }
  return { gitops, rest: rest as Omit<T, keyof GitopsInput> };
}

/** The action's context as {@link writeRenderedApp} uses it. */
type WriteContext = Pick<
  ActionContext<any, any>,
  'workspacePath' | 'logger' | 'output'
>;

/**
 * Writes a rendered app's GitOps files into `options.targetPath` of the workspace (unless
 * `write` is false: a dry run that only says what it would write), logs what was written and
 * the Secret the app expects, and gives the {@link gitopsOutput} outputs. Returns the
 * workspace paths of the files, in the order written.
 */
export async function writeRenderedApp(
  ctx: WriteContext,
  app: KsmlAppRef,
  rendered: KsmlRenderResponse,
  options: RenderedFilesOptions,
  write = true,
): Promise<string[]> {
  const { targetPath } = options;
  // Built whole before anything is written: a chart the GitOps tools cannot reach fails here,
  // leaving the workspace as it was.
  const files = renderedFiles(app, rendered, options);
  const paths = Object.keys(files).map(name => `${targetPath}/${name}`);
  if (write) {
    for (const [name, content] of Object.entries(files)) {
      const path = resolveSafeChildPath(
        ctx.workspacePath,
        `${targetPath}/${name}`,
      );
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, 'utf8');
    }
  }
  ctx.logger.info(
    `${write ? 'Rendered' : 'Dry run: would render'} ${
      rendered.release
    } (namespace ${rendered.namespace}) into ${targetPath}: ${Object.keys(
      files,
    ).join(', ')}${write ? '' : '; nothing was written'}`,
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
  for (const warning of rendered.warnings) ctx.logger.warn(warning);

  ctx.output('releaseName', rendered.release);
  ctx.output('namespace', rendered.namespace);
  ctx.output('valuesPath', `${targetPath}/values.yaml`);
  ctx.output('fluxPath', `${targetPath}/flux/helmrelease.yaml`);
  ctx.output('ksmlAppPath', `${targetPath}/ksmlapp/ksmlapp.yaml`);
  const argoCdFile = files['argocd/application.yaml']
    ? 'application.yaml'
    : 'kustomization.yaml';
  ctx.output('argoCdPath', `${targetPath}/argocd/${argoCdFile}`);
  if (rendered.secretName) ctx.output('secretName', rendered.secretName);
  // A fresh array: the scaffolder refuses outputs whose prototype is not its realm's Array
  // (e.g. one parsed by a fetch implementation from another realm, as under jest).
  ctx.output('secretProperties', [...rendered.secretProperties]);
  return paths;
}
