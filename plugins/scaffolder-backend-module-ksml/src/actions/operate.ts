import {
  KsmlAppRef,
  KsmlOperationResponse,
  MAX_REPLICAS,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zImpl } from 'zod/v3';
import { callBackend } from './backendErrors';
import { appOutput, appRefInput } from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { rollbackExamples, scaleExamples } from './operate.examples';

type Z = typeof zImpl;

const revisionOutput = {
  ...appOutput,
  revision: (z: Z) =>
    z.number().describe('The Helm revision the operation made'),
};

/**
 * Runs an operation on an installed app on behalf of the task's initiator (their
 * `ksml.app.operate` permission decides), once per task (a checkpoint), and outputs the release
 * and the revision it made; a dry run says what it would do.
 */
async function operate(
  ctx: Parameters<Parameters<typeof createTemplateAction>[0]['handler']>[0] & {
    input: KsmlAppRef;
  },
  options: KsmlActionOptions,
  what: { name: string; dryRun: string; key: string },
  call: (token: string) => Promise<KsmlOperationResponse>,
) {
  const release = releaseName(ctx.input);
  if (ctx.isDryRun) {
    ctx.logger.info(`Dry run: ${release} would be ${what.dryRun}`);
    ctx.output('releaseName', release);
    ctx.output('namespace', '');
    ctx.output('revision', 0);
    return;
  }
  const token = onBehalfOfInitiator(options.auth, ctx);
  // The checkpoint keeps plain JSON: the release's name, namespace and revision.
  const helm = await ctx.checkpoint({
    key: `ksml.${what.key}.${release}`,
    fn: async () => {
      const result = await callBackend(what.name, async () =>
        call(await token()),
      );
      return {
        name: result.helm.name,
        namespace: result.helm.namespace,
        revision: result.helm.revision,
      };
    },
  });
  ctx.logger.info(
    `${release} ${what.dryRun}: now revision ${helm.revision} in namespace ${helm.namespace}`,
  );
  ctx.output('releaseName', helm.name);
  ctx.output('namespace', helm.namespace);
  ctx.output('revision', helm.revision);
}

/** `ksml:app:rollback`: rolls a KSML app back to an earlier Helm revision (incident templates). */
export function createKsmlRollbackAction(options: KsmlActionOptions) {
  return createTemplateAction({
    id: 'ksml:app:rollback',
    description:
      'Rolls a KSML app back to an earlier Helm revision with the KSML backend (needs ksml.app.operate).',
    examples: rollbackExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        revision: z =>
          z.number().int().min(1).describe('The Helm revision to go back to'),
      },
      output: revisionOutput,
    },
    async handler(ctx) {
      const { revision, ...ref } = ctx.input;
      await operate(
        ctx as any,
        options,
        {
          name: 'rollback',
          dryRun: `rolled back to revision ${revision}`,
          key: `rollback.${revision}`,
        },
        token => options.ksml.rollback({ ...ref, revision }, { token }),
      );
    },
  });
}

/** `ksml:app:scale`: other replicas for a KSML app; 0 stops it (clean-up and incident templates). */
export function createKsmlScaleAction(options: KsmlActionOptions) {
  return createTemplateAction({
    id: 'ksml:app:scale',
    description:
      'Scales a KSML app with the KSML backend; 0 replicas stops it (needs ksml.app.operate).',
    examples: scaleExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        replicas: z =>
          z
            .number()
            .int()
            .min(0)
            .max(MAX_REPLICAS)
            .describe('Replicas wanted; 0 stops the app'),
      },
      output: revisionOutput,
    },
    async handler(ctx) {
      const { replicas, ...ref } = ctx.input;
      await operate(
        ctx as any,
        options,
        {
          name: 'scale',
          dryRun: `scaled to ${replicas} replicas`,
          key: `scale.${replicas}`,
        },
        token => options.ksml.scale({ ...ref, replicas }, { token }),
      );
    },
  });
}
