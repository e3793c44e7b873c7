import { withSpan } from '../tracing';
import { kubeStatusCode, translateKubeError } from './errors';
import { KubeHttp } from './KubeHttp';

/**
 * One namespace of one cluster, as the role implementations (workloads, logs, Secrets, Helm
 * records) call it: the paths of its objects, a span per call, and failures translated once
 * into errors that name the cluster.
 */
export class NamespaceApi {
  constructor(
    readonly http: KubeHttp,
    readonly namespace: string,
    /** How errors name the cluster: its context and API server. */
    readonly cluster: string,
  ) {}

  /** `/api/v1/namespaces/<ns>/<rest>` or `/apis/<group>/namespaces/<ns>/<rest>`. */
  path(group: string, rest: string): string {
    const prefix = group === 'v1' ? '/api/v1' : `/apis/${group}`;
    return `${prefix}/namespaces/${encodeURIComponent(this.namespace)}/${rest}`;
  }

  /** Runs `fn` in a span named after the operation, tagged with the namespace. */
  traced<T>(
    operation: string,
    attributes: Record<string, string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    return withSpan(
      `kubernetes ${operation}`,
      { ...attributes, 'k8s.namespace.name': this.namespace },
      fn,
    );
  }

  /** {@link NamespaceApi.traced}, translating a failed call once (`what` names it in the message). */
  call<T>(
    operation: string,
    attributes: Record<string, string>,
    what: string,
    call: () => Promise<T>,
  ): Promise<T> {
    return this.traced(operation, attributes, async () => {
      try {
        return await call();
      } catch (error) {
        throw translateKubeError(error, what, this.cluster);
      }
    });
  }

  /** A read that resolves undefined for a 404 (and translates any other failure). */
  async orUndefined<T>(
    read: () => Promise<T>,
    what: string,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (kubeStatusCode(error) === 404) return undefined;
      throw translateKubeError(error, what, this.cluster);
    }
  }
}
