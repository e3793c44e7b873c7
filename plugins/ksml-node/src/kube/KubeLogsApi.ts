import { NamespaceApi } from './NamespaceApi';
import { KubeLogs } from './roles';

/** {@link KubeLogs} over the API server: the `ksml` container's log, read or followed. */
export class KubeLogsApi implements KubeLogs {
  constructor(private readonly api: NamespaceApi) {}

  /** The last lines of a pod's `ksml` container log; `previous`: of its last terminated run. */
  async readLog(
    pod: string,
    tailLines: number,
    options: { previous?: boolean } = {},
  ): Promise<string> {
    const { api } = this;
    return api.call(
      'readLog',
      { 'ksml.pod': pod },
      `reading the log of ${pod}`,
      () =>
        api.http.text(this.#logPath(pod), {
          container: 'ksml',
          tailLines,
          ...(options.previous ? { previous: 'true' } : {}),
        }),
    );
  }

  async streamLog(
    pod: string,
    options: { tailLines: number; signal: AbortSignal },
  ): Promise<AsyncIterable<Buffer>> {
    const { api } = this;
    return api.call(
      'streamLog',
      { 'ksml.pod': pod },
      `following the log of ${pod}`,
      () =>
        api.http.stream(
          this.#logPath(pod),
          { container: 'ksml', follow: 'true', tailLines: options.tailLines },
          '*/*',
          options.signal,
        ),
    );
  }

  #logPath(pod: string): string {
    return this.api.path('v1', `pods/${encodeURIComponent(pod)}/log`);
  }
}
