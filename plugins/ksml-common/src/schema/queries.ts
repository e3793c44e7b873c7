import { z } from 'zod';
import { DEPLOYMENT_MODES, MAX_REPLICAS } from './deployRequest';
import { appRefSchema, dnsLabel } from './fields';

/** `tailLines` when a logs request gives none. */
export const DEFAULT_TAIL_LINES = 100;
/** Most log lines one request may ask for, per replica. */
export const MAX_TAIL_LINES = 10_000;

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
