import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  definitionsInValues,
  KsmlApi,
  KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** The definitions the target's current rendered values hold, or why they are not known. */
export type RenderedTargetDefinitions =
  | { known: true; where: string; definitions: Record<string, string> }
  | { known: false; why: string };

/** Where {@link renderedTargetDefinitions} looks. */
export interface RenderedTargetSources {
  /** The task's workspace, and the folder the target's files are (re)written to there. */
  workspacePath: string;
  targetPath: string;
  /** The target app, for the files the portal published for it. */
  target: KsmlAppRef;
  ksml: Pick<KsmlApi, 'gitopsFiles'>;
  token: () => Promise<string>;
}

/**
 * The definitions of the target's current rendered `values.yaml`, to say which a GitOps
 * promotion changes: the one already in the workspace's target folder (a template that checked
 * out the GitOps repository first), else the one the portal published for the target
 * (`GET /gitops`, the dev portal's publish folder). Neither is an error: the files may be in a
 * repository this portal does not read, and the promotion goes on without knowing.
 */
export async function renderedTargetDefinitions(
  sources: RenderedTargetSources,
): Promise<RenderedTargetDefinitions> {
  const inWorkspace = `${sources.targetPath}/values.yaml`;
  const local = await readFile(
    resolveSafeChildPath(sources.workspacePath, inWorkspace),
    'utf8',
  ).catch(() => undefined);
  if (local !== undefined) {
    return definitionsOf(local, `${inWorkspace} in the workspace`);
  }

  const { environment } = sources.target;
  const published = `deploy/${environment}/values.yaml`;
  try {
    const answer = await sources.ksml.gitopsFiles(sources.target, {
      token: await sources.token(),
    });
    const file = answer.files.find(f => f.path === published);
    if (file?.content === undefined) {
      return {
        known: false,
        why: file
          ? `the published ${published} is too large to read`
          : `the files published for ${environment} hold no ${published}`,
      };
    }
    return definitionsOf(
      file.content,
      `the files published for ${environment}`,
    );
  } catch (error) {
    if (error instanceof ResponseError && error.statusCode === 404) {
      return {
        known: false,
        why: `no rendered files of ${environment} in the workspace or the portal's publish folder`,
      };
    }
    return {
      known: false,
      why: `the files published for ${environment} could not be read: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
}

function definitionsOf(text: string, where: string): RenderedTargetDefinitions {
  try {
    const values = parse(text);
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      return { known: false, why: `${where} holds no chart values` };
    }
    return {
      known: true,
      where,
      definitions: definitionsInValues(values).definitions,
    };
  } catch {
    return { known: false, why: `${where} is not valid YAML` };
  }
}
