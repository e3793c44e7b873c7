import { ServiceUnavailableError } from '@backstage/errors';
import type { KsmlThroughputPoint } from '@ksml-backstage/plugin-ksml-common';
import { readFileSync } from 'node:fs';
import {
  HistorySeries,
  historyPoints,
  historyQueries,
  historyStepSeconds,
  PrometheusSelector,
  RangeValues,
} from './historyQueries';

/** How to reach an environment's Prometheus (`ksml.environments.<name>.prometheus`). */
export interface PrometheusOptions extends PrometheusSelector {
  /** Its base URL, the one `/api/v1/query_range` is below: `https://prometheus.example:9090`. */
  url: string;
  /** A bearer token, for a Prometheus behind an authenticating proxy. */
  token?: string;
  /** Basic auth instead of a token. */
  username?: string;
  password?: string;
  /** PEM CA bundle that signs its TLS certificate. */
  caFile?: string;
  /** Longest a query may take, in seconds. Default 5. */
  timeoutSeconds?: number;
}

/** What a history is asked for: an app's release, where, and how far back. */
export interface HistoryRequest {
  namespace: string;
  release: string;
  rangeSeconds: number;
  /** The end of the range; default now. */
  end?: Date;
}

/**
 * An environment's Prometheus as a source of an app's longer trend: the same three series the
 * backend keeps for the last hour (records in, records out, heap), each summed over the app's
 * replicas, at HISTORY_POINTS steps over the range. Only `query_range` is used: read access to
 * the series is all it needs. A Prometheus that fails, times out or answers an error is a 503
 * naming it (its answer quoted, never the credentials).
 */
export class PrometheusHistory {
  readonly #url: string;
  readonly #options: PrometheusOptions;
  readonly #fetch: typeof fetch;

  static async create(options: PrometheusOptions): Promise<PrometheusHistory> {
    // undici: Node's fetch, with a CA of our own for this Prometheus only.
    const undici = await import('undici');
    const dispatcher = new undici.Agent({
      connect: options.caFile
        ? { ca: readFileSync(options.caFile, 'utf8') }
        : {},
    });
    return new PrometheusHistory(
      options,
      (input, init) =>
        undici.fetch(input as string, {
          ...(init as object),
          dispatcher,
        }) as unknown as Promise<Response>,
    );
  }

  /** With a fetch of the caller's (tests). */
  constructor(options: PrometheusOptions, fetchImpl: typeof fetch = fetch) {
    if (/^[a-z]+:\/\/[^/]*@/i.test(options.url)) {
      // Messages name the URL: credentials go in token or username and password instead.
      throw new Error(
        'A Prometheus URL must not hold credentials: give them as a token or a username and password',
      );
    }
    this.#url = options.url.replace(/\/+$/, '');
    this.#options = options;
    this.#fetch = fetchImpl;
  }

  /** The Prometheus's URL, for messages. */
  get url(): string {
    return this.#url;
  }

  /** The app's trend over the range, oldest first; empty when Prometheus has none of it. */
  async history(request: HistoryRequest): Promise<KsmlThroughputPoint[]> {
    const queries = historyQueries(
      request.namespace,
      request.release,
      this.#options,
    );
    const step = historyStepSeconds(request.rangeSeconds);
    // The same start, end and step for the three queries, so their answers share timestamps.
    // The end is now, not a step boundary before it: that would leave out up to a step of the
    // newest readings (an app started a minute ago would have none at a 90 s step).
    const end = Math.floor((request.end ?? new Date()).getTime() / 1000);
    const start = end - Math.floor(request.rangeSeconds / step) * step;
    const signal = AbortSignal.timeout(
      (this.#options.timeoutSeconds ?? 5) * 1000,
    );
    const entries = await Promise.all(
      (Object.keys(queries) as HistorySeries[]).map(
        async series =>
          [
            series,
            await this.#queryRange(queries[series], start, end, step, signal),
          ] as const,
      ),
    );
    return historyPoints(
      Object.fromEntries(entries) as Record<HistorySeries, RangeValues>,
    );
  }

  async #queryRange(
    query: string,
    start: number,
    end: number,
    step: number,
    signal: AbortSignal,
  ): Promise<RangeValues> {
    const body = new URLSearchParams({
      query,
      start: String(start),
      end: String(end),
      step: `${step}s`,
    });
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#url}/api/v1/query_range`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...this.#authorization(),
        },
        body: body.toString(),
        signal,
      });
      // Inside the try: a body cut off by the timeout or a reset is the Prometheus failing too.
      text = await response.text();
    } catch (error) {
      throw this.#unavailable(
        signal.aborted
          ? `did not answer within ${this.#options.timeoutSeconds ?? 5}s`
          : `could not be reached (${causeOf(error)})`,
      );
    }
    let answer: PromAnswer | undefined;
    try {
      answer = JSON.parse(text) as PromAnswer;
    } catch {
      answer = undefined;
    }
    if (!response.ok || answer?.status !== 'success') {
      throw this.#unavailable(
        `answered ${response.status}${
          answer?.error ? `: ${answer.error}` : `: ${text.slice(0, 200)}`
        }`,
      );
    }
    if (answer.data?.resultType !== 'matrix') {
      throw this.#unavailable(
        `answered a ${answer.data?.resultType} where a matrix was asked for`,
      );
    }
    // A sum without `by` is one series, or none when no pod matched.
    return answer.data.result[0]?.values ?? [];
  }

  #authorization(): Record<string, string> {
    const { token, username, password } = this.#options;
    if (token) return { authorization: `Bearer ${token}` };
    if (username !== undefined)
      return {
        authorization: `Basic ${Buffer.from(
          `${username}:${password ?? ''}`,
        ).toString('base64')}`,
      };
    return {};
  }

  #unavailable(what: string): ServiceUnavailableError {
    return new ServiceUnavailableError(`Prometheus at ${this.#url} ${what}`);
  }
}

interface PromAnswer {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result: Array<{ metric: Record<string, string>; values: RangeValues }>;
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? String(error);
}
