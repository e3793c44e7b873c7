import { z } from 'zod';
import { deployRequestSchema, MAX_REPLICAS } from './deployRequest';
import { dnsLabel } from './fields';

/**
 * The body of `POST /promote`: deploy what runs in one environment (`from`: its definitions and
 * schemas, its replicas and resources unless given here) to another (`to`), with the target
 * environment's Kafka properties: `kafkaProperties` when given, else those of the app's last
 * deploy there (secret ones resent in `secretKafkaProperties`). `dryRun` checks the target's
 * chart values and Kafka (preflight) and applies nothing.
 */
export const promoteRequestSchema = z
  .object({
    tenant: dnsLabel,
    instance: dnsLabel,
    application: dnsLabel,
    from: dnsLabel,
    to: dnsLabel,
    replicas: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`)
      .optional(),
    resources: deployRequestSchema.shape.resources,
    kafkaProperties: deployRequestSchema.shape.kafkaProperties.optional(),
    secretKafkaProperties: z.record(z.string(), z.string()).optional(),
    allowMissingTopics: z.boolean().optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine(request => request.from !== request.to, {
    path: ['to'],
    message: 'must be another environment than from',
  });

/** A validated promotion request. */
export type PromoteRequest = z.output<typeof promoteRequestSchema>;
/** A promotion request as a caller sends it. */
export type PromoteRequestInput = z.input<typeof promoteRequestSchema>;
