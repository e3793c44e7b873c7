import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import {
  KIND_NAMES,
  NODE_KINDS,
  type TopologyGraph as Graph,
  type TopologyNodeData,
} from './graph';
import { KindSwatch, TopologyNode } from './TopologyNode';

function renderNode(
  props: DependencyGraphTypes.RenderNodeProps<TopologyNodeData>,
) {
  return <TopologyNode node={props.node} />;
}

/** An edge's label (a branch's condition, `store`, `join`), haloed to stay readable on its line. */
function EdgeLabel(props: { label: string }): JSX.Element {
  const theme = useTheme();
  return (
    <text
      data-testid="ksml-topology-edge-label"
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={11}
      fill={theme.palette.text.secondary}
      stroke={theme.palette.background.paper}
      strokeWidth={3}
      paintOrder="stroke"
    >
      {props.label}
    </text>
  );
}

function renderLabel(props: DependencyGraphTypes.RenderLabelProps) {
  return props.edge.label ? <EdgeLabel label={props.edge.label} /> : null;
}

/**
 * The least width the drawing is laid out at, about a full-width card's on a 1280 px screen.
 * The drawing scales to its box: squeezed into a phone's 390 px its 13 px labels would shrink
 * to a few pixels, so on a narrower screen it keeps this width and scrolls sideways instead.
 */
export const TOPOLOGY_MIN_WIDTH = 960;

/** Props of {@link TopologyGraph}. */
export interface TopologyGraphProps {
  graph: Graph;
  /** What the drawing shows, for screen readers: "Topology of sensor-inspector in dev". */
  label: string;
}

/**
 * The topology drawn left to right, as data flows: producers and input topics on the left,
 * output topics on the right. Zoom starts on a click, so scrolling the page is not captured.
 * At least {@link TOPOLOGY_MIN_WIDTH} wide, in a box that scrolls sideways on a narrow screen.
 */
export function TopologyGraph(props: TopologyGraphProps): JSX.Element {
  const { graph, label } = props;
  return (
    <Box
      data-testid="ksml-topology-scroller"
      style={{ overflowX: 'auto', overflowY: 'hidden' }}
    >
      <Box minWidth={TOPOLOGY_MIN_WIDTH}>
        <DependencyGraph<TopologyNodeData, {}>
          nodes={graph.nodes}
          edges={graph.edges}
          renderNode={renderNode}
          renderLabel={renderLabel}
          direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
          labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
          nodeMargin={16}
          rankMargin={56}
          paddingX={8}
          paddingY={8}
          showArrowHeads
          zoom="enable-on-click"
          // Its full-screen button floats over the top right corner, where the output topics
          // are drawn; the graph is in a full-width card and zooms instead.
          allowFullscreen={false}
          role="img"
          aria-label={label}
        />
      </Box>
    </Box>
  );
}

/** What the shapes and colours of {@link TopologyGraph} stand for. */
export function TopologyLegend(): JSX.Element {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      mt={2}
      style={{ gap: 16 }}
      aria-label="Legend"
      role="list"
    >
      {NODE_KINDS.map(kind => (
        <Box
          key={kind}
          display="flex"
          alignItems="center"
          style={{ gap: 6 }}
          role="listitem"
        >
          <KindSwatch kind={kind} />
          <Typography variant="caption">{KIND_NAMES[kind]}</Typography>
        </Box>
      ))}
    </Box>
  );
}
