import {
  KsmlLagTopic,
  KsmlTopology,
  topicNodeId,
} from '@ksml-backstage/plugin-ksml-common';

/** What the broker says about one partition of an input topic. */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  earliestOffset: number;
  endOffset: number;
  /** The group's commit; absent when it never committed on the partition. */
  committedOffset?: number;
}

/**
 * The lag of a consumer group per topic and partition: end offset minus the committed offset,
 * or minus the earliest offset still kept when the group never committed (it will read the
 * partition from there, as Kafka Streams does with `auto.offset.reset=earliest`). A commit
 * below the earliest offset (records deleted by retention) counts from the earliest offset
 * too: those records cannot be read any more. Never negative. Topics and partitions sorted.
 */
export function computeLag(offsets: PartitionOffsets[]): KsmlLagTopic[] {
  const topics = new Map<string, KsmlLagTopic>();
  const sorted = [...offsets].sort(
    (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
  for (const o of sorted) {
    const lag = partitionLag(o);
    const topic = topics.get(o.topic) ?? {
      topic: o.topic,
      lag: 0,
      partitions: [],
    };
    topic.lag += lag;
    topic.partitions.push({
      partition: o.partition,
      endOffset: o.endOffset,
      earliestOffset: o.earliestOffset,
      ...(o.committedOffset !== undefined
        ? { committedOffset: o.committedOffset }
        : {}),
      lag,
    });
    topics.set(o.topic, topic);
  }
  return [...topics.values()];
}

/**
 * One partition's lag (see {@link computeLag}): from the commit, or from the earliest offset
 * still kept when there is none or the commit is below it. Never negative. Pure.
 */
export function partitionLag(o: PartitionOffsets): number {
  const from = Math.max(
    o.committedOffset ?? o.earliestOffset,
    o.earliestOffset,
  );
  return Math.max(0, o.endOffset - from);
}

/**
 * The input topics the app's consumer group reads: those of streams and tables. A global
 * table's topic is read by a consumer of each instance's own that commits no offsets, so the
 * group has no lag there (counting it would show the whole topic as lag forever).
 */
export function groupInputTopics(topology: KsmlTopology): string[] {
  const byId = new Map(topology.nodes.map(node => [node.id, node]));
  return topology.inputTopics.filter(topic => {
    const readers = topology.edges
      .filter(edge => edge.from === topicNodeId(topic))
      .map(edge => byId.get(edge.to))
      .filter(node => node?.kind === 'source');
    return !(
      readers.length > 0 &&
      readers.every(node => node?.sourceType === 'globalTable')
    );
  });
}
