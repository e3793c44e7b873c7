import type { DependencyGraphTypes } from '@backstage/core-components';
import type {
  KsmlLagResponse,
  KsmlTopology,
  KsmlTopologyNode,
  KsmlTopologyNodeKind,
} from '@ksml-backstage/plugin-ksml-common';
import { formatCount } from '../LagContent/lag';
import { formatMs, formatRate } from '../ThroughputContent/throughput';
import type { NodeFigures } from './throughputOverlay';

/** Every node kind, in the order of the legend: the way data flows through an app. */
export const NODE_KINDS: readonly KsmlTopologyNodeKind[] = [
  'producer',
  'topic',
  'source',
  'operation',
  'store',
  'sink',
];

/** What each kind is called in the legend and in a node's tooltip. */
export const KIND_NAMES: Record<KsmlTopologyNodeKind, string> = {
  topic: 'Topic',
  source: 'Stream or table',
  operation: 'Operation',
  sink: 'Sink',
  producer: 'Producer',
  store: 'State store',
};

/** A node of the drawn graph: the topology's node, a topic's with its lag when measured. */
export interface TopologyNodeData extends KsmlTopologyNode {
  /** For `topic` nodes: the consumer group's lag on the topic, when `GET /lag` measured it. */
  lag?: number;
  /** For `topic` nodes: the app reads it but the broker does not have it. */
  missing?: boolean;
  /** What the runner measured at the node, when `GET /throughput` maps a processor node to it. */
  figures?: NodeFigures;
}

/** A node as DependencyGraph takes it. */
export type TopologyGraphNode =
  DependencyGraphTypes.DependencyNode<TopologyNodeData>;
/** An edge as DependencyGraph takes it. */
export type TopologyGraphEdge = DependencyGraphTypes.DependencyEdge;

/** The nodes and edges for DependencyGraph. */
export interface TopologyGraph {
  nodes: TopologyGraphNode[];
  edges: TopologyGraphEdge[];
}

/** The topic a `topic` node stands for: its `topic`, else its label. */
export function topicOf(node: KsmlTopologyNode): string {
  return node.topic ?? node.label;
}

/**
 * The topology as DependencyGraph draws it: topic nodes carry their lag (and whether the
 * broker lacks them) when a lag answer is given, and nodes the runner's figures (by node id,
 * from `throughputOverlay`) when given. Edges between the same two nodes are merged,
 * their labels joined, because DependencyGraph keeps one edge per pair and would drop the
 * others' labels; edges to unknown nodes are dropped, because dagre would draw them to an
 * empty node.
 */
export function topologyGraph(
  topology: KsmlTopology,
  lag?: KsmlLagResponse,
  figures?: ReadonlyMap<string, NodeFigures>,
): TopologyGraph {
  const lags = new Map(lag?.topics.map(topic => [topic.topic, topic.lag]));
  const missing = new Set(lag?.missingTopics);
  const nodes = topology.nodes.map((node): TopologyGraphNode => {
    const measured = figures?.get(node.id);
    if (node.kind !== 'topic') {
      return measured ? { ...node, figures: measured } : node;
    }
    const topic = topicOf(node);
    const annotated: TopologyGraphNode = { ...node };
    const topicLag = lags.get(topic);
    if (topicLag !== undefined) annotated.lag = topicLag;
    if (missing.has(topic)) annotated.missing = true;
    if (measured) annotated.figures = measured;
    return annotated;
  });

  const ids = new Set(nodes.map(node => node.id));
  const merged = new Map<
    string,
    { edge: TopologyGraphEdge; labels: string[] }
  >();
  for (const edge of topology.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) {
      continue;
    }
    const key = JSON.stringify([edge.from, edge.to]);
    const entry = merged.get(key) ?? {
      edge: { from: edge.from, to: edge.to },
      labels: [],
    };
    if (edge.label && !entry.labels.includes(edge.label)) {
      entry.labels.push(edge.label);
    }
    merged.set(key, entry);
  }
  const edges = [...merged.values()].map(({ edge, labels }) =>
    labels.length > 0 ? { ...edge, label: labels.join(', ') } : edge,
  );
  return { nodes, edges };
}

const SOURCE_TYPES: Record<
  NonNullable<KsmlTopologyNode['sourceType']>,
  string
> = {
  stream: 'stream',
  table: 'table',
  globalTable: 'global table',
};

/**
 * The small second line of a node, if any: a topic's lag ("lag 1,234") or that the broker
 * lacks it, what a source is declared as, the pipeline of an operation or sink, and the kind
 * of a producer or store (their shapes are less familiar).
 */
export function nodeCaption(node: TopologyNodeData): string | undefined {
  switch (node.kind) {
    case 'topic':
      if (node.missing) return 'not on the broker';
      return node.lag === undefined
        ? undefined
        : `lag ${formatCount(node.lag)}`;
    case 'source':
      return node.sourceType ? SOURCE_TYPES[node.sourceType] : undefined;
    case 'operation':
    case 'sink':
      return node.pipeline;
    case 'producer':
      return 'producer';
    case 'store':
      return 'store';
    default:
      return undefined;
  }
}

/**
 * The runner's figures as a node's last line, if measured: records per second and the average
 * end-to-end latency when the runner reports one ("0.3/s · 12 ms"). Short, as it must fit under
 * the label; {@link nodeTooltip} spells them out.
 */
export function nodeFiguresCaption(node: TopologyNodeData): string | undefined {
  const { figures } = node;
  if (!figures) return undefined;
  const rate = `${formatRate(figures.recordsPerSecond)}/s`;
  return figures.e2eLatencyAvgMs === undefined
    ? rate
    : `${rate} · ${formatMs(figures.e2eLatencyAvgMs)} ms`;
}

/** The runner's figures in words, for the tooltip and screen readers. */
function figuresText(figures: NodeFigures): string {
  const latency = [
    figures.e2eLatencyAvgMs !== undefined &&
      `${formatMs(figures.e2eLatencyAvgMs)} ms on average`,
    figures.e2eLatencyMaxMs !== undefined &&
      `${formatMs(figures.e2eLatencyMaxMs)} ms at most`,
  ].filter(Boolean);
  return [
    `${formatRate(figures.recordsPerSecond)} records/s`,
    latency.length > 0 && `end-to-end latency ${latency.join(', ')}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A node's tooltip: its kind and name, then whatever else the topology knows of it. */
export function nodeTooltip(node: TopologyNodeData): string {
  const types = [
    node.keyType && `key ${node.keyType}`,
    node.valueType && `value ${node.valueType}`,
  ].filter(Boolean);
  return [
    `${KIND_NAMES[node.kind]}: ${node.label}`,
    node.detail,
    types.length > 0 ? types.join(', ') : undefined,
    node.pipeline && `pipeline ${node.pipeline}`,
    node.definition && `definition ${node.definition}`,
    node.lag !== undefined ? `lag ${formatCount(node.lag)}` : undefined,
    node.missing ? 'the broker does not have this topic' : undefined,
    node.figures && figuresText(node.figures),
  ]
    .filter(Boolean)
    .join('\n');
}

/** How a node is outlined; each kind has its own, so kinds differ without colour too. */
export type NodeShape =
  | 'pill'
  | 'rect'
  | 'rounded'
  | 'hexagon'
  | 'parallelogram'
  | 'cylinder';

/** The shape of each kind: a topic a pipe, a store a database cylinder. */
export const NODE_SHAPES: Record<KsmlTopologyNodeKind, NodeShape> = {
  topic: 'pill',
  source: 'rect',
  operation: 'rounded',
  sink: 'hexagon',
  producer: 'parallelogram',
  store: 'cylinder',
};

const PADDING_X = 10;
const PADDING_Y = 5;
const LINE_HEIGHT = 16;
/** The half-height of a cylinder's ellipses. */
const RIM = 4;

/** Where a node's text goes inside its shape, and the shape's size. */
export interface NodeLayout {
  width: number;
  height: number;
  /** The centre line of the label. */
  labelY: number;
  /** The centre line of the caption, when there is one. */
  captionY?: number;
  /** The centre line of the runner's figures, when there are some: the last line. */
  figuresY?: number;
}

/** How far the slanted or rounded ends of a shape reach in, kept free of text. */
function inset(shape: NodeShape, height: number): number {
  switch (shape) {
    case 'pill':
    case 'hexagon':
    case 'parallelogram':
      return Math.round(height / 3);
    default:
      return 0;
  }
}

/**
 * A node's size and text lines, given the rendered widths of its label, caption and figures
 * (none without a caption, or without figures): the text padded, plus the room the shape's
 * ends take. Lines go label, caption, figures, leaving out the missing ones.
 */
export function nodeLayout(
  shape: NodeShape,
  labelWidth: number,
  captionWidth?: number,
  figuresWidth?: number,
): NodeLayout {
  const rim = shape === 'cylinder' ? RIM : 0;
  const extra = [captionWidth, figuresWidth].filter(
    (width): width is number => width !== undefined,
  );
  const lines = 1 + extra.length;
  // A cylinder's top ellipse takes 2 rims above the text, its bottom bulge one below.
  const height = 2 * PADDING_Y + lines * LINE_HEIGHT + 3 * rim;
  const textWidth = Math.max(labelWidth, ...extra);
  const width = Math.ceil(textWidth + 2 * PADDING_X + 2 * inset(shape, height));
  const labelY = 2 * rim + PADDING_Y + LINE_HEIGHT / 2;
  const captionY =
    captionWidth === undefined ? undefined : labelY + LINE_HEIGHT;
  return {
    width,
    height,
    labelY,
    ...(captionY !== undefined ? { captionY } : {}),
    ...(figuresWidth !== undefined
      ? { figuresY: (captionY ?? labelY) + LINE_HEIGHT }
      : {}),
  };
}

/** A first guess at a text's width, until it is measured: most fonts stay under 0.6 em. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function roundedRect(width: number, height: number, radius: number): string {
  const r = round(Math.min(radius, width / 2, height / 2));
  const w = round(width);
  const h = round(height);
  return [
    `M${r} 0 H${round(w - r)}`,
    `A${r} ${r} 0 0 1 ${w} ${r} V${round(h - r)}`,
    `A${r} ${r} 0 0 1 ${round(w - r)} ${h} H${r}`,
    `A${r} ${r} 0 0 1 0 ${round(h - r)} V${r}`,
    `A${r} ${r} 0 0 1 ${r} 0 Z`,
  ].join(' ');
}

/** The SVG path of a shape filling a `width` × `height` box from its top left corner. */
export function shapePath(
  shape: NodeShape,
  width: number,
  height: number,
): string {
  const w = round(width);
  const h = round(height);
  const slant = round(h / 3);
  switch (shape) {
    case 'pill':
      return roundedRect(w, h, h / 2);
    case 'rounded':
      return roundedRect(w, h, 6);
    case 'hexagon':
      return `M${slant} 0 H${round(w - slant)} L${w} ${round(h / 2)} L${round(
        w - slant,
      )} ${h} H${slant} L0 ${round(h / 2)} Z`;
    case 'parallelogram':
      return `M${slant} 0 H${w} L${round(w - slant)} ${h} H0 Z`;
    case 'cylinder': {
      const rx = round(w / 2);
      // The body with both bulges, then the front rim of the top ellipse.
      return [
        `M0 ${RIM} A${rx} ${RIM} 0 0 1 ${w} ${RIM} V${round(h - RIM)}`,
        `A${rx} ${RIM} 0 0 1 0 ${round(h - RIM)} Z`,
        `M0 ${RIM} A${rx} ${RIM} 0 0 0 ${w} ${RIM}`,
      ].join(' ');
    }
    case 'rect':
    default:
      return `M0 0 H${w} V${h} H0 Z`;
  }
}

/** A topic the app reads or writes, for the list under the graph. */
export interface TopicRow {
  topic: string;
  input: boolean;
  output: boolean;
  /** The group's lag on it, when measured (inputs only). */
  lag?: number;
  /** The app reads it but the broker does not have it. */
  missing: boolean;
}

/** Every topic the app reads or writes, sorted, with its lag when a lag answer is given. */
export function topicRows(
  topology: KsmlTopology,
  lag?: KsmlLagResponse,
): TopicRow[] {
  const inputs = new Set(topology.inputTopics);
  const outputs = new Set(topology.outputTopics);
  const lags = new Map(lag?.topics.map(topic => [topic.topic, topic.lag]));
  const missing = new Set(lag?.missingTopics);
  return [...new Set([...inputs, ...outputs])]
    .sort((a, b) => a.localeCompare(b))
    .map(topic => {
      const row: TopicRow = {
        topic,
        input: inputs.has(topic),
        output: outputs.has(topic),
        missing: missing.has(topic),
      };
      const topicLag = lags.get(topic);
      return topicLag === undefined ? row : { ...row, lag: topicLag };
    });
}
