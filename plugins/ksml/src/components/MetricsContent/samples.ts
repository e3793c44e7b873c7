import type {
  KsmlMetricsResponse,
  KsmlUsage,
} from '@ksml-backstage/plugin-ksml-common';

/** CPU in millicores and memory in MB, as numbers. */
export interface Usage {
  cpu: number;
  memory: number;
}

/** One poll's figures: the app's total and each replica's. */
export interface MetricsSample {
  /** Epoch milliseconds. */
  at: number;
  total: Usage;
  replicas: Record<string, Usage>;
}

/** Samples kept for the charts: 60 polls, ten minutes at the default 10 s. */
export const MAX_SAMPLES = 60;

/** A figure of the metrics route (a string, as in the readme) as a number; 0 when unreadable. */
export function parseFigure(value: string | undefined): number {
  const number = Number.parseFloat(value ?? '');
  return Number.isFinite(number) ? number : 0;
}

function usageOf(usage: KsmlUsage): Usage {
  return {
    cpu: parseFigure(usage.cpu?.usedMillicores),
    memory: parseFigure(usage.memory?.usedMb),
  };
}

/** A metrics answer as a sample taken at `at`. */
export function toSample(
  response: KsmlMetricsResponse,
  at: number,
): MetricsSample {
  return {
    at,
    total: usageOf(response),
    replicas: Object.fromEntries(
      (response.replicas ?? []).map(replica => [
        replica.replicaName,
        usageOf(replica),
      ]),
    ),
  };
}

/** The samples with one more at the end, the oldest dropped beyond `max`. */
export function appendSample(
  samples: MetricsSample[],
  sample: MetricsSample,
  max: number = MAX_SAMPLES,
): MetricsSample[] {
  return [...samples, sample].slice(-max);
}

/**
 * One replica's (or, without a name, the total's) CPU or memory over the samples; a sample
 * in which the replica did not exist yet counts as no point rather than as 0.
 */
export function series(
  samples: MetricsSample[],
  figure: keyof Usage,
  replicaName?: string,
): number[] {
  return samples.flatMap(sample => {
    const usage =
      replicaName === undefined ? sample.total : sample.replicas[replicaName];
    return usage ? [usage[figure]] : [];
  });
}
