import { InputError } from '@backstage/errors';
import {
  deployRequestOfApp,
  KAFKA_PROPERTIES_LABEL,
  KSML_APP_FINALIZER,
  KSML_APP_RELEASE_LABEL,
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
  DeployRequest,
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
  waitingForHelm,
  WantedConditions,
} from './conditions';
import {
  assertLeading,
  LeadershipTerm,
  NotLeadingError,
  runInTerm,
} from './leadershipFence';

/** KsmlApps reconciled at once. */
const PARALLEL_RECONCILES = 4;
/** How soon an app that is Starting is checked again. */
const STARTING_RECHECK_MS = 3000;

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

/**
 * When the provisioner core refused a deploy because a `pending-*` Helm revision may belong to
 * a helm still running (another replica's, e.g. a leader that died mid-upgrade): the time from
 * which it recovers the release (KsmlProvisioner's ConflictError, ADR 0009). Undefined for any
 * other error.
 */
export function helmBusyUntil(error: unknown): Date | undefined {
  if ((error as Error)?.name !== 'ConflictError') return undefined;
  const until =
    /is in progress .*a deploy after (\S+) recovers the release/.exec(
      (error as Error).message,
    )?.[1];
  const at = until ? new Date(until) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** What the watch keeps of a KsmlApp: enough to know that it changed, and its release. */
interface AppKey {
  metadata: { name: string; resourceVersion?: string };
  /** The release it installed (its status says). */
  release?: string;
}

/**
 * Reconciles the KsmlApps of a namespace with the KSML chart: a watch queues each app that
 * changes, a resync queues them all every `resyncSeconds` (a release removed or changed by
 * hand, a changed Secret), and each reconcile makes the release match the spec and writes the
 * status. Level-based: a reconcile reads the app afresh and does nothing when the release
 * already matches, so reconciling twice (a resync, a new leader) installs nothing twice.
 *
 * Runs for one leadership term at a time ({@link KsmlAppController.start}). Each reconcile
 * belongs to the term it started in, and every write it makes (the KsmlApp's metadata and
 * status here; helm runs and Secrets in the provisioner core, through {@link runInTerm}) first
 * checks that this term is still valid: a reconcile that was paused, or outlived its term,
 * stops at its next write and leaves the app to the new leader.
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
  /** When each app's last install failed (an in-memory backoff: a new leader tries at once). */
  readonly #failedAt = new Map<string, number>();
  /** Apps checked again soon: Starting, or waiting for a helm that may still run. */
  readonly #soon = new Map<string, NodeJS.Timeout>();
  /** Apps whose install waits for another's helm, and for which input, until when. */
  readonly #helmBusy = new Map<
    string,
    { until: number; generation?: number; secretVersion?: string }
  >();
  /** The leadership term this controller runs for (set by start). */
  #term?: LeadershipTerm;

  constructor(options: KsmlAppControllerOptions) {
    this.#options = options;
    this.#collection = `/apis/${KSML_APP_GROUP}/${KSML_APP_VERSION}/namespaces/${options.namespace}/${KSML_APP_PLURAL}`;
  }

  /** Starts reconciling for the leadership `term`; every write checks that it is still valid. */
  start(term: LeadershipTerm): void {
    this.#term = term;
    this.#watch = new ListWatch<AppKey>({
      source: this.#options.http,
      path: this.#collection,
      slim: object => {
        const app = object as KsmlAppObject;
        const { name, resourceVersion } = app.metadata;
        return {
          metadata: { name, resourceVersion },
          release: app.status?.release,
        };
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
    for (const timer of this.#soon.values()) clearTimeout(timer);
    this.#soon.clear();
    this.#queue.clear();
    this.#again.clear();
    // In-memory waits and backoffs belong to this term's view; a next term starts afresh.
    this.#helmBusy.clear();
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
    const term = this.#term;
    if (!this.#watch || !term) return; // stopped: no new reconcile
    for (const name of this.#queue) {
      if (this.#running.size >= PARALLEL_RECONCILES) return;
      this.#queue.delete(name);
      const run = runInTerm(term, () => this.#reconcile(name, term))
        .catch(error => this.#failed(name, error))
        .finally(() => {
          this.#running.delete(name);
          if (this.#again.delete(name)) this.#queue.add(name);
          this.#next();
        });
      this.#running.set(name, run);
    }
  }

  #failed(name: string, error: unknown): void {
    if (error instanceof NotLeadingError) {
      this.#options.logger.info('Left a KsmlApp to the new leader', {
        ksmlApp: name,
        refused: error.message,
      });
      return;
    }
    this.#options.logger.error('Reconcile failed', {
      ksmlApp: name,
      error: message(error),
    });
  }

  async #reconcile(name: string, term: LeadershipTerm): Promise<void> {
    if (!term.valid) return; // queued before the term ended: the new leader reconciles it
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
            // The portal finds a KsmlApp by its release, whatever its name.
            labels: { [KSML_APP_RELEASE_LABEL]: releaseName(ksmlAppRef(app)) },
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
    const { provisioner, secretProperties } = this.#options;
    const generation = app.metadata.generation;
    const status = app.status ?? {};
    let secret: { data: Record<string, string>; version?: string } = {
      data: {},
    };
    let request;
    try {
      secret = await this.#secretOf(app);
      request = deployRequestOfApp(app, secret.data, secretProperties);
    } catch (error) {
      // Only a refused spec is InvalidSpec (which sticks); the API server failing to give the
      // Secret is tried again on the next resync.
      if ((error as Error).name !== 'InputError') throw error;
      await this.#writeStatus(app, failed('InvalidSpec', message(error)), {
        observedGeneration: generation,
        secretVersion: secret.version,
      });
      return;
    }
    const release = releaseName(request);
    const claimant = this.#claimant(release, app.metadata.name);
    if (claimant) {
      await this.#writeStatus(
        app,
        failed(
          'ReleaseConflict',
          `KsmlApp ${claimant} already declares the app ${release}: delete one of the two`,
        ),
        { observedGeneration: generation, secretVersion: secret.version },
      );
      return;
    }
    // The same spec and Secret that failed before: a refused spec stays refused; an install
    // that failed is tried again once per resync interval, not on every watch event (our own
    // status writes are events too).
    const sameInput =
      status.observedGeneration === generation &&
      status.secretVersion === secret.version;
    const failedBefore = status.conditions?.find(
      c => c.type === 'Failed' && c.status === 'True',
    )?.reason;
    if (sameInput && failedBefore === 'InvalidSpec') return;
    const retryDue =
      sameInput && failedBefore === 'InstallFailed' && this.#retryDue(app);
    if (sameInput && failedBefore === 'InstallFailed' && !retryDue) return;
    if (this.#waitingForHelm(app, secret.version)) return;

    const deployed = await provisioner
      .status(request)
      .catch(error => (isNotFound(error) ? undefined : Promise.reject(error)));
    const job = request.deploymentMode === 'Job';
    const changed =
      retryDue ||
      !sameInput ||
      status.release !== release ||
      // Drift: no release, or (a StatefulSet) a revision not ours (helm upgrade or rollback by
      // hand) or other replicas on the workload itself. A Job runs to completion and may be
      // cleaned up: only a missing release counts.
      !deployed ||
      (!job &&
        (deployed.helm.revision !== status.helmRevision ||
          deployed.kubernetes.replicas !== request.replicas));
    if (!changed) {
      await this.#writeStatus(
        app,
        installed(deployed.kubernetes.status, deployed.helm.revision, job),
        { state: deployed.kubernetes.status },
      );
      this.#watchWhileStarting(app.metadata.name, deployed.kubernetes.status);
      return;
    }
    await this.#install(app, request, secret, deployed?.helm.revision);
  }

  async #install(
    app: KsmlAppObject,
    request: DeployRequest,
    secret: { data: Record<string, string>; version?: string },
    from: number | undefined,
  ): Promise<void> {
    const { provisioner, locks, logger } = this.#options;
    const generation = app.metadata.generation;
    const release = releaseName(request);
    const job = request.deploymentMode === 'Job';
    const name = app.metadata.name;
    await this.#writeStatus(
      app,
      reconciling(
        from
          ? `Upgrading ${release} from revision ${from}`
          : `Installing ${release}`,
      ),
      {},
    );
    try {
      // Every key of the KsmlApp's Secret stays secret, whatever this provisioner's list says.
      // The core checks the term again right before its helm run and Secret writes.
      const result = await locks.run(release, () => {
        assertLeading(`helm upgrade --install ${release}`);
        return provisioner.deploy(request, {
          secretKeys: Object.keys(secret.data),
        });
      });
      this.#failedAt.delete(name);
      this.#helmBusy.delete(name);
      logger.info('Reconciled KsmlApp', {
        ksmlApp: app.metadata.name,
        release,
        revision: result.helm.revision,
        generation: generation ?? 0,
      });
      const after = await provisioner.status(request).catch(() => undefined);
      const state = after?.kubernetes.status ?? 'Starting';
      this.#watchWhileStarting(app.metadata.name, state);
      await this.#writeStatus(
        app,
        installed(state, result.helm.revision, job),
        {
          observedGeneration: generation,
          release,
          helmRevision: result.helm.revision,
          secretVersion: secret.version,
          state,
        },
      );
    } catch (error) {
      if (error instanceof NotLeadingError) throw error; // no status write either
      const busyUntil = helmBusyUntil(error);
      if (busyUntil) {
        await this.#waitForHelm(app, busyUntil, secret.version, message(error));
        return;
      }
      const invalid = (error as Error).name === 'InputError';
      if (!invalid) this.#failedAt.set(name, Date.now());
      await this.#writeStatus(
        app,
        failed(invalid ? 'InvalidSpec' : 'InstallFailed', message(error)),
        {
          observedGeneration: generation,
          secretVersion: secret.version,
          release,
        },
      );
    }
  }

  /**
   * An app on its way up is checked again soon, so its status turns Ready within seconds
   * rather than at the next resync.
   */
  #watchWhileStarting(name: string, state: string): void {
    if (state !== 'Starting' || this.#soon.has(name)) return;
    this.#recheck(name, STARTING_RECHECK_MS);
  }

  /** Reconciles the app again in `delayMs` (replacing a recheck already planned). */
  #recheck(name: string, delayMs: number): void {
    clearTimeout(this.#soon.get(name));
    this.#soon.set(
      name,
      setTimeout(() => {
        this.#soon.delete(name);
        this.enqueue(name);
      }, Math.max(0, delayMs)),
    );
  }

  /**
   * The release has a `pending-*` revision that another process's helm may still be writing
   * (a leader that died or was partitioned mid-upgrade). Not a failure: the app stays
   * Reconciling, and is reconciled again when the core will recover the release (roll the
   * interrupted revision back, then install), rather than at the next resync.
   */
  async #waitForHelm(
    app: KsmlAppObject,
    until: Date,
    secretVersion: string | undefined,
    why: string,
  ): Promise<void> {
    const name = app.metadata.name;
    this.#helmBusy.set(name, {
      until: until.getTime(),
      generation: app.metadata.generation,
      secretVersion,
    });
    this.#options.logger.info(
      'Waiting for a helm operation that may still run',
      {
        ksmlApp: name,
        until: until.toISOString(),
      },
    );
    this.#recheck(name, until.getTime() - Date.now() + 1000);
    await this.#writeStatus(app, waitingForHelm(why), {});
  }

  /**
   * True while the app waits for another's helm (see #waitForHelm) with the same input: its
   * own status writes wake the watch, and must not start the same install again.
   */
  #waitingForHelm(app: KsmlAppObject, secretVersion?: string): boolean {
    const wait = this.#helmBusy.get(app.metadata.name);
    return (
      wait !== undefined &&
      wait.generation === app.metadata.generation &&
      wait.secretVersion === secretVersion &&
      Date.now() < wait.until
    );
  }

  /** True when the app's last failed install is a resync interval old (or not known here). */
  #retryDue(app: KsmlAppObject): boolean {
    const at = this.#failedAt.get(app.metadata.name);
    return (
      at === undefined || Date.now() - at >= this.#options.resyncSeconds * 1000
    );
  }

  /** Another KsmlApp that installed `release`, if any: two must not fight over one release. */
  #claimant(release: string, self: string): string | undefined {
    for (const other of this.#watch?.values() ?? []) {
      if (other.metadata.name !== self && other.release === release) {
        return other.metadata.name;
      }
    }
    return undefined;
  }

  /** Uninstalls the app's release (and its Secret), then lets the KsmlApp go. */
  async #finalize(app: KsmlAppObject): Promise<void> {
    if (!app.metadata.finalizers?.includes(KSML_APP_FINALIZER)) return;
    const ref = ksmlAppRef(app);
    const release = releaseName(ref);
    // Only what this KsmlApp installed: one that never installed (refused, in conflict) must
    // not take another's release with it.
    if (app.status?.release === release) {
      try {
        await this.#options.locks.run(release, () => {
          assertLeading(`helm uninstall ${release}`);
          return this.#options.provisioner.undeploy(ref);
        });
        this.#options.logger.info(
          'Uninstalled the release of a deleted KsmlApp',
          { ksmlApp: app.metadata.name, release },
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
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
        metadata: { resourceVersion?: string; labels?: Record<string, string> };
      }>(`/api/v1/namespaces/${this.#options.namespace}/secrets/${name}`);
      // Only Secrets marked for it: the provisioner may read every Secret of the namespace,
      // and a KsmlApp must not hand another's (a registry password) to its runner.
      if (secret.metadata.labels?.[KAFKA_PROPERTIES_LABEL] !== 'true') {
        throw new InputError(
          `kafkaSecretRef.name: the Secret ${name} lacks the label ${KAFKA_PROPERTIES_LABEL}=true; the operator reads only Secrets marked for KSML apps`,
        );
      }
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
        throw new InputError(
          `kafkaSecretRef.name: the Secret ${name} does not exist in namespace ${
            this.#options.namespace
          }`,
        );
      }
      throw error;
    }
  }

  #patch(app: KsmlAppObject, patch: object): Promise<KsmlAppObject> {
    assertLeading(`patch the KsmlApp ${app.metadata.name}`);
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
    assertLeading(`write the status of the KsmlApp ${app.metadata.name}`);
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
