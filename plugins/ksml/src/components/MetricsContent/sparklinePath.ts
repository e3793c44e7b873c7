/** Size of a sparkline's drawing area, in SVG user units. */
export interface SparklineBox {
  width: number;
  height: number;
  /** Room kept free at every edge, so the stroke is not clipped. */
  padding?: number;
}

/** Rounds to two decimals: enough for a screen, and keeps paths short and stable in tests. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The SVG path (`M x y L x y ...`) of a line through `values`, spread evenly from left to
 * right and scaled from the lowest (bottom) to the highest (top) value. A flat series is
 * drawn through the middle, a single value as a short flat line; no values give ''.
 */
export function sparklinePath(values: number[], box: SparklineBox): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) {
    return '';
  }
  const padding = box.padding ?? 1;
  const innerWidth = box.width - 2 * padding;
  const innerHeight = box.height - 2 * padding;
  const points = finite.length === 1 ? [finite[0], finite[0]] : finite;
  const min = Math.min(...points);
  const max = Math.max(...points);
  const y = (value: number) =>
    max === min
      ? padding + innerHeight / 2
      : padding + innerHeight - ((value - min) / (max - min)) * innerHeight;
  const x = (index: number) =>
    padding + (index / (points.length - 1)) * innerWidth;
  return points
    .map(
      (value, index) =>
        `${index === 0 ? 'M' : 'L'}${round(x(index))} ${round(y(value))}`,
    )
    .join(' ');
}
