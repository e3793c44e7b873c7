import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTheme, type Theme } from '@material-ui/core/styles';
import type { KsmlTopologyNodeKind } from '@ksml-backstage/plugin-ksml-common';
import { readableOn } from '../common/contrast';
import {
  estimateTextWidth,
  NODE_SHAPES,
  nodeCaption,
  nodeFiguresCaption,
  nodeLayout,
  nodeTooltip,
  shapePath,
  type TopologyNodeData,
} from './graph';

const LABEL_SIZE = 13;
const CAPTION_SIZE = 11;

/** How a kind of node is painted. */
export interface KindColours {
  fill: string;
  stroke: string;
  text: string;
}

function paint(theme: Theme, fill: string, stroke: string): KindColours {
  return { fill, stroke, text: theme.palette.getContrastText(fill) };
}

/**
 * The colours of each kind in the current theme (light or dark): topics in the primary colour,
 * as they are what the app shares with others; operations plain, as they are the most.
 */
export function useKindColours(): Record<KsmlTopologyNodeKind, KindColours> {
  const theme = useTheme();
  const { palette } = theme;
  const dark = palette.type === 'dark';
  return {
    topic: paint(theme, palette.primary.main, palette.primary.dark),
    source: paint(theme, palette.info.light, palette.info.dark),
    operation: {
      fill: palette.background.paper,
      stroke: palette.text.secondary,
      text: palette.text.primary,
    },
    sink: paint(
      theme,
      dark ? palette.grey[700] : palette.grey[300],
      palette.grey[500],
    ),
    producer: paint(theme, palette.success.light, palette.success.dark),
    store: paint(theme, palette.warning.light, palette.warning.dark),
  };
}

/**
 * The rendered width of an SVG text, a guess until the browser has laid it out (jsdom never
 * does: the guess stays).
 */
function useTextWidth(
  text: string,
  fontSize: number,
): [RefObject<SVGTextElement>, number] {
  const ref = useRef<SVGTextElement>(null);
  const [width, setWidth] = useState(() => estimateTextWidth(text, fontSize));
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof element.getBBox !== 'function') {
      return;
    }
    const measured = Math.ceil(element.getBBox().width);
    if (measured > 0 && measured !== width) {
      setWidth(measured);
    }
  }, [text, width]);
  return [ref, width];
}

/** Props of {@link TopologyNode}. */
export interface TopologyNodeProps {
  node: TopologyNodeData;
}

/**
 * One node of the topology graph: its kind's shape and colour, its label, a caption (a topic's
 * lag, a source's type, an operation's pipeline), the runner's figures when measured ("0.3/s ·
 * 12 ms") and the rest in a tooltip. A topic the broker lacks is outlined dashed in the warning
 * colour.
 */
export function TopologyNode(props: TopologyNodeProps): JSX.Element {
  const { node } = props;
  const theme = useTheme();
  const colours = useKindColours()[node.kind];
  const caption = nodeCaption(node);
  const figures = nodeFiguresCaption(node);
  const [labelRef, labelWidth] = useTextWidth(node.label, LABEL_SIZE);
  const [captionRef, captionWidth] = useTextWidth(caption ?? '', CAPTION_SIZE);
  const [figuresRef, figuresWidth] = useTextWidth(figures ?? '', CAPTION_SIZE);
  const shape = NODE_SHAPES[node.kind];
  const layout = nodeLayout(
    shape,
    labelWidth,
    caption === undefined ? undefined : captionWidth,
    figures === undefined ? undefined : figuresWidth,
  );
  return (
    <g data-testid="ksml-topology-node" data-kind={node.kind}>
      <title>{nodeTooltip(node)}</title>
      <path
        d={shapePath(shape, layout.width, layout.height)}
        fill={colours.fill}
        stroke={node.missing ? theme.palette.warning.main : colours.stroke}
        strokeWidth={node.missing ? 2 : 1.2}
        strokeDasharray={node.missing ? '4 3' : undefined}
      />
      <text
        ref={labelRef}
        x={layout.width / 2}
        y={layout.labelY}
        textAnchor="middle"
        dominantBaseline="central"
        fontSize={LABEL_SIZE}
        fontWeight={node.kind === 'topic' ? 'bold' : undefined}
        fill={colours.text}
      >
        {node.label}
      </text>
      {caption !== undefined && (
        <text
          ref={captionRef}
          x={layout.width / 2}
          y={layout.captionY}
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={CAPTION_SIZE}
          fill={colours.text}
        >
          {caption}
        </text>
      )}
      {figures !== undefined && (
        <text
          ref={figuresRef}
          data-testid="ksml-topology-node-figures"
          x={layout.width / 2}
          y={layout.figuresY}
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={CAPTION_SIZE}
          // Small text: held to WCAG AA's 4.5:1 on the node's fill, which the theme's contrast
          // text (chosen at Material UI's 3:1 by default) need not reach.
          fill={readableOn(colours.text, colours.fill)}
        >
          {figures}
        </text>
      )}
    </g>
  );
}

/** Props of {@link KindSwatch}. */
export interface KindSwatchProps {
  kind: KsmlTopologyNodeKind;
}

/** A kind's shape and colour in small, for the legend. */
export function KindSwatch(props: KindSwatchProps): JSX.Element {
  const colours = useKindColours()[props.kind];
  const width = 28;
  const height = 16;
  return (
    <svg
      width={width + 2}
      height={height + 2}
      viewBox={`-1 -1 ${width + 2} ${height + 2}`}
      aria-hidden
    >
      <path
        d={shapePath(NODE_SHAPES[props.kind], width, height)}
        fill={colours.fill}
        stroke={colours.stroke}
        strokeWidth={1.2}
      />
    </svg>
  );
}
