import { z } from 'zod';
import { deployRequestSchema } from './deployRequest';
import { dnsLabel } from './fields';

/** Environments one preflight may check at once. */
export const MAX_PREFLIGHT_ENVIRONMENTS = 20;

/**
 * The body of `POST /preflight`: what a template's form knows before Create (the app's name,
 * the environments ticked, the definition) to check where the user is: whether the app already
 * runs in each environment, and whether each environment's Kafka has the topics it reads.
 */
export const preflightRequestSchema = z
  .object({
    tenant: dnsLabel,
    instance: dnsLabel,
    application: dnsLabel,
    environments: z
      .array(dnsLabel)
      .min(1, 'must name at least one environment')
      .max(
        MAX_PREFLIGHT_ENVIRONMENTS,
        `must name at most ${MAX_PREFLIGHT_ENVIRONMENTS} environments`,
      ),
    definition: deployRequestSchema.shape.definition,
    definitions: deployRequestSchema.shape.definitions,
    replicas: deployRequestSchema.shape.replicas.optional(),
  })
  .strict();

/** A validated preflight request. */
export type PreflightRequest = z.output<typeof preflightRequestSchema>;
/** A preflight request as a caller sends it. */
export type PreflightRequestInput = z.input<typeof preflightRequestSchema>;
