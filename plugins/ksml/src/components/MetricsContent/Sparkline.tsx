import { useTheme } from '@material-ui/core/styles';
import { sparklinePath } from './sparklinePath';

/** Props of {@link Sparkline}. */
export interface SparklineProps {
  values: number[];
  /** What the line shows, read out by screen readers: "CPU of replica 0". */
  label: string;
  width?: number;
  height?: number;
  color?: string;
}

/**
 * A small line chart of recent values, without axes: the trend at a glance. Plain SVG, so the
 * plugin needs no chart library.
 */
export function Sparkline(props: SparklineProps): JSX.Element {
  const theme = useTheme();
  const { values, label, width = 120, height = 28 } = props;
  const path = sparklinePath(values, { width, height, padding: 2 });
  const last = values[values.length - 1];
  return (
    <svg
      role="img"
      aria-label={
        values.length === 0
          ? `${label}: no samples yet`
          : `${label}: ${values.length} samples, latest ${last}`
      }
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {path && (
        <path
          d={path}
          fill="none"
          stroke={props.color ?? theme.palette.primary.main}
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}
