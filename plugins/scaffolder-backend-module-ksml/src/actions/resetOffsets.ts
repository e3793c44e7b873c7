import {
  KsmlOffsetResetResponse,
  MAX_RESET_PARTITIONS,
  OFFSET_RESET_TARGETS,
  ResetOffsetsRequestInput,
  releaseName,
  responseReasonOf,
} from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { callBackend } from './backendErrors';
import { appOutput, appRefInput } from './inputs';
import type { KsmlDeployActionOptions } from './deploy';
import { onBehalfOfInitiator } from './ksmlActionOptions';
import { waitForApp } from './waitForApp';
import { examples } from './resetOffsets.examples';

/** Seconds a reset waits for the app to stop and its group to empty, by default. */
const DEFAULT_TIMEOUT_SECONDS = 120;

/**
 * Calls `reset` again while the backend answers 409 `GroupActive` (the stopped app's runners
 * are still members of its group until their sessions end) and `deadline` is not passed.
 */
async function whileGroupActive<T>(
  reset: () => Promise<T>,
  options: {
    deadline: number;
    intervalMs: number;
    log: (message: string) => void;
    signal?: AbortSignal;
  },
): Promise<T> {
  for (;;) {
    try {
      return await reset();
    } catch (error) {
      if (
        responseReasonOf(error) !== 'GroupActive' ||
        Date.now() + options.intervalMs > options.deadline
      )
        throw error;
      options.log(
        'The consumer group still has members (a stopped runner stays one until its session ends); trying again',
      );
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    }
  }
}

/** What an offset reset's inputs say, as the action's schema reads them. */
interface ResetOffsetsInput {
  tenant: string;
  instance: string;
  environment: string;
  application: string;
  to: (typeof OFFSET_RESET_TARGETS)[number];
  time?: string;
  offsets?: Array<{ topic: string; partition: number; offset: number }>;
  topics?: string[];
}

/**
 * What the action keeps of a reset (in its checkpoint: plain JSON) for its outputs; a type, not
 * an interface, so that it counts as a JSON object.
 */
type ResetSummary = {
  groupId: string;
  groupType: KsmlOffsetResetResponse['groupType'];
  groupState?: string;
  applied: boolean;
  partitions: number;
  lagBefore: number;
  lagAfter: number;
};

// A reset may cover thousands of partitions; the task log shows the first ones and a count,
// the totals cover them all.
const MAX_LOGGED_PARTITIONS = 50;

/**
 * The request for `POST /reset-offsets`. An empty `time` (a form's empty field, passed whatever
 * `to` is) is left out, so `to: earliest` from a form with an optional time field is not refused.
 */
export function resetOffsetsRequestOf(
  input: ResetOffsetsInput,
  dryRun: boolean,
): ResetOffsetsRequestInput {
  const { time, ...rest } = input;
  return { ...rest, ...(time ? { time } : {}), dryRun };
}

/**
 * The checkpoint's key: the release and where it goes. The time is written out; topics and
 * offsets (up to 10,000 partitions) only as a short hash, so the key stays short but two
 * different resets of one app in a task do not share it.
 */
function checkpointKey(release: string, request: ResetOffsetsRequestInput) {
  const { to, time, topics, offsets } = request;
  const selection =
    topics || offsets
      ? `.${createHash('sha256')
          .update(JSON.stringify({ topics, offsets }))
          .digest('hex')
          .slice(0, 12)}`
      : '';
  return `ksml.reset-offsets.${release}.${to}${
    time ? `.${time}` : ''
  }${selection}`;
}

/** e.g. "the first records at or after 2026-12-07T10:00:00Z". */
function destination(request: ResetOffsetsRequestInput): string {
  switch (request.to) {
    case 'time':
      return `the first records at or after ${request.time}`;
    case 'offsets':
      return 'the offsets given';
    default:
      return request.to;
  }
}

/**
 * e.g. "ksml_sensordata_avro-0: 100 → 0, lag 20 → 120": each partition's committed offset (none
 * when the group never committed there) and its new one, and its lag before and after.
 */
function partitionLines(result: KsmlOffsetResetResponse): string[] {
  const lines = result.partitions
    .slice(0, MAX_LOGGED_PARTITIONS)
    .map(
      p =>
        `  ${p.topic}-${p.partition}: ${p.currentOffset ?? 'none'} → ${
          p.newOffset
        }, lag ${p.lagBefore} → ${p.lagAfter}`,
    );
  const more = result.partitions.length - MAX_LOGGED_PARTITIONS;
  return more > 0 ? [...lines, `  … and ${more} more partitions`] : lines;
}

/**
 * `ksml:app:reset-offsets`: moves a stopped KSML app's consumer group (its `application.id`)
 * on its input topics through the KSML backend (`POST /reset-offsets`), on behalf of the task's
 * initiator (their `ksml.app.operate` decides; the backend records and audits it): to the
 * earliest or latest offsets, to the first records at or after a time, or to offsets given per
 * partition. For incident templates: stop the app (`ksml:app:scale` to 0), reset, start it
 * again. The backend refuses (409) while the app runs or its group still has members: the step
 * first waits up to `timeout` seconds for the app to be Stopped (its pods gone) and then
 * retries while the group still has members (a stopped runner's session lasts up to 45 s),
 * failing with the backend's message when the time is up. In the scaffolder's dry run the backend only plans the reset and the
 * log shows it, partition by partition. A real reset runs once per task (a checkpoint).
 */
export function createKsmlResetOffsetsAction(options: KsmlDeployActionOptions) {
  const { ksml, auth, pollIntervalMs = 3000 } = options;
  return createTemplateAction({
    id: 'ksml:app:reset-offsets',
    description:
      "Resets a stopped KSML app's consumer group offsets on its input topics (earliest, latest, a time, or offsets per partition) with the KSML backend (needs ksml.app.operate). Refused while the app runs: scale it to 0 first. In a dry run the backend only plans the reset.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        to: z =>
          z
            .enum(OFFSET_RESET_TARGETS)
            .describe(
              'Where the group goes on each partition: earliest, latest, time (the first record at or after time) or offsets (as given)',
            ),
        time: z =>
          z
            .string()
            .optional()
            .describe(
              'With to: time, and only then (empty counts as not given): ISO 8601 with a zone, e.g. 2026-12-07T10:00:00Z; a partition with no record since then goes to its end',
            ),
        offsets: z =>
          z
            .array(
              z
                .object({
                  topic: z.string().min(1).max(249),
                  partition: z.number().int().min(0),
                  offset: z.number().int().min(0),
                })
                .strict(),
            )
            .min(1)
            .max(MAX_RESET_PARTITIONS)
            .optional()
            .describe(
              'With to: offsets, and only then: the new offset of each partition named ({topic, partition, offset}); the others stay. Not with topics',
            ),
        topics: z =>
          z
            .array(z.string().min(1).max(249))
            .min(1)
            .max(1000)
            .optional()
            .describe(
              'The input topics to reset (default: every topic the app reads); not with to: offsets',
            ),
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Only plan the reset and log each partition's move, as the scaffolder's dry run does; apply nothing",
            ),
        timeout: z =>
          z
            .number()
            .int()
            .min(0)
            .optional()
            .describe(
              `Seconds to wait for the app to be stopped and its consumer group empty before the reset fails; default ${DEFAULT_TIMEOUT_SECONDS}, 0 fails at once`,
            ),
      },
      output: {
        releaseName: appOutput.releaseName,
        groupId: z =>
          z.string().describe("The consumer group: the app's application.id"),
        groupType: z =>
          z
            .enum(['classic', 'consumer', 'streams', 'unknown'])
            .describe(
              'How Kafka keeps the group: classic, consumer, streams (KIP-1071), or unknown when it never committed',
            ),
        partitions: z =>
          z.number().describe('How many partitions the reset covers'),
        lagBefore: z =>
          z.number().describe('The lag summed over those partitions before'),
        lagAfter: z =>
          z
            .number()
            .describe(
              'The lag summed over those partitions after (the lag the app has to work through)',
            ),
        applied: z =>
          z
            .boolean()
            .describe(
              'True once the broker took the new offsets; false in a dry run',
            ),
      },
    },
    async handler(ctx) {
      const {
        timeout = DEFAULT_TIMEOUT_SECONDS,
        dryRun: planOnly,
        ...input
      } = ctx.input as ResetOffsetsInput & {
        timeout?: number;
        dryRun?: boolean;
      };
      // The backend plans without applying in a dry run, and does so while the app runs: the
      // dry run shows the real plan, and a bad input fails there already (the backend's 400).
      // A template's review step asks for one with dryRun, the scaffolder's dry run always.
      const dryRun = ctx.isDryRun === true || planOnly === true;
      const request = resetOffsetsRequestOf(input, dryRun);
      const release = releaseName(input);
      const token = onBehalfOfInitiator(auth, ctx);
      const deadline = Date.now() + timeout * 1000;
      const reset = async (): Promise<ResetSummary> => {
        if (!dryRun && timeout > 0) {
          // Stopping takes as long as the pods' shutdown: wait for it rather than be refused.
          await waitForApp(input, {
            ksml,
            token,
            done: ['Stopped', 'Completed'],
            timeoutMs: timeout * 1000,
            intervalMs: pollIntervalMs,
            log: line => ctx.logger.info(`${release}: ${line}`),
            signal: ctx.signal,
          });
        }
        const result = await callBackend('offset reset', () =>
          whileGroupActive(
            async () => ksml.resetOffsets(request, { token: await token() }),
            {
              deadline: dryRun ? 0 : deadline,
              intervalMs: pollIntervalMs,
              log: message => ctx.logger.info(message),
              signal: ctx.signal,
            },
          ),
        );
        // Logged here, not after the checkpoint, so its state keeps the totals alone, never a
        // list of partitions; a replayed checkpoint logs the totals below.
        ctx.logger.info(
          `${
            dryRun ? 'Dry run: the offsets of' : 'The offsets of'
          } ${release} (group ${result.groupId}, ${result.groupType}${
            result.groupState ? `, ${result.groupState}` : ''
          }) ${dryRun ? 'would move' : 'moved'} to ${destination(request)}:`,
        );
        for (const line of partitionLines(result)) ctx.logger.info(line);
        return {
          groupId: result.groupId,
          groupType: result.groupType,
          ...(result.groupState ? { groupState: result.groupState } : {}),
          applied: result.applied,
          partitions: result.partitions.length,
          lagBefore: result.lagBefore,
          lagAfter: result.lagAfter,
        };
      };
      // A retried task finds the reset done and does not move the group again (the app may
      // have consumed since); a dry run only plans and is redone.
      const summary = dryRun
        ? await reset()
        : await ctx.checkpoint({
            key: checkpointKey(release, request),
            fn: reset,
          });

      ctx.logger.info(
        `${summary.partitions} partitions, lag ${summary.lagBefore} → ${
          summary.lagAfter
        }; ${summary.applied ? 'applied' : 'nothing was applied'}`,
      );
      ctx.output('releaseName', release);
      ctx.output('groupId', summary.groupId);
      ctx.output('groupType', summary.groupType);
      ctx.output('partitions', summary.partitions);
      ctx.output('lagBefore', summary.lagBefore);
      ctx.output('lagAfter', summary.lagAfter);
      ctx.output('applied', summary.applied);
    },
  });
}
