import { z } from 'zod';
import { appRefSchema, isoTime, topicName } from './fields';

/** Where `POST /reset-offsets` moves the app's consumer group. */
export const OFFSET_RESET_TARGETS = [
  'earliest',
  'latest',
  'time',
  'offsets',
] as const;

/** Most partitions one `POST /reset-offsets` may name in `offsets`. */
export const MAX_RESET_PARTITIONS = 10_000;

/**
 * The body of `POST /reset-offsets`: the app, where its consumer group goes on its input topics
 * (`earliest`, `latest`, the first offset at or after `time`, or the `offsets` given per
 * partition), which input topics (default all; `offsets` names its own), and whether only to
 * show what would change (`dryRun`).
 */
export const resetOffsetsRequestSchema = appRefSchema
  .extend({
    to: z.enum(OFFSET_RESET_TARGETS),
    /** With `to: time`: ISO 8601; each partition goes to its first record at or after it. */
    time: isoTime.optional(),
    /** With `to: offsets`: the new offset of each partition named; others stay. */
    offsets: z
      .array(
        z.strictObject({
          topic: topicName,
          partition: z
            .number()
            .int('must be a whole number')
            .min(0, 'must be 0 or more'),
          offset: z
            .number()
            .int('must be a whole number')
            .min(0, 'must be 0 or more'),
        }),
      )
      .min(1, 'must name at least one partition')
      .max(
        MAX_RESET_PARTITIONS,
        `must name at most ${MAX_RESET_PARTITIONS} partitions`,
      )
      .optional(),
    /** The input topics to reset (default: every topic the app's group reads). */
    topics: z
      .array(topicName)
      .min(1, 'must name at least one topic')
      .max(1000, 'must name at most 1000 topics')
      .optional(),
    /** Only show each partition's current and new offset; change nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict()
  .superRefine((body, ctx) => {
    const needs = (field: 'time' | 'offsets', given: boolean, to: string) => {
      if (body.to === to && !given)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `is required with to: ${to}`,
        });
      if (body.to !== to && given)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `goes only with to: ${to}`,
        });
    };
    needs('time', body.time !== undefined, 'time');
    needs('offsets', body.offsets !== undefined, 'offsets');
    if (body.offsets && body.topics) {
      ctx.addIssue({
        code: 'custom',
        path: ['topics'],
        message: 'cannot be given with offsets, which name their own topics',
      });
    }
    const seen = new Set<string>();
    body.offsets?.forEach(({ topic, partition }, index) => {
      const key = `${topic}\u0000${partition}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['offsets', index],
          message: `names ${topic} partition ${partition} a second time`,
        });
      seen.add(key);
    });
  });

/** A valid `POST /reset-offsets` body, defaults applied. */
export type ResetOffsetsRequest = z.output<typeof resetOffsetsRequestSchema>;

/** What a caller sends to `POST /reset-offsets` (`dryRun` may be left out). */
export type ResetOffsetsRequestInput = z.input<
  typeof resetOffsetsRequestSchema
>;
