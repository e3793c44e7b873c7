import {
  AuthenticationError,
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppRef,
  KsmlClient,
  KsmlTestReport,
  reasonOf,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { readFileSync } from 'node:fs';
import { KsmlTests, KsmlTestsOptions } from '../ksmlTests/KsmlTests';
import { secretPropertyMatcher } from '../chart/secrets';
import { withSpan } from '../tracing';
import { KsmlTarget } from './KsmlTarget';

/** Options for {@link RemoteProvisioner.create}. */
export interface RemoteProvisionerOptions {
  /** The provisioner's base URL, e.g. `https://ksml-provisioner.ksml.svc:8080`. */
  url: string;
  /** Its BASIC_AUTH_USERNAME / BASIC_AUTH_PASSWORD, when it has basic authentication on. */
  username?: string;
  password?: string;
  /** PEM CA bundle that signs its TLS certificate (SERVER_TLS_CERTIFICATE). */
  caFile?: string;
  /** Kafka properties to redact beyond the built-in secrets (as the provisioner's own setting). */
  secretProperties?: readonly string[];
  /** Longest a call may take; default 330 s (a deploy runs helm for up to 300 s). */
  timeoutMs?: number;
  /**
   * The portal's KSML tests (`ksml.tests`): run beside the backend when they run locally; the
   * provisioner runs none itself.
   */
  tests?: KsmlTestsOptions;
}

/** Any other failure of the provisioner, with its name and HTTP status (502, 504, 500). */
class RemoteError extends CustomErrorBase {
  readonly statusCode: number;
  constructor(name: string, message: string, statusCode: number) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
  }
}

/**
 * A standalone KSML provisioner (packages/provisioner) running inside a cluster the portal
 * cannot reach, used as an environment's target over its REST API. Its answers keep their
 * meaning (a 400 stays an InputError, a 404 a NotFoundError, its 502 a 502); a provisioner that
 * does not answer is a 503 naming it.
 */
export class RemoteProvisioner implements KsmlTarget {
  readonly #client: KsmlClient;
  readonly #url: string;
  readonly #tests: KsmlTests;
  readonly #isSecret: (key: string) => boolean;

  static async create(
    options: RemoteProvisionerOptions,
  ): Promise<RemoteProvisioner> {
    // undici: Node's fetch, with a CA of our own for this provisioner only.
    const undici = await import('undici');
    const dispatcher = new undici.Agent({
      connect: options.caFile
        ? { ca: readFileSync(options.caFile, 'utf8') }
        : {},
      headersTimeout: options.timeoutMs ?? 330_000,
      bodyTimeout: options.timeoutMs ?? 330_000,
    });
    const authorization =
      options.username !== undefined
        ? `Basic ${Buffer.from(
            `${options.username}:${options.password ?? ''}`,
          ).toString('base64')}`
        : undefined;
    return new RemoteProvisioner(
      options,
      (input, init) =>
        undici.fetch(input as string, {
          ...(init as object),
          dispatcher,
          headers: {
            ...(init?.headers as Record<string, string>),
            ...(authorization ? { authorization } : {}),
          },
        }) as unknown as Promise<Response>,
    );
  }

  private constructor(
    options: RemoteProvisionerOptions,
    fetchImpl: typeof fetch,
  ) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#tests = new KsmlTests(options.tests);
    this.#isSecret = secretPropertyMatcher(options.secretProperties);
    this.#client = new KsmlClient({
      discoveryApi: { getBaseUrl: async () => this.#url },
      fetchApi: { fetch: fetchImpl },
    });
  }

  isSecretProperty(key: string): boolean {
    return this.#isSecret(key);
  }

  async deploy(request: DeployRequest) {
    const result = await this.#call('deploy', () =>
      this.#client.deploy(request),
    );
    return { ...result, warnings: result.warnings ?? [] };
  }

  render(request: DeployRequest) {
    return this.#call('render', () => this.#client.render(request));
  }

  async undeploy(ref: KsmlAppRef, options: { deleteStorage?: boolean } = {}) {
    return this.#call('undeploy', () =>
      this.#client.undeploy({ ...ref, deleteStorage: options.deleteStorage }),
    );
  }

  status(ref: KsmlAppRef) {
    return this.#call('status', () => this.#client.status(ref));
  }

  logs(
    ref: KsmlAppRef,
    tailLines?: number,
    options: { previous?: boolean } = {},
  ) {
    return this.#call('logs', () =>
      this.#client.logs({ ...ref, tailLines, previous: options.previous }),
    );
  }

  /** Runs the tests beside the backend when they run locally; the provisioner runs none. */
  async test(request: DeployRequest): Promise<KsmlTestReport> {
    const notHere = () =>
      new NotImplementedError(
        `Running KSML tests as a Job is not available through the remote KSML provisioner at ${
          this.#url
        }: configure ksml.tests.local, where the backend has a JDK and KSML's test runner`,
      );
    if (this.#tests.runsOn !== 'local') throw notHere();
    return this.#tests.run(request, () => Promise.reject(notHere()));
  }

  async followLogs(): Promise<void> {
    throw new NotImplementedError(
      `Following logs live is not available through the remote KSML provisioner at ${
        this.#url
      }: read them with GET /logs`,
    );
  }

  throughput(ref: KsmlAppRef) {
    return this.#call('throughput', () => this.#client.throughput(ref));
  }

  metrics(ref: KsmlAppRef) {
    return this.#call('metrics', () => this.#client.metrics(ref));
  }

  revisions(ref: KsmlAppRef) {
    return this.#call('revisions', () => this.#client.revisions(ref));
  }

  rollback(ref: KsmlAppRef, revision: number) {
    return this.#call('rollback', () =>
      this.#client.rollback({ ...ref, revision }),
    );
  }

  scale(ref: KsmlAppRef, replicas: number) {
    return this.#call('scale', () => this.#client.scale({ ...ref, replicas }));
  }

  restart(ref: KsmlAppRef) {
    return this.#call('restart', () => this.#client.restart(ref));
  }

  events(ref: KsmlAppRef) {
    return this.#call('events', () => this.#client.events(ref));
  }

  topology(ref: KsmlAppRef) {
    return this.#call('topology', () => this.#client.topology(ref));
  }

  definition(ref: KsmlAppRef, options: { revision?: number } = {}) {
    return this.#call('definition', () =>
      this.#client.definition({ ...ref, revision: options.revision }),
    );
  }

  #call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return withSpan(
      `ksml-provisioner ${operation}`,
      { 'server.address': this.#url },
      async () => {
        try {
          return await fn();
        } catch (error) {
          throw this.#translate(error as Error);
        }
      },
    );
  }

  /** The provisioner's error as the same `@backstage/errors` class, or a 503 naming it. */
  #translate(error: Error): Error {
    if (!(error instanceof ResponseError)) {
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      return new ServiceUnavailableError(
        `The KSML provisioner at ${this.#url} is unreachable: ${
          cause?.code ?? cause?.message ?? error.message
        }`,
      );
    }
    const status = error.response.status;
    const { name, message } = error.body.error;
    // The provisioner's reason code goes on with its error (the contract's, ksmlErrorReasons).
    const reason = reasonOf(error.body.error);
    const relayed = (e: Error) => (reason ? withReason(e, reason) : e);
    const known: Record<string, new (m: string) => Error> = {
      InputError,
      AuthenticationError,
      NotAllowedError,
      NotFoundError,
      ConflictError,
      ServiceUnavailableError,
    };
    if (status === 401) {
      // The provisioner refused our credentials: our configuration, not the caller's.
      return new ServiceUnavailableError(
        `The KSML provisioner at ${
          this.#url
        } refused the backend's credentials (${message})`,
      );
    }
    const Known = known[name];
    if (Known) return relayed(new Known(message));
    return relayed(
      new RemoteError(
        name,
        `${message} (KSML provisioner at ${this.#url})`,
        status,
      ),
    );
  }
}
