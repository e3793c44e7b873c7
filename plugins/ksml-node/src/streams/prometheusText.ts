/** One sample of the Prometheus text format: a series' name, its labels and its value. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/g;

/**
 * The samples of a Prometheus text exposition (version 0.0.4, what the KSML runner's exporter
 * answers), comments and malformed lines skipped. Values Prometheus writes as `NaN`, `+Inf` and
 * `-Inf` parse to their numbers. Pure.
 */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    if (match[2]) {
      for (const label of match[2].matchAll(LABEL)) {
        labels[label[1]] = label[2].replace(/\\(.)/g, (_, c) =>
          c === 'n' ? '\n' : c,
        );
      }
    }
    const value = parseValue(match[3]);
    if (value !== undefined) samples.push({ name: match[1], labels, value });
  }
  return samples;
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}
