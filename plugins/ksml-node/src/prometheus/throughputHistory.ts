import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  KEPT_HISTORY_SECONDS,
  KsmlThroughputResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { PrometheusHistory } from './PrometheusHistory';

/** Where an app's trend may come from, beside the readings its target kept. */
export interface HistorySources {
  /** The environment's Prometheus; undefined when it has none. */
  prometheus?: PrometheusHistory;
  /** Where one would be configured, for the 400 of a range too long without one. */
  prometheusSetting: string;
}

/**
 * A target's throughput with the trend asked for: without a range, the hour its readings kept;
 * with one, the environment's Prometheus's over that range (or, should it fail, the kept trend
 * with a warning). A range past the kept hour without a Prometheus is a 400 naming `range` and
 * where a Prometheus would be configured.
 */
export async function withHistory(
  response: KsmlThroughputResponse,
  app: { namespace: string; release: string },
  rangeSeconds: number | undefined,
  sources: HistorySources,
): Promise<KsmlThroughputResponse> {
  const { prometheus } = sources;
  const kept = (seconds: number, warning?: string) => {
    const since = Date.now() - seconds * 1000;
    return {
      ...response,
      history: response.history.filter(p => Date.parse(p.at) >= since),
      historySource: 'runners' as const,
      historySeconds: seconds,
      longerHistory: Boolean(prometheus),
      ...(warning ? { historyWarning: warning } : {}),
    };
  };
  if (rangeSeconds === undefined) return kept(KEPT_HISTORY_SECONDS);
  if (!prometheus) {
    if (rangeSeconds <= KEPT_HISTORY_SECONDS) return kept(rangeSeconds);
    throw new InputError(
      `Invalid throughput query: range: the last ${
        KEPT_HISTORY_SECONDS / 60
      } minutes are kept here; a longer history needs a Prometheus (${
        sources.prometheusSetting
      })`,
    );
  }
  try {
    return {
      ...response,
      history: await prometheus.history({ ...app, rangeSeconds }),
      historySource: 'prometheus',
      historySeconds: rangeSeconds,
      longerHistory: true,
    };
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    return kept(Math.min(rangeSeconds, KEPT_HISTORY_SECONDS), error.message);
  }
}
