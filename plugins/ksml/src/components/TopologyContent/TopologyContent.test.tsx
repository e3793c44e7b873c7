import { screen, waitFor, within } from '@testing-library/react';
import { KsmlTopologyContent } from './TopologyContent';
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
    expect(
      await screen.findByRole('img', {
        name: 'Topology of sensor-inspector in prod',
      }),
    ).toBeInTheDocument();
  });
});
