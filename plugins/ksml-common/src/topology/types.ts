/**
 * A KSML app drawn from its definition: what it reads and writes, and what each pipeline does
 * on the way. Built by {@link parseTopology}; pure data, so the backend can annotate topics with
 * their lag and the frontend can draw it.
 */

/** What a node of the graph stands for. */
export type KsmlTopologyNodeKind =
  /** A Kafka topic (one node per topic name, however many streams or tables use it). */
  | 'topic'
  /** A declared stream, table or global table over a topic. */
  | 'source'
  /** One operation of a pipeline (`via` step, `branch`, join, aggregation, ...). */
  | 'operation'
  /** How a pipeline ends without a topic: `forEach`, `print`, `toTopicNameExtractor`. */
  | 'sink'
  /** A producer: a generator function writing to a topic on an interval. */
  | 'producer'
  /** A state store a step uses (aggregations, joins, tables). */
  | 'store';

/** A node of {@link KsmlTopology}. */
export interface KsmlTopologyNode {
  /** Unique in the graph; stable for the same definition (e.g. `topic:sensor_data`). */
  id: string;
  kind: KsmlTopologyNodeKind;
  /** What the graph shows: a topic or source name, an operation's type (`filter`, `join`, ...). */
  label: string;
  /** More for a tooltip: key and value types, the function or store used, a step's name. */
  detail?: string;
  /** For `topic` nodes: the topic name. */
  topic?: string;
  /** For `source` nodes: what the definition declares it as. */
  sourceType?: 'stream' | 'table' | 'globalTable';
  keyType?: string;
  valueType?: string;
  /** For `operation` and `sink` nodes: the pipeline (or producer) it belongs to. */
  pipeline?: string;
  /** The KSML namespace (definition name) it comes from, when the app has several. */
  definition?: string;
}

/** A directed edge of {@link KsmlTopology}: data flows from `from` to `to`. */
export interface KsmlTopologyEdge {
  from: string;
  to: string;
  /** E.g. a branch's condition, `join`, `store`. */
  label?: string;
}

/** The graph of a KSML app, built from its definitions. */
export interface KsmlTopology {
  nodes: KsmlTopologyNode[];
  edges: KsmlTopologyEdge[];
  /** Topics the app's pipelines read (sources and join targets), sorted, without duplicates. */
  inputTopics: string[];
  /** Topics the app writes (pipeline and branch `to`, producers), sorted, without duplicates. */
  outputTopics: string[];
}
