export { computeLag, groupInputTopics } from './lag';
export type { PartitionOffsets } from './lag';
export { preflightFindings } from './preflight';
export type { PreflightFindings } from './preflight';
export { KafkaInspector, kafkaErrorMessage } from './KafkaInspector';
export type { KafkaConnection } from './KafkaInspector';
