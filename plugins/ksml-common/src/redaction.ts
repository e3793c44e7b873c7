/**
 * What stands in place of a secret Kafka property's value wherever the request is kept or
 * shown (deploy history, logs, audit events). The backend refuses it as a value on deploy, and
 * the frontend will not replay a record that holds it.
 */
export const REDACTED_SECRET = '***';
