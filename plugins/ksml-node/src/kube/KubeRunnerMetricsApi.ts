import { kubeMessage, kubeStatusCode, translateKubeError } from './errors';
import { NamespaceApi } from './NamespaceApi';
import { KubeRunnerMetrics } from './roles';

/**
 * {@link KubeRunnerMetrics} over the API server's pod proxy: the KSML runner's Prometheus
 * endpoint, reached without a Prometheus and without a route from the backend to the pods.
 */
export class KubeRunnerMetricsApi implements KubeRunnerMetrics {
  constructor(private readonly api: NamespaceApi) {}

  readRunnerMetrics(
    pod: string,
    port: number,
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<string> {
    const { api } = this;
    // The port as a number: the proxy dials `<pod IP>:<port>` with it as written.
    const path = api.path(
      'v1',
      `pods/${encodeURIComponent(pod)}:${port}/proxy/metrics`,
    );
    return api.traced('readRunnerMetrics', { 'ksml.pod': pod }, async () => {
      try {
        return await api.http.text(path, { 'name[]': names }, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        const code = kubeStatusCode(error);
        // Refused rights and credentials are the API server's; anything else (a 502 or 503
        // from the proxy: connection refused, no route) is the runner not answering.
        if (code === 401 || code === 403)
          throw translateKubeError(
            error,
            `reading the runner metrics of ${pod}`,
            api.cluster,
          );
        throw new Error(
          `the runner's metrics endpoint does not answer: ${kubeMessage(
            error,
          )}`,
        );
      }
    });
  }
}
