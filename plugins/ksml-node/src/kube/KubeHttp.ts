import type * as k8s from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';

/** Query parameters of a Kubernetes API call. */
/** Query parameters; an array repeats its key (`name[]=a&name[]=b`). */
export type KubeQuery = Record<
  string,
  string | number | boolean | readonly string[] | undefined
>;

/** Where a cluster is: a kubeconfig file (and context), or else the in-cluster service account. */
export interface KubeTarget {
  kubeconfigPath?: string;
  context?: string;
}

/** client-node (ESM-only, hence imported) and the KubeConfig of a {@link KubeTarget}. */
export async function loadKubeConfig(
  target: KubeTarget,
): Promise<{ lib: typeof k8s; config: k8s.KubeConfig }> {
  const lib = await import('@kubernetes/client-node');
  const config = new lib.KubeConfig();
  if (target.kubeconfigPath) {
    config.loadFromFile(target.kubeconfigPath);
    if (target.context) config.setCurrentContext(target.context);
  } else {
    config.loadFromCluster();
  }
  return { lib, config };
}

/** Accept header asking for objects' metadata only (`PartialObjectMetadata`). */
export const METADATA_ONLY = {
  list: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
  object:
    'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json',
};

/**
 * A failed API call, shaped like client-node's `ApiException` (`code`, `body`) so that
 * `translateKubeError` reads both the same way.
 */
export class KubeHttpError extends Error {
  constructor(readonly code: number, readonly body: string) {
    super(`HTTP ${code}: ${body.slice(0, 300)}`);
    this.name = 'KubeHttpError';
  }
}

/**
 * The reads on the hot path (status, logs, metrics, watches) over one kept-alive connection
 * pool per cluster. client-node builds a new TLS agent for every call, so each read paid a TLS
 * handshake; here the kubeconfig's TLS material goes into one undici Agent, and only the
 * authorization (which an exec plugin may refresh) is asked of the kubeconfig per call.
 */
export class KubeHttp {
  readonly #config: k8s.KubeConfig;
  readonly #server: string;
  readonly #dispatcher: Dispatcher;
  readonly #undici: typeof import('undici');

  /** A pool for a kubeconfig file (and context), or the in-cluster service account. */
  static async connect(target: KubeTarget): Promise<KubeHttp> {
    return KubeHttp.create((await loadKubeConfig(target)).config);
  }

  /** A pool for the kubeconfig's current cluster and user. */
  static async create(config: k8s.KubeConfig): Promise<KubeHttp> {
    const undici = await import('undici');
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    const tls: import('node:https').RequestOptions = {};
    await config.applyToHTTPSOptions(tls);
    const dispatcher = new undici.Agent({
      connections: 32,
      keepAliveTimeout: 30_000,
      connect: {
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        pfx: tls.pfx,
        passphrase: tls.passphrase,
        ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
        ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
      },
    });
    return new KubeHttp(config, cluster.server, dispatcher, undici);
  }

  private constructor(
    config: k8s.KubeConfig,
    server: string,
    dispatcher: Dispatcher,
    undici: typeof import('undici'),
  ) {
    this.#config = config;
    this.#server = server.replace(/\/+$/, '');
    this.#dispatcher = dispatcher;
    this.#undici = undici;
  }

  /** The API server's address, to name the cluster in errors. */
  get server(): string {
    return this.#server;
  }

  /**
   * GET returning parsed JSON; a non-2xx answer is a {@link KubeHttpError}. `signal` abandons
   * it (a cache that stops does not wait for its list to answer).
   */
  async json<T>(
    path: string,
    query: KubeQuery = {},
    accept = 'application/json',
    signal?: AbortSignal,
  ): Promise<T> {
    const body = await this.#request('GET', path, query, accept, { signal });
    return JSON.parse(await body.text()) as T;
  }

  /** GET returning the body as text (a pod log); `signal` abandons it. */
  async text(
    path: string,
    query: KubeQuery = {},
    signal?: AbortSignal,
  ): Promise<string> {
    const body = await this.#request('GET', path, query, '*/*', { signal });
    return body.text();
  }

  /**
   * GET of a watch: resolves once the API server answered 200, with the stream of its
   * newline-separated events; `signal` ends it.
   */
  async stream(
    path: string,
    query: KubeQuery,
    accept: string,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Buffer>> {
    return this.#request('GET', path, query, accept, { signal, stream: true });
  }

  /**
   * PATCH with a merge patch (`application/merge-patch+json`); resolves with the patched object.
   */
  async mergePatch<T>(path: string, patch: object): Promise<T> {
    const body = await this.#request('PATCH', path, {}, 'application/json', {
      body: JSON.stringify(patch),
      contentType: 'application/merge-patch+json',
    });
    return JSON.parse(await body.text()) as T;
  }

  /** POST of a new object; resolves with the created object (409 when it exists). */
  async create<T>(path: string, object: object): Promise<T> {
    const body = await this.#request('POST', path, {}, 'application/json', {
      body: JSON.stringify(object),
      contentType: 'application/json',
    });
    return JSON.parse(await body.text()) as T;
  }

  /** PUT of a whole object (its resourceVersion guards against a concurrent change: 409). */
  async replace<T>(path: string, object: object): Promise<T> {
    const body = await this.#request('PUT', path, {}, 'application/json', {
      body: JSON.stringify(object),
      contentType: 'application/json',
    });
    return JSON.parse(await body.text()) as T;
  }

  /** DELETE of an object; resolves false when there was none. */
  async delete(path: string, query: KubeQuery = {}): Promise<boolean> {
    try {
      await (
        await this.#request('DELETE', path, query, 'application/json', {})
      ).text();
      return true;
    } catch (error) {
      if (error instanceof KubeHttpError && error.code === 404) return false;
      throw error;
    }
  }

  /** Closes the pool's connections (watches included). */
  async close(): Promise<void> {
    await this.#dispatcher.destroy();
  }

  async #request(
    method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    query: KubeQuery,
    accept: string,
    options: {
      signal?: AbortSignal;
      body?: string;
      contentType?: string;
      /** A watch: its body stays open for minutes. */
      stream?: boolean;
    },
  ): Promise<Dispatcher.ResponseData['body']> {
    const { signal } = options;
    const url = new URL(this.#server + path);
    for (const [key, value] of Object.entries(query)) {
      if (Array.isArray(value))
        for (const item of value) url.searchParams.append(key, item);
      else if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.#undici.request(url, {
      method,
      dispatcher: this.#dispatcher,
      headers: {
        ...(await this.#authorization()),
        accept,
        ...(options.contentType ? { 'content-type': options.contentType } : {}),
      },
      body: options.body,
      signal,
      // A watch stays open for minutes; a plain read answers at once.
      bodyTimeout: options.stream ? 0 : 60_000,
      headersTimeout: 30_000,
    });
    if (response.statusCode >= 300) {
      throw new KubeHttpError(response.statusCode, await response.body.text());
    }
    return response.body;
  }

  async #authorization(): Promise<Record<string, string>> {
    const options: import('node:https').RequestOptions = {};
    await this.#config.applyToHTTPSOptions(options);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.headers ?? {})) {
      if (typeof value === 'string' || typeof value === 'number')
        headers[key.toLowerCase()] = String(value);
    }
    if (options.auth) {
      headers.authorization = `Basic ${Buffer.from(options.auth).toString(
        'base64',
      )}`;
    }
    return headers;
  }
}
