import {
  deployRequestOfApp,
  KSML_APP_FINALIZER,
  KSML_APP_GROUP,
  KSML_APP_PLURAL,
  KSML_APP_VERSION,
  ksmlAppRef,
  KsmlLogger,
  KsmlProvisioner,
  KubeHttp,
  KubeHttpError,
  ListWatch,
} from '@ksml-backstage/plugin-ksml-node';
import {
  KsmlAppObject,
  KsmlAppStatus,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import type { ReleaseLocks } from '../server/releaseLocks';
import {
  failed,
  installed,
  nextConditions,
  reconciling,
  WantedConditions,
} from './conditions';

/** KsmlApps reconciled at once. */
const PARALLEL_RECONCILES = 4;

/** Options of {@link KsmlAppController}. */
export interface KsmlAppControllerOptions {
  http: KubeHttp;
  namespace: string;
  provisioner: KsmlProvisioner;
  /** The REST API's locks: an app is changed by one request or reconcile at a time. */
  locks: ReleaseLocks;
  resyncSeconds: number;
  /** Kafka properties to treat as secrets beyond the built-in ones. */
  secretProperties: readonly string[];
  logger: KsmlLogger;
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

const isNotFound = (error: unknown) =>
  (error as Error)?.name === 'NotFoundError' ||
  (error instanceof KubeHttpError && error.code === 404);

/** What the watch keeps of a KsmlApp: enough to know that it changed. */
interface AppKey {
  metadata: { name: string; resourceVersion?: string };
}

/**
 * Reconciles the KsmlApps of a namespace with the KSML chart: a watch queues each app that
 * changes, a resync queues them all every `resyncSeconds` (a release removed or changed by
 * hand, a changed Secret), and each reconcile makes the release match the spec and writes the
 * status. Level-based: a reconcile reads the app afresh and does nothing when the release
 * already matches, so reconciling twice (a resync, a new leader) installs nothing twice.
 */
export class KsmlAppController {
  readonly #options: KsmlAppControllerOptions;
  readonly #collection: string;
  #watch?: ListWatch<AppKey>;
  #timer?: NodeJS.Timeout;
  /** Apps waiting, in order, and the ones being reconciled (queued again if they change). */
  readonly #queue = new Set<string>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();

  constructor(options: KsmlAppControllerOptions) {
    this.#options = options;
    this.#collection = `/apis/${KSML_APP_GROUP}/${KSML_APP_VERSION}/namespaces/${options.namespace}/${KSML_APP_PLURAL}`;
  }

  start(): void {
    this.#watch = new ListWatch<AppKey>({
      source: this.#options.http,
      path: this.#collection,
      slim: object => {
        const { name, resourceVersion } = (object as AppKey).metadata;
        return { metadata: { name, resourceVersion } };
      },
      onChange: (current, previous) =>
        this.enqueue((current ?? previous)!.metadata.name),
      logger: this.#options.logger,
    }).start();
    this.#timer = setInterval(() => {
      for (const app of this.#watch?.values() ?? []) {
        this.enqueue(app.metadata.name);
      }
    }, this.#options.resyncSeconds * 1000);
  }

  /** Stops watching; resolves when the reconciles in flight have finished. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#queue.clear();
    this.#again.clear();
    await this.#watch?.stop();
    this.#watch = undefined;
    await Promise.all(this.#running.values());
  }

  /** Queues a reconcile of the app (once, however often it is asked). */
  enqueue(name: string): void {
    if (!this.#watch) return;
    if (this.#running.has(name)) this.#again.add(name);
    else this.#queue.add(name);
    this.#next();
  }

  #next(): void {
    for (const name of this.#queue) {
      if (this.#running.size >= PARALLEL_RECONCILES) return;
      this.#queue.delete(name);
      const run = this.#reconcile(name)
        .catch(error =>
          this.#options.logger.error('Reconcile failed', {
            ksmlApp: name,
            error: (error as Error).message,
          }),
        )
        .finally(() => {
          this.#running.delete(name);
          if (this.#again.delete(name)) this.#queue.add(name);
          this.#next();
        });
      this.#running.set(name, run);
    }
  }

  async #reconcile(name: string): Promise<void> {
    const app = await this.#read(name);
    if (!app) return;
    if (app.metadata.deletionTimestamp) {
      await this.#finalize(app);
      return;
    }
    const current = app.metadata.finalizers?.includes(KSML_APP_FINALIZER)
      ? app
      : await this.#patch(app, {
          metadata: {
            resourceVersion: app.metadata.resourceVersion,
            finalizers: [
              ...(app.metadata.finalizers ?? []),
              KSML_APP_FINALIZER,
            ],
          },
        });
    await this.#apply(current);
  }

  /** Installs what the spec declares when the release does not match it; writes the status. */
  async #apply(app: KsmlAppObject): Promise<void> {
    const { provisioner, locks, secretProperties, logger } = this.#options;
    const generation = app.metadata.generation;
    const status = app.status ?? {};
    let secret: { data: Record<string, string>; version?: string };
    let request;
    try {
      secret = await this.#secretOf(app);
      request = deployRequestOfApp(app, secret.data, secretProperties);
    } catch (error) {
      await this.#writeStatus(app, failed('InvalidSpec', message(error)), {
        observedGeneration: generation,
      });
      return;
    }
    const release = releaseName(request);
    const deployed = await provisioner
      .status(request)
      .catch(error => (isNotFound(error) ? undefined : Promise.reject(error)));
    const changed =
      status.observedGeneration !== generation ||
      status.secretVersion !== secret.version ||
      status.release !== release ||
      // Drift: no release, a revision not ours (helm upgrade or rollback by hand), or replicas
      // changed on the workload itself.
      !deployed ||
      deployed.helm.revision !== status.helmRevision ||
      deployed.kubernetes.replicas !== request.replicas ||
      // An install that failed is tried again (a resync, or any change of the app).
      status.conditions?.some(
        c =>
          c.type === 'Failed' &&
          c.status === 'True' &&
          c.reason === 'InstallFailed',
      );
    if (!changed) {
      await this.#writeStatus(
        app,
        installed(
          deployed.kubernetes.status,
          deployed.helm.revision,
          request.deploymentMode === 'Job',
        ),
        { state: deployed.kubernetes.status },
      );
      return;
    }
    await this.#writeStatus(
      app,
      reconciling(
        deployed
          ? `Upgrading ${release} from revision ${deployed.helm.revision}`
          : `Installing ${release}`,
      ),
      {},
    );
    try {
      const result = await locks.run(release, () =>
        provisioner.deploy(request),
      );
      logger.info('Reconciled KsmlApp', {
        ksmlApp: app.metadata.name,
        release,
        revision: result.helm.revision,
        generation: generation ?? 0,
      });
      const after = await provisioner.status(request).catch(() => undefined);
      const state = after?.kubernetes.status ?? 'Starting';
      await this.#writeStatus(
        app,
        installed(
          state,
          result.helm.revision,
          request.deploymentMode === 'Job',
        ),
        {
          observedGeneration: generation,
          release,
          helmRevision: result.helm.revision,
          secretVersion: secret.version,
          state,
        },
      );
    } catch (error) {
      const invalid = (error as Error).name === 'InputError';
      await this.#writeStatus(
        app,
        failed(invalid ? 'InvalidSpec' : 'InstallFailed', message(error)),
        { observedGeneration: generation, release },
      );
    }
  }

  /** Uninstalls the app's release (and its Secret), then lets the KsmlApp go. */
  async #finalize(app: KsmlAppObject): Promise<void> {
    if (!app.metadata.finalizers?.includes(KSML_APP_FINALIZER)) return;
    const ref = ksmlAppRef(app);
    const release = releaseName(ref);
    try {
      await this.#options.locks.run(release, () =>
        this.#options.provisioner.undeploy(ref),
      );
      this.#options.logger.info(
        'Uninstalled the release of a deleted KsmlApp',
        {
          ksmlApp: app.metadata.name,
          release,
        },
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await this.#patch(app, {
      metadata: {
        resourceVersion: app.metadata.resourceVersion,
        finalizers: app.metadata.finalizers.filter(
          f => f !== KSML_APP_FINALIZER,
        ),
      },
    });
  }

  async #read(name: string): Promise<KsmlAppObject | undefined> {
    try {
      return await this.#options.http.json<KsmlAppObject>(
        `${this.#collection}/${name}`,
      );
    } catch (error) {
      if (error instanceof KubeHttpError && error.code === 404)
        return undefined;
      throw error;
    }
  }

  /** The referenced Secret's keys decoded, and its version; an InputError when it is missing. */
  async #secretOf(
    app: KsmlAppObject,
  ): Promise<{ data: Record<string, string>; version?: string }> {
    const name = app.spec?.kafkaSecretRef?.name;
    if (!name) return { data: {} };
    try {
      const secret = await this.#options.http.json<{
        data?: Record<string, string>;
        metadata: { resourceVersion?: string };
      }>(`/api/v1/namespaces/${this.#options.namespace}/secrets/${name}`);
      return {
        data: Object.fromEntries(
          Object.entries(secret.data ?? {}).map(([key, value]) => [
            key,
            Buffer.from(value, 'base64').toString('utf8'),
          ]),
        ),
        version: secret.metadata.resourceVersion,
      };
    } catch (error) {
      if (error instanceof KubeHttpError && error.code === 404) {
        const notFound = new Error(
          `kafkaSecretRef.name: the Secret ${name} does not exist in namespace ${
            this.#options.namespace
          }`,
        );
        notFound.name = 'InputError';
        throw notFound;
      }
      throw error;
    }
  }

  #patch(app: KsmlAppObject, patch: object): Promise<KsmlAppObject> {
    return this.#options.http.mergePatch<KsmlAppObject>(
      `${this.#collection}/${app.metadata.name}`,
      patch,
    );
  }

  /** Writes the conditions and the given status fields, keeping the others. */
  async #writeStatus(
    app: KsmlAppObject,
    wanted: WantedConditions,
    fields: Partial<KsmlAppStatus>,
  ): Promise<void> {
    const status: KsmlAppStatus = {
      ...app.status,
      ...fields,
      conditions: nextConditions(
        app.status?.conditions,
        wanted,
        app.metadata.generation,
        new Date(),
      ),
    };
    // Unchanged: no write, or the watch would see our own write and reconcile forever.
    if (canonical(status) === canonical(app.status ?? {})) return;
    const written = await this.#options.http.mergePatch<KsmlAppObject>(
      `${this.#collection}/${app.metadata.name}/status`,
      { status },
    );
    // The next write of this reconcile builds on what was written.
    app.status = written.status;
    app.metadata.resourceVersion = written.metadata.resourceVersion;
  }
}

/** JSON with sorted keys, to compare objects whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a.localeCompare(b),
          ),
        )
      : v,
  );
}
