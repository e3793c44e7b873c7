import { ResponseError } from '@backstage/errors';
import { parseServerSentEvents } from './serverSentEvents';
import type {
  KsmlApi,
  KsmlAppsFilter,
  KsmlRecordsQuery,
  KsmlRedeployInput,
  KsmlRequestOptions,
  KsmlDiscovery,
} from './KsmlApi';
import type { KsmlAppRef } from '../naming';
import type {
  DeployRequestInput,
  TestRequestInput,
} from '../schema/deployRequest';
import type { PreflightRequestInput } from '../schema/preflightRequest';
import type { PromoteRequestInput } from '../schema/promoteRequest';
import type { ResetOffsetsRequestInput } from '../schema/resetOffsetsRequest';
import type {
  KsmlDefinitionResponse,
  KsmlDeploymentRecord,
  KsmlDeployResponse,
  KsmlEvent,
  KsmlGitopsFilesResponse,
  KsmlLagResponse,
  KsmlOffsetResetResponse,
  KsmlLogLine,
  KsmlLogsResponse,
  KsmlOperationResponse,
  KsmlPreflightEnvironment,
  KsmlPromoteResponse,
  KsmlRecordsResponse,
  KsmlRevision,
  KsmlManagedApp,
  KsmlMetricsResponse,
  KsmlThroughputResponse,
  KsmlRenderResponse,
  KsmlTestResponse,
  KsmlStatusResponse,
  KsmlTopologyResponse,
  KsmlUndeployResponse,
} from '../types';

/** Options for {@link KsmlClient}. */
export interface KsmlClientOptions {
  discoveryApi: KsmlDiscovery;
  /** Backstage's FetchApi in the browser (adds the user's token); the global fetch otherwise. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * HTTP client of the KSML backend plugin, for the browser and for other backend plugins (the
 * scaffolder actions). A non-2xx answer throws `ResponseError`, whose `body.error` carries the
 * backend's message (e.g. the 400 naming the field).
 */
export class KsmlClient implements KsmlApi {
  readonly #discovery: KsmlDiscovery;
  readonly #fetch: typeof fetch;

  constructor(options: KsmlClientOptions) {
    this.#discovery = options.discoveryApi;
    const fetchApi = options.fetchApi;
    this.#fetch = fetchApi
      ? (input, init) => fetchApi.fetch(input, init)
      : (input, init) => fetch(input, init);
  }

  deploy(request: DeployRequestInput, options?: KsmlRequestOptions) {
    return this.#send<KsmlDeployResponse>('POST', '/deploy', options, request);
  }

  test(request: TestRequestInput, options?: KsmlRequestOptions) {
    return this.#send<KsmlTestResponse>('POST', '/test', options, request);
  }

  render(request: DeployRequestInput, options?: KsmlRequestOptions) {
    return this.#send<KsmlRenderResponse>('POST', '/render', options, request);
  }

  redeploy(ref: KsmlRedeployInput, options?: KsmlRequestOptions) {
    const { secretKafkaProperties, definitions, schemas } = ref;
    return this.#send<KsmlDeployResponse>('POST', '/redeploy', options, {
      ...appQuery(ref),
      ...(secretKafkaProperties ? { secretKafkaProperties } : {}),
      ...(definitions ? { definitions } : {}),
      ...(schemas ? { schemas } : {}),
    });
  }

  definition(
    ref: KsmlAppRef & { revision?: number },
    options?: KsmlRequestOptions,
  ) {
    return this.#send<KsmlDefinitionResponse>(
      'GET',
      `/definition?${query({
        ...appQuery(ref),
        ...(ref.revision !== undefined
          ? { revision: String(ref.revision) }
          : {}),
      })}`,
      options,
    );
  }

  promote(request: PromoteRequestInput, options?: KsmlRequestOptions) {
    return this.#send<KsmlPromoteResponse>(
      'POST',
      '/promote',
      options,
      request,
    );
  }

  async preflight(
    request: PreflightRequestInput,
    options?: KsmlRequestOptions,
  ) {
    const body = await this.#send<{ items: KsmlPreflightEnvironment[] }>(
      'POST',
      '/preflight',
      options,
      request,
    );
    return body.items;
  }

  async changes(
    filter: { actor?: string; limit?: number } = {},
    options?: KsmlRequestOptions,
  ) {
    const body = await this.#send<{ items: KsmlDeploymentRecord[] }>(
      'GET',
      `/changes?${query({
        ...(filter.actor ? { actor: filter.actor } : {}),
        ...(filter.limit !== undefined ? { limit: String(filter.limit) } : {}),
      })}`,
      options,
    );
    return body.items;
  }

  undeploy(
    ref: KsmlAppRef & { deleteStorage?: boolean },
    options?: KsmlRequestOptions,
  ) {
    const { deleteStorage, ...app } = ref;
    return this.#send<KsmlUndeployResponse>(
      'DELETE',
      `/deploy?${query({
        ...appQuery(app),
        ...(deleteStorage ? { deleteStorage: 'true' } : {}),
      })}`,
      options,
    );
  }

  status(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlStatusResponse>(
      'GET',
      `/status?${query(appQuery(ref))}`,
      options,
    );
  }

  logs(
    ref: KsmlAppRef & { tailLines?: number; previous?: boolean },
    options?: KsmlRequestOptions,
  ) {
    const { tailLines, previous, ...app } = ref;
    return this.#send<KsmlLogsResponse>(
      'GET',
      `/logs?${query({
        ...appQuery(app),
        ...(tailLines !== undefined ? { tailLines: String(tailLines) } : {}),
        ...(previous ? { previous: 'true' } : {}),
      })}`,
      options,
    );
  }

  metrics(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlMetricsResponse>(
      'GET',
      `/metrics?${query(appQuery(ref))}`,
      options,
    );
  }

  throughput(
    ref: KsmlAppRef,
    options?: KsmlRequestOptions & { range?: string },
  ) {
    const params = appQuery(ref);
    if (options?.range) params.range = options.range;
    return this.#send<KsmlThroughputResponse>(
      'GET',
      `/throughput?${query(params)}`,
      options,
    );
  }

  async history(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    const body = await this.#send<{ items: KsmlDeploymentRecord[] }>(
      'GET',
      `/history?${query(appQuery(ref))}`,
      options,
    );
    return body.items;
  }

  async apps(filter: KsmlAppsFilter = {}, options?: KsmlRequestOptions) {
    const given = Object.entries(filter).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    const body = await this.#send<{ items: KsmlManagedApp[] }>(
      'GET',
      given.length > 0 ? `/apps?${query(Object.fromEntries(given))}` : '/apps',
      options,
    );
    return body.items;
  }

  async revisions(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    const body = await this.#send<{ items: KsmlRevision[] }>(
      'GET',
      `/revisions?${query(appQuery(ref))}`,
      options,
    );
    return body.items;
  }

  rollback(
    ref: KsmlAppRef & { revision: number },
    options?: KsmlRequestOptions,
  ) {
    return this.#send<KsmlOperationResponse>('POST', '/rollback', options, {
      ...appQuery(ref),
      revision: ref.revision,
    });
  }

  scale(ref: KsmlAppRef & { replicas: number }, options?: KsmlRequestOptions) {
    return this.#send<KsmlOperationResponse>('POST', '/scale', options, {
      ...appQuery(ref),
      replicas: ref.replicas,
    });
  }

  restart(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlOperationResponse>(
      'POST',
      '/restart',
      options,
      appQuery(ref),
    );
  }

  async events(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    const body = await this.#send<{ items: KsmlEvent[] }>(
      'GET',
      `/events?${query(appQuery(ref))}`,
      options,
    );
    return body.items;
  }

  gitopsFiles(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlGitopsFilesResponse>(
      'GET',
      `/gitops?${query(appQuery(ref))}`,
      options,
    );
  }

  records(
    ref: KsmlAppRef,
    read: KsmlRecordsQuery,
    options?: KsmlRequestOptions,
  ) {
    const params: Record<string, string> = {
      ...appQuery(ref),
      topic: read.topic,
    };
    for (const key of [
      'limit',
      'from',
      'partition',
      'offset',
      'filter',
    ] as const)
      if (read[key] !== undefined) params[key] = String(read[key]);
    return this.#send<KsmlRecordsResponse>(
      'GET',
      `/records?${query(params)}`,
      options,
    );
  }

  resetOffsets(
    request: ResetOffsetsRequestInput,
    options?: KsmlRequestOptions,
  ) {
    return this.#send<KsmlOffsetResetResponse>(
      'POST',
      '/reset-offsets',
      options,
      request,
    );
  }

  lag(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlLagResponse>(
      'GET',
      `/lag?${query(appQuery(ref))}`,
      options,
    );
  }

  topology(ref: KsmlAppRef, options?: KsmlRequestOptions) {
    return this.#send<KsmlTopologyResponse>(
      'GET',
      `/topology?${query(appQuery(ref))}`,
      options,
    );
  }

  async followLogs(
    ref: KsmlAppRef & { tailLines?: number },
    onLine: (line: KsmlLogLine) => void,
    options: KsmlRequestOptions = {},
  ): Promise<void> {
    const { tailLines, ...app } = ref;
    const response = await this.#request(
      'GET',
      `/logs/follow?${query({
        ...appQuery(app),
        ...(tailLines !== undefined ? { tailLines: String(tailLines) } : {}),
      })}`,
      options,
    );
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let rest = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const parsed = parseServerSentEvents(
          rest + decoder.decode(value, { stream: true }),
        );
        rest = parsed.rest;
        for (const event of parsed.events) {
          if (event.event === 'error')
            throw new Error(
              (JSON.parse(event.data) as { message?: string }).message ??
                'the log stream failed',
            );
          onLine(JSON.parse(event.data) as KsmlLogLine);
        }
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    }
  }

  async #send<T>(
    method: string,
    path: string,
    options: KsmlRequestOptions = {},
    body?: unknown,
  ): Promise<T> {
    const response = await this.#request(method, path, options, body);
    return (await response.json()) as T;
  }

  /** A request to the backend; a non-2xx answer throws `ResponseError`. */
  async #request(
    method: string,
    path: string,
    options: KsmlRequestOptions = {},
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.#discovery.getBaseUrl('ksml');
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.#fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}

/** Only the four identity fields go into a query string: nothing else of the caller's object. */
function appQuery(ref: KsmlAppRef): Record<string, string> {
  return {
    tenant: ref.tenant,
    instance: ref.instance,
    environment: ref.environment,
    application: ref.application,
  };
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}
