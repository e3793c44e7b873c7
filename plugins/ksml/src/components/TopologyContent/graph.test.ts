import type { KsmlTopology } from '@ksml-backstage/plugin-ksml-common';
import { lagResponse, topologyResponse } from '../../__testUtils__';
import {
  estimateTextWidth,
  NODE_KINDS,
  NODE_SHAPES,
  nodeCaption,
  nodeFiguresCaption,
  nodeLayout,
  nodeTooltip,
  shapePath,
  topicRows,
  topologyGraph,
  type TopologyNodeData,
} from './graph';

const { topology } = topologyResponse();

function node(id: string, graph = topologyGraph(topology, lagResponse())) {
  return graph.nodes.find(candidate => candidate.id === id)!;
}

describe('topologyGraph', () => {
  it('keeps every node and edge of the topology', () => {
    const graph = topologyGraph(topology);
    expect(graph.nodes.map(n => n.id)).toEqual(topology.nodes.map(n => n.id));
    expect(graph.edges).toEqual(topology.edges);
  });

  it("gives topic nodes their lag and tells the broker's missing ones", () => {
    const lag = lagResponse({ missingTopics: ['sensor_counts'] });
    const graph = topologyGraph(topology, lag);
    expect(node('topic:sensor_data', graph)).toEqual({
      id: 'topic:sensor_data',
      kind: 'topic',
      label: 'sensor_data',
      topic: 'sensor_data',
      lag: 1234,
    });
    expect(node('topic:sensor_counts', graph)).toMatchObject({
      missing: true,
    });
    expect(node('topic:sensor_counts', graph)).not.toHaveProperty('lag');
  });

  it('gives no node a lag without a lag answer', () => {
    for (const each of topologyGraph(topology).nodes) {
      expect(each).not.toHaveProperty('lag');
      expect(each).not.toHaveProperty('missing');
    }
  });

  it('finds a topic without a `topic` field by its label', () => {
    const bare: KsmlTopology = {
      ...topology,
      nodes: [{ id: 't', kind: 'topic', label: 'sensor_data' }],
      edges: [],
    };
    expect(topologyGraph(bare, lagResponse()).nodes[0].lag).toBe(1234);
  });

  it('merges edges between the same nodes, joining their labels', () => {
    const doubled: KsmlTopology = {
      ...topology,
      edges: [
        { from: 'source:sensor_source', to: 'operation:main:0', label: 'a' },
        { from: 'source:sensor_source', to: 'operation:main:0' },
        { from: 'source:sensor_source', to: 'operation:main:0', label: 'b' },
        { from: 'source:sensor_source', to: 'operation:main:0', label: 'a' },
      ],
    };
    expect(topologyGraph(doubled).edges).toEqual([
      { from: 'source:sensor_source', to: 'operation:main:0', label: 'a, b' },
    ]);
  });

  it('drops edges to nodes the topology does not have', () => {
    const dangling: KsmlTopology = {
      ...topology,
      edges: [{ from: 'source:sensor_source', to: 'nowhere' }],
    };
    expect(topologyGraph(dangling).edges).toEqual([]);
  });
});

describe('nodeCaption', () => {
  it.each([
    ['topic:sensor_data', 'lag 1,234'],
    ['topic:sensor_counts', undefined],
    ['source:sensor_source', 'stream'],
    ['operation:main:0', 'main'],
    ['sink:log:0', 'log'],
    ['producer:sensor_producer', 'producer'],
    ['store:sensor_counts', 'store'],
  ])('captions %s with %p', (id, caption) => {
    expect(nodeCaption(node(id))).toBe(caption);
  });

  it('says a topic is not on the broker', () => {
    const missing: TopologyNodeData = {
      id: 't',
      kind: 'topic',
      label: 'gone',
      missing: true,
    };
    expect(nodeCaption(missing)).toBe('not on the broker');
  });

  it('names a global table in words', () => {
    expect(
      nodeCaption({
        id: 's',
        kind: 'source',
        label: 'g',
        sourceType: 'globalTable',
      }),
    ).toBe('global table');
  });
});

describe('nodeTooltip', () => {
  it('names the kind and adds what is known', () => {
    expect(nodeTooltip(node('source:sensor_source'))).toBe(
      'Stream or table: sensor_source\nkey string, value avro:SensorData',
    );
    expect(nodeTooltip(node('operation:main:0'))).toBe(
      'Operation: filter\nif: filter_by_color\npipeline main',
    );
    expect(nodeTooltip(node('topic:sensor_data'))).toBe(
      'Topic: sensor_data\nlag 1,234',
    );
  });
});

describe('shapes', () => {
  it('gives every kind its own shape', () => {
    const shapes = NODE_KINDS.map(kind => NODE_SHAPES[kind]);
    expect(new Set(shapes).size).toBe(NODE_KINDS.length);
  });

  it.each([
    ['rect', 'M0 0 H100 V30 H0 Z'],
    ['parallelogram', 'M10 0 H100 L90 30 H0 Z'],
    ['hexagon', 'M10 0 H90 L100 15 L90 30 H10 L0 15 Z'],
    [
      'pill',
      'M15 0 H85 A15 15 0 0 1 100 15 V15 A15 15 0 0 1 85 30 H15 A15 15 0 0 1 0 15 V15 A15 15 0 0 1 15 0 Z',
    ],
    [
      'cylinder',
      'M0 4 A50 4 0 0 1 100 4 V26 A50 4 0 0 1 0 26 Z M0 4 A50 4 0 0 0 100 4',
    ],
  ] as const)('draws a %s', (shape, path) => {
    expect(shapePath(shape, 100, 30)).toBe(path);
  });

  it('draws a rounded rectangle with small corners', () => {
    expect(shapePath('rounded', 100, 30)).toMatch(/^M6 0 H94 A6 6 /);
  });
});

describe('nodeLayout', () => {
  it('pads one line of text', () => {
    expect(nodeLayout('rect', 80)).toEqual({
      width: 100,
      height: 26,
      labelY: 13,
    });
  });

  it('adds a caption line and sizes to the wider text', () => {
    expect(nodeLayout('rect', 40, 60)).toEqual({
      width: 80,
      height: 42,
      labelY: 13,
      captionY: 29,
    });
  });

  it("adds the runner's figures as the last line, after a caption or in its place", () => {
    expect(nodeLayout('rect', 40, 60, 90)).toEqual({
      width: 110,
      height: 58,
      labelY: 13,
      captionY: 29,
      figuresY: 45,
    });
    expect(nodeLayout('rect', 40, undefined, 30)).toEqual({
      width: 60,
      height: 42,
      labelY: 13,
      figuresY: 29,
    });
  });

  it('keeps text clear of slanted ends and of a cylinder top', () => {
    expect(nodeLayout('hexagon', 80).width).toBe(100 + 2 * 9);
    expect(nodeLayout('cylinder', 80)).toEqual({
      width: 100,
      height: 38,
      labelY: 21,
    });
  });
});

describe("the runner's figures", () => {
  const figures = new Map([
    [
      'operation:main:0',
      { recordsPerSecond: 0.25, e2eLatencyAvgMs: 12.34, e2eLatencyMaxMs: 40 },
    ],
    ['topic:sensor_data', { recordsPerSecond: 1234 }],
  ]);
  const graph = topologyGraph(topology, lagResponse(), figures);

  it('go on the nodes they are given for, beside a topic’s lag', () => {
    expect(node('operation:main:0', graph).figures).toEqual(
      figures.get('operation:main:0'),
    );
    expect(node('topic:sensor_data', graph)).toMatchObject({
      lag: 1234,
      figures: { recordsPerSecond: 1234 },
    });
    expect(node('operation:main:1', graph)).not.toHaveProperty('figures');
  });

  it('read as a short line and in words in the tooltip', () => {
    expect(nodeFiguresCaption(node('operation:main:0', graph))).toBe(
      '0.3/s · 12.3 ms',
    );
    expect(nodeFiguresCaption(node('topic:sensor_data', graph))).toBe(
      '1,234/s',
    );
    expect(nodeFiguresCaption(node('operation:main:1', graph))).toBeUndefined();
    expect(nodeTooltip(node('operation:main:0', graph))).toContain(
      '0.3 records/s, end-to-end latency 12.3 ms on average, 40 ms at most',
    );
    expect(nodeTooltip(node('topic:sensor_data', graph))).toContain(
      '1,234 records/s',
    );
  });
});

describe('estimateTextWidth', () => {
  it('guesses 0.6 em per character', () => {
    expect(estimateTextWidth('sensor', 10)).toBe(36);
    expect(estimateTextWidth('', 12)).toBe(0);
  });
});

describe('topicRows', () => {
  it('lists inputs and outputs once, with the lag of inputs', () => {
    expect(topicRows(topology, lagResponse())).toEqual([
      { topic: 'sensor_counts', input: false, output: true, missing: false },
      {
        topic: 'sensor_data',
        input: true,
        output: true,
        lag: 1234,
        missing: false,
      },
    ]);
  });

  it('tells a missing input', () => {
    const reads: KsmlTopology = {
      ...topology,
      inputTopics: ['sensor_enrichment'],
      outputTopics: [],
    };
    expect(topicRows(reads, lagResponse())).toEqual([
      {
        topic: 'sensor_enrichment',
        input: true,
        output: false,
        missing: true,
      },
    ]);
  });
});
