import { z } from 'zod';
import { DNS_LABEL_PATTERN } from '../naming';

/** One part of an app's identity: a lowercase DNS label of at most 63 characters. */
export const dnsLabel = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters')
  .regex(
    DNS_LABEL_PATTERN,
    "must be lowercase letters, digits and '-', starting and ending with a letter or digit",
  );

/** The query (or body) fields that identify an app. */
export const appRefSchema = z.object({
  tenant: dnsLabel,
  instance: dnsLabel,
  environment: dnsLabel,
  application: dnsLabel,
});

/** A time with a date, hours and minutes, and a zone (`Z` or an offset). */
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A time in ISO 8601 with its zone, as records and offset resets take it. */
export const isoTime = z
  .string()
  .refine(value => ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be a time in ISO 8601, like 2026-12-07T10:00:00Z',
  });

/** A Kafka topic name (Kafka itself refuses one longer than 249 characters). */
export const topicName = z
  .string()
  .min(1, 'is required')
  .max(249, 'must be at most 249 characters');

/** A Kubernetes resource quantity such as `250m`, `0.5`, `512Mi` or `1G`. */
export const quantity = z
  .string()
  .regex(
    /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
    'must be a Kubernetes quantity such as 250m, 1, 512Mi or 1Gi',
  );

/** A valid ConfigMap key that is a plain file name (no path separators). */
export const configMapFileName = z
  .string()
  .min(1, 'is required')
  .max(253, 'must be at most 253 characters')
  .regex(
    /^[-._a-zA-Z0-9]+$/,
    "must be a file name of letters, digits, '-', '_' and '.' (no path separators)",
  )
  // Kubernetes refuses ConfigMap keys "." and ".." and any starting with ".." (as it keeps
  // them in "..data" folders of the volume).
  .refine(
    name => name !== '.' && !name.startsWith('..'),
    "must be a file name (not '.', and not starting with '..')",
  );
