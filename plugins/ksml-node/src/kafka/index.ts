export { computeLag, groupInputTopics, partitionLag } from './lag';
export { planOffsetReset, partitionKey } from './offsetReset';
export type { OffsetResetTarget } from './offsetReset';
export type { PartitionOffsets } from './lag';
export { preflightFindings } from './preflight';
export type { PreflightFindings } from './preflight';
export { KafkaInspector, kafkaErrorMessage } from './KafkaInspector';
export { readRecords, READ_BOUNDS } from './readRecords';
export type {
  RecordsRequest,
  RecordSource,
  RawRecord,
  ReadBounds,
} from './readRecords';
export { decodeRecordPart } from './recordDecoding';
export type { KafkaConnection } from './KafkaInspector';
