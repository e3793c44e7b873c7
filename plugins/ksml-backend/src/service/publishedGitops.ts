import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  KSML_INSTANCE_ANNOTATION,
  KSML_TENANT_ANNOTATION,
  type KsmlAppRef,
  type KsmlGitopsFilesResponse,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { parseAllDocuments } from 'yaml';

/** A file larger than this is listed without its content. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The GitOps files the GitOps template rendered for an app's environment and published into
 * the dev portal's publish folder (`ksml.scaffolder.publishFolder`, the offline stand-in for a
 * Git repository): `<publishFolder>/<application>/deploy/<environment>/**`, so the browser can
 * show and download them. Only a folder whose catalog-info.yaml names the same tenant and
 * instance counts; the files hold no secrets (the render never writes them).
 */
export async function readPublishedGitops(
  publishFolder: string,
  ref: KsmlAppRef,
): Promise<KsmlGitopsFilesResponse> {
  const notFound = () =>
    withReason(
      new NotFoundError(
        `No GitOps files of ${ref.application} for ${ref.environment} in the portal's publish folder: they are in the app's repository`,
      ),
      'NoPublishedFiles',
    );
  let appFolder: string;
  let deployFolder: string;
  try {
    appFolder = resolveSafeChildPath(publishFolder, ref.application);
    deployFolder = resolveSafeChildPath(
      appFolder,
      join('deploy', ref.environment),
    );
  } catch {
    throw notFound();
  }
  const catalogInfo = await readFile(
    join(appFolder, 'catalog-info.yaml'),
    'utf8',
  ).catch(() => '');
  const names = parseAllDocuments(catalogInfo).some(doc => {
    const annotations = (doc.toJS() as any)?.metadata?.annotations ?? {};
    return (
      annotations[KSML_TENANT_ANNOTATION] === ref.tenant &&
      annotations[KSML_INSTANCE_ANNOTATION] === ref.instance
    );
  });
  if (!names) throw notFound();
  const files: KsmlGitopsFilesResponse['files'] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        const { size } = await stat(path);
        files.push({
          path: relative(appFolder, path),
          size,
          ...(size <= MAX_FILE_BYTES
            ? { content: await readFile(path, 'utf8') }
            : {}),
        });
      }
    }
  };
  await walk(deployFolder);
  if (files.length === 0) throw notFound();
  return { folder: appFolder, files };
}
