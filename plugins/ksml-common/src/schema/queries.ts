import { z } from 'zod';
import { DEPLOYMENT_MODES, MAX_REPLICAS } from './deployRequest';
import { appRefSchema, dnsLabel, isoTime, topicName } from './fields';

/** `tailLines` when a logs request gives none. */
export const DEFAULT_TAIL_LINES = 100;
/** Most log lines one request may ask for, per replica. */
export const MAX_TAIL_LINES = 10_000;

/** How far back the history the runners' readings keep goes (the backend's, in memory). */
export const KEPT_HISTORY_SECONDS = 3600;
/** The longest history `GET /throughput` may ask a Prometheus for. */
export const MAX_HISTORY_SECONDS = 30 * 24 * 3600;
const RANGE_UNITS = { m: 60, h: 3600, d: 86_400 } as const;

/**
 * A history range as `GET /throughput` takes it (`15m`, `6h`, `7d`) in seconds; undefined when
 * it is not one. Pure.
 */
export function historyRangeSeconds(range: string): number | undefined {
  const match = /^([1-9][0-9]{0,4})([mhd])$/.exec(range);
  return match
    ? Number(match[1]) * RANGE_UNITS[match[2] as keyof typeof RANGE_UNITS]
    : undefined;
}

/**
 * The query of `GET /throughput`: the app, and how far back its trend goes (`range`, default
 * the hour the backend keeps; longer needs the environment's Prometheus).
 */
export const throughputQuerySchema = appRefSchema.extend({
  range: z
    .string()
    .optional()
    .transform((range, ctx) => {
      if (range === undefined) return undefined;
      const seconds = historyRangeSeconds(range);
      if (seconds === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be minutes, hours or days, like 15m, 6h or 7d',
        });
        return z.NEVER;
      }
      if (seconds < 60 || seconds > MAX_HISTORY_SECONDS) {
        ctx.addIssue({
          code: 'custom',
          message: `must be between 1m and ${MAX_HISTORY_SECONDS / 86_400}d`,
        });
        return z.NEVER;
      }
      return seconds;
    }),
});

/** A whole number of 0 or more from a query string; an empty value is a refusal, not 0. */
function wholeNumberOrAbsent() {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number of 0 or more')
    .transform(Number)
    .optional();
}

/** Records `GET /records` returns when the request names no `limit`. */
export const DEFAULT_RECORDS_LIMIT = 50;
/** Most records one `GET /records` may return. */
export const MAX_RECORDS_LIMIT = 500;

/**
 * The query of `GET /records`: one of the app's topics, how many records (the last ones by
 * default), from when or from which offset, and a filter on their key and value.
 */
export const recordsQuerySchema = appRefSchema
  .extend({
    /** One of the topics the app's definition reads or writes. */
    topic: topicName,
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_RECORDS_LIMIT, `must be at most ${MAX_RECORDS_LIMIT}`)
      .default(DEFAULT_RECORDS_LIMIT),
    /** Records from this time on (ISO 8601), instead of the last ones. */
    from: isoTime.optional(),
    /** With `offset`: records of this partition only, from that offset on. */
    partition: wholeNumberOrAbsent(),
    offset: wholeNumberOrAbsent(),
    /** Only records whose key or value (as decoded) contains this text, ignoring case. */
    filter: z.string().max(200, 'must be at most 200 characters').optional(),
  })
  .refine(q => (q.partition === undefined) === (q.offset === undefined), {
    path: ['offset'],
    message: 'goes with partition: give both, or neither',
  })
  .refine(q => !(q.from !== undefined && q.offset !== undefined), {
    path: ['from'],
    message: 'cannot be given with offset: records start at one or the other',
  });

/** The query of `GET /logs`: the app and how many lines per replica. */
export const logsQuerySchema = appRefSchema.extend({
  tailLines: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_TAIL_LINES, `must be at most ${MAX_TAIL_LINES}`)
    .default(DEFAULT_TAIL_LINES),
  /** The last terminated container's log (a crashed run's), instead of the current one. */
  previous: z
    .enum(['true', 'false'])
    .default('false')
    .transform(value => value === 'true'),
});

/** The query of `DELETE /deploy`. */
export const undeployQuerySchema = appRefSchema.extend({
  /** Also delete the app's PersistentVolumeClaims (its KSML store); default false. */
  deleteStorage: z
    .enum(['true', 'false'])
    .default('false')
    .transform(value => value === 'true'),
});

/** The query of `GET /metrics` (the readme's optional deploymentMode is accepted and unused). */
export const metricsQuerySchema = appRefSchema.extend({
  deploymentMode: z.enum(DEPLOYMENT_MODES).optional(),
});

/** The body of `POST /rollback`: the app and the Helm revision to go back to. */
export const rollbackBodySchema = appRefSchema
  .extend({
    revision: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more'),
  })
  .strict();

/** The body of `POST /scale`: the app and its replicas (0 stops it). */
export const scaleBodySchema = appRefSchema
  .extend({
    replicas: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`),
  })
  .strict();

/** The body of `POST /restart`: the app. */
export const restartBodySchema = appRefSchema.strict();

/** The query of `GET /definition`: the app, and a Helm revision (default: the deployed one). */
export const definitionQuerySchema = appRefSchema.extend({
  revision: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .optional(),
});

/** Changes `GET /changes` answers when the query asks for no number. */
export const DEFAULT_CHANGES = 100;
/** Most changes one `GET /changes` answers. */
export const MAX_CHANGES = 1000;

/** The query of `GET /changes`: who made them (an entity ref), and how many (newest first). */
export const changesQuerySchema = z.object({
  actor: z
    .string()
    .min(1, 'must not be empty')
    .max(300, 'must be at most 300 characters')
    .optional(),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_CHANGES, `must be at most ${MAX_CHANGES}`)
    .default(DEFAULT_CHANGES),
});

/**
 * The query of `GET /apps`: all apps, or those of one tenant, instance or application (an
 * entity's KSML tab asks for its own app's environments without reading the fleet's status).
 */
export const appsQuerySchema = z.object({
  tenant: dnsLabel.optional(),
  instance: dnsLabel.optional(),
  application: dnsLabel.optional(),
});
