import type { KsmlThroughputPoint } from '@ksml-backstage/plugin-ksml-common';
import { THROUGHPUT_SERIES } from '../streams/throughputReading';

/**
 * How a Prometheus names a runner's pod in its series: the labels a ServiceMonitor or a
 * `kubernetes_sd_configs` pod role with the usual relabelling gives, and matchers that pick this
 * environment's cluster out of a Prometheus that scrapes several.
 */
export interface PrometheusSelector {
  /** Default `namespace`. */
  namespaceLabel?: string;
  /** Default `pod`. */
  podLabel?: string;
  /** Extra matchers, as PromQL writes them inside braces: `cluster="prod-eu"`. */
  matchers?: string;
}

/** Points a history has at most: enough for a chart, few enough for any range. */
export const HISTORY_POINTS = 240;
/** The finest step asked for, in seconds: the runners' own reading interval. */
export const MIN_STEP_SECONDS = 15;

/** The three series of an app's trend, each summed over its replicas. */
export type HistorySeries = 'recordsIn' | 'recordsOut' | 'heap';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The PromQL of an app's trend, one query per series, each the sum over the release's pods:
 * `<release>-<ordinal>` of its StatefulSet or `<release>-<suffix>` of its Job. Series that are
 * NaN (a rate before its first record) are left out by `>= 0`, so a sum stays a number. Throws
 * for names PromQL should not be built from (callers pass validated ones). Pure.
 */
export function historyQueries(
  namespace: string,
  release: string,
  selector: PrometheusSelector = {},
): Record<HistorySeries, string> {
  const namespaceLabel = selector.namespaceLabel ?? 'namespace';
  const podLabel = selector.podLabel ?? 'pod';
  for (const [what, value] of [
    ['namespace', namespace],
    ['release', release],
  ])
    if (!DNS_LABEL.test(value)) throw new Error(`Not a ${what}: ${value}`);
  for (const label of [namespaceLabel, podLabel])
    if (!LABEL_NAME.test(label)) throw new Error(`Not a label name: ${label}`);
  const pods = [
    `${namespaceLabel}="${namespace}"`,
    `${podLabel}=~"${release}-([0-9]+|[a-z0-9]{5})"`,
    ...(selector.matchers ? [selector.matchers] : []),
  ].join(',');
  const sum = (series: string, extra = '') =>
    `sum(${series}{${pods}${extra}} >= 0)`;
  return {
    recordsIn: sum(THROUGHPUT_SERIES.threadProcessRate),
    // The producers' client-wide series; the per-topic ones carry a topic label.
    recordsOut: sum(THROUGHPUT_SERIES.producerSendRate, ',topic=""'),
    heap: sum(THROUGHPUT_SERIES.heapUsed, ',area="heap"'),
  };
}

/** The step for a range: HISTORY_POINTS points, never finer than MIN_STEP_SECONDS. Pure. */
export function historyStepSeconds(rangeSeconds: number): number {
  return Math.max(MIN_STEP_SECONDS, Math.ceil(rangeSeconds / HISTORY_POINTS));
}

/** One series of a `query_range` answer: `[unix seconds, "value"]` pairs. */
export type RangeValues = Array<[number, string]>;

/**
 * The trend from the three series' values: a point at every step where records in were seen,
 * with records out and heap of the same step (0 where the runner had none, e.g. an app that
 * writes nothing). Oldest first. Pure.
 */
export function historyPoints(
  values: Record<HistorySeries, RangeValues>,
): KsmlThroughputPoint[] {
  const at = (series: RangeValues) =>
    new Map(series.map(([t, v]) => [t, Number(v)]));
  const out = at(values.recordsOut);
  const heap = at(values.heap);
  return values.recordsIn
    .map(([t, v]) => ({ t, recordsIn: Number(v) }))
    .filter(({ recordsIn }) => Number.isFinite(recordsIn))
    .sort((a, b) => a.t - b.t)
    .map(({ t, recordsIn }) => ({
      at: new Date(t * 1000).toISOString(),
      recordsInPerSecond: recordsIn,
      recordsOutPerSecond: finiteOr0(out.get(t)),
      heapUsedBytes: finiteOr0(heap.get(t)),
    }));
}

function finiteOr0(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? value : 0;
}
