// Where a KSML step names other parts of its definition, as the KSML runner's operation parsers
// read them (1.2 to 2.0). Shared by the reference check and the topology parser.

/** Step and sink fields that name a function (or hold an inline one). */
export const FUNCTION_FIELDS = [
  'if',
  'forEach',
  'mapper',
  'initializer',
  'aggregator',
  'merger',
  'adder',
  'subtractor',
  'reducer',
  'valueJoiner',
  'foreignKeyExtractor',
  'partitioner',
  'otherPartitioner',
] as const;
/** Step fields that name a state store (or hold an inline one). */
export const STORE_FIELDS = ['store', 'thisStore', 'otherStore'] as const;
/** Join and merge fields that name a stream, table or global table (or hold an inline one). */
export const JOIN_FIELDS = ['stream', 'table', 'globalTable'] as const;
