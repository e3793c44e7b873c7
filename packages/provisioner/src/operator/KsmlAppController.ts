import {
  deployRequestOfApp,
  KSML_APP_GROUP,
  KSML_APP_PLURAL,
  KSML_APP_VERSION,
  KsmlLogger,
  KsmlProvisioner,
  KubeHttp,
  KubeHttpError,
  ListWatch,
} from '@ksml-backstage/plugin-ksml-node';
import type { KsmlAppObject } from '@ksml-backstage/plugin-ksml-common';
import type { ReleaseLocks } from '../server/releaseLocks';
import { installed, nextStatus, StatusWrite } from './conditions';
import {
  AppInput,
  AppSecret,
  decide,
  Decision,
  HelmWait,
  message,
  Observation,
} from './decideReconcile';
import {
  assertLeading,
  LeadershipTerm,
  NotLeadingError,
  runInTerm,
} from './leadershipFence';
import { readKafkaSecret } from './readKafkaSecret';
import { WorkQueue } from './WorkQueue';

export { helmBusyUntil } from './decideReconcile';

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

const isNotFound = (error: unknown) =>
  (error as Error)?.name === 'NotFoundError' ||
  (error instanceof KubeHttpError && error.code === 404);

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
 * What to do is {@link decide}'s to say, from what the reconcile read; this class reads, and
 * does what it decided.
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
  /**
   * Apps to reconcile, one reconcile of an app at a time. Its backoff is a failed install's
   * (in memory: a new leader tries at once).
   */
  readonly #queue: WorkQueue<string>;
  /** Apps whose install waits for another's helm, and for which input, until when. */
  readonly #helmBusy = new Map<string, HelmWait>();
  /** The leadership term this controller runs for (set by start). */
  #term?: LeadershipTerm;

  constructor(options: KsmlAppControllerOptions) {
    this.#options = options;
    this.#collection = `/apis/${KSML_APP_GROUP}/${KSML_APP_VERSION}/namespaces/${options.namespace}/${KSML_APP_PLURAL}`;
    this.#queue = new WorkQueue({
      work: name => {
        const term = this.#term!;
        return runInTerm(term, () => this.#reconcile(name, term));
      },
      onError: (name, error) => this.#failed(name, error),
      parallel: PARALLEL_RECONCILES,
      backoffMs: options.resyncSeconds * 1000,
    });
  }

  /** Starts reconciling for the leadership `term`; every write checks that it is still valid. */
  start(term: LeadershipTerm): void {
    this.#term = term;
    this.#queue.start();
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
    // In-memory waits belong to this term's view; a next term starts afresh.
    this.#helmBusy.clear();
    const drained = this.#queue.stop();
    await this.#watch?.stop();
    this.#watch = undefined;
    await drained;
  }

  /** Queues a reconcile of the app (once, however often it is asked). */
  enqueue(name: string): void {
    this.#queue.enqueue(name);
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

  /** Reads what {@link decide} asks for, and does what it decides, until a decision ends it. */
  async #reconcile(name: string, term: LeadershipTerm): Promise<void> {
    if (!term.valid) return; // queued before the term ended: the new leader reconciles it
    const app = await this.#read(name);
    if (!app) return;
    const seen: Observation = { app };
    for (;;) {
      const next = decide(seen);
      switch (next.do) {
        case 'nothing':
          return;
        case 'finalize':
          await this.#finalize(seen.app, next);
          return;
        case 'addFinalizer':
          seen.app = await this.#patch(seen.app, next.patch);
          break;
        case 'readInput':
          seen.input = await this.#input(seen.app);
          break;
        case 'refuse':
          await this.#writeStatus(seen.app, next.status);
          return;
        case 'readRelease':
          seen.deployed =
            (await this.#options.provisioner
              .status(next.request)
              .catch(error =>
                isNotFound(error) ? undefined : Promise.reject(error),
              )) ?? null;
          break;
        case 'upToDate':
          await this.#writeStatus(seen.app, next.status);
          this.#watchWhileStarting(name, next.state);
          return;
        case 'install':
          seen.installFailed = await this.#install(seen, next);
          if (!seen.installFailed) return;
          break;
        case 'waitForHelm':
          await this.#waitForHelm(seen.app, next);
          return;
        case 'fail':
          if (next.backoff) this.#queue.failed(name);
          await this.#writeStatus(seen.app, next.status);
          return;
        default: // every decision is handled above
          throw new Error(`Unknown decision ${(next as Decision).do}`);
      }
    }
  }

  /**
   * The app's Secret and deploy request, and what this process knows of the app now, all the
   * rest of the decision rests on.
   */
  async #input(app: KsmlAppObject): Promise<AppInput> {
    const { http, namespace, secretProperties } = this.#options;
    const name = app.metadata.name;
    let secret: AppSecret = { data: {} };
    let request: AppInput['request'];
    try {
      secret = await readKafkaSecret(http, namespace, app);
      request = deployRequestOfApp(app, secret.data, secretProperties);
    } catch (error) {
      // Only a refused spec is InvalidSpec (which sticks); the API server failing to give the
      // Secret is tried again on the next resync.
      if ((error as Error).name !== 'InputError') throw error;
      request = { refused: message(error) };
    }
    return {
      request,
      secret,
      now: Date.now(),
      backingOff: this.#queue.backingOff(name),
      helmWait: this.#helmBusy.get(name),
      others: [...(this.#watch?.values() ?? [])].map(other => ({
        name: other.metadata.name,
        release: other.release,
      })),
    };
  }

  /**
   * Writes the Installing or Upgrading status, installs, and writes what was installed; returns
   * why it failed, for {@link decide} to answer.
   */
  async #install(
    { app, input }: Observation,
    { request, release, status }: Extract<Decision, { do: 'install' }>,
  ): Promise<{ error: unknown } | undefined> {
    const { provisioner, locks, logger } = this.#options;
    const generation = app.metadata.generation;
    const secret = input!.secret;
    const job = request.deploymentMode === 'Job';
    const name = app.metadata.name;
    await this.#writeStatus(app, status);
    try {
      // Every key of the KsmlApp's Secret stays secret, whatever this provisioner's list says.
      // The core checks the term again right before its helm run and Secret writes.
      const result = await locks.run(release, () => {
        assertLeading(`helm upgrade --install ${release}`);
        return provisioner.deploy(request, {
          secretKeys: Object.keys(secret.data),
        });
      });
      this.#queue.succeeded(name);
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
      await this.#writeStatus(app, {
        conditions: installed(state, result.helm.revision, job),
        fields: {
          observedGeneration: generation,
          release,
          helmRevision: result.helm.revision,
          secretVersion: secret.version,
          state,
        },
      });
      return undefined;
    } catch (error) {
      if (error instanceof NotLeadingError) throw error; // no status write either
      return { error };
    }
  }

  /**
   * An app on its way up is checked again soon, so its status turns Ready within seconds
   * rather than at the next resync.
   */
  #watchWhileStarting(name: string, state: string): void {
    if (state !== 'Starting' || this.#queue.rechecking(name)) return;
    this.#queue.recheck(name, STARTING_RECHECK_MS);
  }

  /**
   * The release has a `pending-*` revision that another process's helm may still be writing
   * (a leader that died or was partitioned mid-upgrade). Not a failure: the app stays
   * Reconciling, and is reconciled again when the core will recover the release (roll the
   * interrupted revision back, then install), rather than at the next resync.
   */
  async #waitForHelm(
    app: KsmlAppObject,
    { wait, status }: Extract<Decision, { do: 'waitForHelm' }>,
  ): Promise<void> {
    const name = app.metadata.name;
    this.#helmBusy.set(name, wait);
    this.#options.logger.info(
      'Waiting for a helm operation that may still run',
      {
        ksmlApp: name,
        until: new Date(wait.until).toISOString(),
      },
    );
    this.#queue.recheck(name, wait.until - Date.now() + 1000);
    await this.#writeStatus(app, status);
  }

  /** Uninstalls the app's release (and its Secret) when it installed one, then lets the KsmlApp go. */
  async #finalize(
    app: KsmlAppObject,
    { uninstall, patch }: Extract<Decision, { do: 'finalize' }>,
  ): Promise<void> {
    if (uninstall) {
      const { ref, release } = uninstall;
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
    await this.#patch(app, patch);
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

  #patch(app: KsmlAppObject, patch: object): Promise<KsmlAppObject> {
    assertLeading(`patch the KsmlApp ${app.metadata.name}`);
    return this.#options.http.mergePatch<KsmlAppObject>(
      `${this.#collection}/${app.metadata.name}`,
      patch,
    );
  }

  /** Writes the conditions and the given status fields, keeping the others. */
  async #writeStatus(app: KsmlAppObject, write: StatusWrite): Promise<void> {
    const { metadata } = app;
    const status = nextStatus(
      app.status,
      write,
      metadata.generation,
      new Date(),
    );
    if (!status) return;
    assertLeading(`write the status of the KsmlApp ${metadata.name}`);
    const written = await this.#options.http.mergePatch<KsmlAppObject>(
      `${this.#collection}/${metadata.name}/status`,
      { status },
    );
    // The next write of this reconcile builds on what was written.
    app.status = written.status;
    metadata.resourceVersion = written.metadata.resourceVersion;
  }
}
