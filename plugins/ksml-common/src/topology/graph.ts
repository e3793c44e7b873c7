import type { KsmlTopology, KsmlTopologyEdge, KsmlTopologyNode } from './types';

/**
 * The id of a topic's node in a {@link KsmlTopology}. Topics are not prefixed with a definition
 * name: a topic one definition writes and another reads is the same node.
 *
 * @public
 */
export function topicNodeId(topic: string): string {
  return `topic:${topic}`;
}

/**
 * A graph being built: nodes and edges keep their first insertion (so rebuilding the same
 * definition gives the same order), duplicates are dropped.
 */
export class TopologyGraph {
  readonly #nodes = new Map<string, KsmlTopologyNode>();
  readonly #edges = new Map<string, KsmlTopologyEdge>();
  readonly #inputTopics = new Set<string>();
  readonly #outputTopics = new Set<string>();

  /** Adds a node unless one with its id exists; returns the id. */
  addNode(node: KsmlTopologyNode): string {
    if (!this.#nodes.has(node.id))
      this.#nodes.set(node.id, dropUndefined(node));
    return node.id;
  }

  hasNode(id: string): boolean {
    return this.#nodes.has(id);
  }

  /** Adds an edge unless the same one (ends and label) exists. */
  addEdge(from: string, to: string, label?: string): void {
    const key = JSON.stringify([from, to, label ?? null]);
    if (!this.#edges.has(key)) {
      this.#edges.set(
        key,
        label === undefined ? { from, to } : { from, to, label },
      );
    }
  }

  /** The topic's node (added on first use); returns its id. */
  topic(topic: string): string {
    return this.addNode({
      id: topicNodeId(topic),
      kind: 'topic',
      label: topic,
      topic,
    });
  }

  /** Marks a topic as read by a pipeline. */
  readsTopic(topic: string): void {
    this.#inputTopics.add(topic);
  }

  /** Marks a topic as written by a pipeline, a branch or a producer. */
  writesTopic(topic: string): void {
    this.#outputTopics.add(topic);
  }

  toTopology(): KsmlTopology {
    return {
      nodes: [...this.#nodes.values()],
      edges: [...this.#edges.values()],
      inputTopics: [...this.#inputTopics].sort(),
      outputTopics: [...this.#outputTopics].sort(),
    };
  }
}

/** The node without its undefined fields, so tests and JSON see only what is set. */
function dropUndefined(node: KsmlTopologyNode): KsmlTopologyNode {
  return Object.fromEntries(
    Object.entries(node).filter(([, value]) => value !== undefined),
  ) as unknown as KsmlTopologyNode;
}
