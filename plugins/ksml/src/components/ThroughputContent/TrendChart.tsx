import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';

/** One line of a {@link TrendChart}. */
export interface TrendLine {
  /** Its SVG path in the chart's box (see `timeLinePath`). */
  path: string;
  /** Its name in the legend: "Records in". */
  name: string;
  colour: string;
  /** Drawn dashed, so that lines differ by more than their colour. */
  dashed?: boolean;
}

/** Props of {@link TrendChart}. */
export interface TrendChartProps {
  /** The chart's accessible name: "Records per second, last 12 minutes". */
  label: string;
  /** The chart in words, shown under it and read as its description: its textual fallback. */
  description: string;
  lines: TrendLine[];
  /** The box the paths were drawn in (SVG user units); the chart stretches to its width. */
  box: { width: number; height: number };
  /** What the top of the chart stands for: "150 per second". */
  top: string;
  /** When the first and the last point were read: "12 minutes ago", "now". */
  from: string;
  to: string;
  /** A test id for the chart's SVG. */
  testId?: string;
}

/** A short line in a line's colour and dash, before its name in the legend. */
function Swatch(props: { line: TrendLine }): JSX.Element {
  const { line } = props;
  return (
    <svg width={24} height={10} aria-hidden="true" focusable="false">
      <line
        x1={1}
        y1={5}
        x2={23}
        y2={5}
        stroke={line.colour}
        strokeWidth={2}
        strokeDasharray={line.dashed ? '5 3' : undefined}
      />
    </svg>
  );
}

/**
 * A small line chart of a trend: plain SVG (the plugin needs no chart library), as wide as its
 * box, a line per series on one scale from 0 (the bottom) to `top`, with a legend and the times
 * of its first and last point. The SVG is one image to assistive technology, named by `label`
 * and described by `description`, which is also shown as text under it (the figures for whom
 * the drawing does not help). Text in the theme's colours; the lines in the primary and the
 * text colour, told apart by their dash too.
 */
export function TrendChart(props: TrendChartProps): JSX.Element {
  const theme = useTheme();
  const descriptionId = useId();
  const { label, description, lines, box, top, from, to } = props;
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {top}
      </Typography>
      <svg
        role="img"
        aria-label={label}
        aria-describedby={descriptionId}
        data-testid={props.testId}
        width="100%"
        height={box.height}
        viewBox={`0 0 ${box.width} ${box.height}`}
        // Stretched to the card's width; the strokes keep their width (vector-effect).
        preserveAspectRatio="none"
        style={{ display: 'block' }}
      >
        <line
          x1={0}
          y1={box.height - 0.5}
          x2={box.width}
          y2={box.height - 0.5}
          stroke={theme.palette.divider}
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
        {lines.map(line =>
          line.path ? (
            <path
              key={line.name}
              d={line.path}
              fill="none"
              stroke={line.colour}
              strokeWidth={2}
              strokeDasharray={line.dashed ? '6 4' : undefined}
              strokeLinejoin="round"
              strokeLinecap="round"
              vectorEffect="non-scaling-stroke"
            />
          ) : null,
        )}
      </svg>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="caption" color="textSecondary">
          {from}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {to}
        </Typography>
      </Box>
      {lines.length > 1 && (
        <Box
          component="ul"
          display="flex"
          flexWrap="wrap"
          m={0}
          mt={1}
          p={0}
          style={{ listStyle: 'none', gap: 16 }}
        >
          {lines.map(line => (
            <Box
              component="li"
              key={line.name}
              display="flex"
              alignItems="center"
              style={{ gap: 6 }}
            >
              <Swatch line={line} />
              <Typography variant="body2" component="span">
                {line.name}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      <Typography id={descriptionId} variant="body2">
        {description}
      </Typography>
    </Box>
  );
}
