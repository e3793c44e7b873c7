import { screen, waitFor, within } from '@testing-library/react';
import { parseTopology } from '@ksml-backstage/plugin-ksml-common';
import { KsmlTopologyContent } from './TopologyContent';
import { contrastOn, MIN_TEXT_CONTRAST } from '../common/contrast';
import {
  appRef,
  lagResponse,
  readStateTests,
  renderInEnvironment,
  renderKsml,
  responseError,
  topologyResponse,
  withFakeKsmlApi,
  withFakeSvgBBox,
} from '../../__testUtils__';
import { throughputResponse } from '../../__testUtils__/throughputFixtures';

/** The kind of every drawn node, once the graph is laid out. */
async function drawnKinds(): Promise<string[]> {
  await screen.findByRole('img', {
    name: 'Topology of sensor-inspector in dev',
  });
  const nodes = await screen.findAllByTestId('ksml-topology-node');
  return nodes.map(node => node.getAttribute('data-kind')!);
}

/** The drawn nodes labelled `label`. */
function drawnNodes(label: string): HTMLElement[] {
  return screen
    .getAllByText(label)
    .map(text =>
      text.closest<HTMLElement>('[data-testid="ksml-topology-node"]'),
    )
    .filter((node): node is HTMLElement => node !== null);
}

/** The one drawn node labelled `label`. */
function drawnNode(label: string): HTMLElement {
  const [node, ...others] = drawnNodes(label);
  expect(others).toEqual([]);
  return node;
}

describe('KsmlTopologyContent', () => {
  // DependencyGraph sizes nodes with getBBox, which jsdom lacks.
  withFakeSvgBBox();
  const api = withFakeKsmlApi(fake => {
    fake.topology.mockResolvedValue(topologyResponse());
    fake.lag.mockResolvedValue(lagResponse());
    // The runner's figures are not under test here: a backend without them (the overlay's own
    // test answers them).
    fake.throughput.mockRejectedValue(new Error('No throughput'));
  });

  it('draws a node of every kind, with the lag on a topic', async () => {
    await renderKsml(<KsmlTopologyContent />, { api });
    expect((await drawnKinds()).sort()).toEqual([
      'operation',
      'operation',
      'producer',
      'sink',
      'source',
      'store',
      'topic',
      'topic',
    ]);
    await waitFor(() =>
      expect(drawnNode('sensor_data')).toHaveTextContent('lag 1,234'),
    );
    // A store and the topic it is written to may share a name; each keeps its kind.
    expect(
      drawnNodes('sensor_counts').map(node => node.getAttribute('data-kind')),
    ).toEqual(expect.arrayContaining(['store', 'topic']));
    expect(drawnNode('sensor_source')).toHaveTextContent('stream');
    expect(drawnNode('filter').querySelector('title')).toHaveTextContent(
      'Operation: filter if: filter_by_color pipeline main',
    );
    expect(screen.getByTestId('ksml-topology-edge-label')).toHaveTextContent(
      'store',
    );
    expect(
      screen.getByText(/^application\.id dizzl-sandbox-dev-sensor-inspector:/),
    ).toBeInTheDocument();
    expect(api.topology).toHaveBeenCalledWith(appRef());
    expect(api.lag).toHaveBeenCalledWith(appRef());
    expect(api.throughput).toHaveBeenCalledWith(appRef());
    // A failed throughput read leaves the graph without figures, and says nothing.
    expect(screen.queryByTestId('ksml-topology-node-figures')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the runner's rate and latency on the nodes its processor nodes map to", async () => {
    // Drawn from a definition, as the backend does: ids and names as a deployed app has them.
    api.topology.mockResolvedValue({
      ...topologyResponse(),
      topology: parseTopology({
        ok: [
          'pipelines:',
          '  double:',
          '    from: { topic: probe-in, keyType: string, valueType: json }',
          '    via:',
          '      - type: mapValues',
          '        mapper: { expression: value * 2 }',
          '      - type: peek',
          '        forEach: { code: print(value) }',
          '    to: doubled',
        ].join('\n'),
      }),
    });
    api.throughput.mockResolvedValue(
      throughputResponse({
        nodes: [
          { node: 'probe-in', recordsPerSecond: 0.3, e2eLatencyAvgMs: 12 },
          {
            node: 'ok_step1',
            recordsPerSecond: 0.3,
            e2eLatencyAvgMs: 12.34,
            e2eLatencyMaxMs: 40,
          },
          // The peek, unmeasured, and the `to` sink, which has no node, show nothing.
          { node: 'ok_pipelines_double_to', recordsPerSecond: 0.3 },
        ],
      }),
    );
    await renderKsml(<KsmlTopologyContent />, { api });
    await screen.findByRole('img', {
      name: 'Topology of sensor-inspector in dev',
    });
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('ksml-topology-node-figures')
          .map(figures => figures.textContent),
      ).toEqual(['0.3/s · 12 ms', '0.3/s · 12.3 ms']),
    );
    const step = drawnNode('mapValues');
    expect(step).toHaveTextContent('0.3/s · 12.3 ms');
    expect(step.querySelector('title')).toHaveTextContent(
      '0.3 records/s, end-to-end latency 12.3 ms on average, 40 ms at most',
    );
    // The topic carries its source node's figures; the inline stream over it, its namesake, none.
    const [topic, ...others] = drawnNodes('probe-in').filter(
      node => node.getAttribute('data-kind') === 'topic',
    );
    expect(others).toEqual([]);
    expect(topic).toHaveTextContent('0.3/s · 12 ms');
    expect(
      drawnNode('peek').querySelector(
        '[data-testid="ksml-topology-node-figures"]',
      ),
    ).toBeNull();
    expect(
      drawnNode('doubled').querySelector(
        '[data-testid="ksml-topology-node-figures"]',
      ),
    ).toBeNull();
    // Small text, at WCAG AA contrast on the node's fill.
    for (const figures of screen.getAllByTestId('ksml-topology-node-figures')) {
      const fill = figures
        .parentElement!.querySelector('path')!
        .getAttribute('fill')!;
      expect(
        contrastOn(figures.getAttribute('fill')!, fill),
      ).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
    expect(api.throughput).toHaveBeenCalledWith(appRef());
  });

  it('keeps a readable width on a narrow screen, in a box that scrolls sideways', async () => {
    await renderKsml(<KsmlTopologyContent />, { api });
    const graph = await screen.findByRole('img', {
      name: 'Topology of sensor-inspector in dev',
    });
    const scroller = screen.getByTestId('ksml-topology-scroller');
    expect(scroller).toHaveStyle({ overflowX: 'auto' });
    expect(scroller).toContainElement(graph);
    expect(scroller.firstElementChild).toHaveStyle({ minWidth: '960px' });
  });

  it('lists the topics read and written under the graph', async () => {
    await renderKsml(<KsmlTopologyContent />, { api });
    const table = await screen.findByRole('table', { name: 'Topics' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')[2]).toHaveTextContent(
        /^sensor_datareadswrites1,234$/,
      ),
    );
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      /^sensor_countswrites$/,
    );
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(within(legend).getAllByRole('listitem')).toHaveLength(6);
    expect(legend).toHaveTextContent('State store');
  });

  it('still draws the graph when the broker cannot be reached (503), with a note', async () => {
    api.lag.mockRejectedValue(
      await responseError(
        503,
        'Kafka at broker.dev:9093 cannot be reached: timeout',
      ),
    );
    await renderKsml(<KsmlTopologyContent />, { api });
    expect(await drawnKinds()).toHaveLength(8);
    expect(
      await screen.findByText(
        'Lag unavailable: Kafka at broker.dev:9093 cannot be reached: timeout',
      ),
    ).toBeInTheDocument();
    expect(drawnNode('sensor_data')).not.toHaveTextContent('lag');
    expect(screen.getByRole('table', { name: 'Topics' })).toBeInTheDocument();
  });

  it('says why there is no lag without a Kafka connection (404)', async () => {
    api.lag.mockRejectedValue(
      await responseError(
        404,
        'No Kafka connection is configured for environment dev',
      ),
    );
    await renderKsml(<KsmlTopologyContent />, { api });
    expect(
      await screen.findByText(
        'Lag not shown: No Kafka connection is configured for environment dev',
      ),
    ).toBeInTheDocument();
    expect(await drawnKinds()).toHaveLength(8);
  });

  it('says the app is not deployed when the topology answers 404', async () => {
    api.topology.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlTopologyContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Topics' })).toBeNull();
  });

  it('says when there is nothing to draw', async () => {
    api.topology.mockResolvedValue({
      ...topologyResponse(),
      topology: { nodes: [], edges: [], inputTopics: [], outputTopics: [] },
    });
    await renderKsml(<KsmlTopologyContent />, { api });
    expect(await screen.findByText('Nothing to draw')).toBeInTheDocument();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlTopologyContent />,
      read: 'topology',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'topology',
      missingAnnotation: 'ksml/tenant',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('switches environment', async () => {
    await renderInEnvironment(<KsmlTopologyContent />, {
      api,
      environments: 'dev,prod',
      loaded: () => screen.findByRole('table', { name: 'Topics' }),
      environment: 'prod',
    });
    await waitFor(() =>
      expect(api.topology).toHaveBeenLastCalledWith(appRef('prod')),
    );
    expect(api.lag).toHaveBeenLastCalledWith(appRef('prod'));
    expect(api.throughput).toHaveBeenLastCalledWith(appRef('prod'));
    expect(
      await screen.findByRole('img', {
        name: 'Topology of sensor-inspector in prod',
      }),
    ).toBeInTheDocument();
  });
});
