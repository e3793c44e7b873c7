import type { KsmlLogger } from '@ksml-backstage/plugin-ksml-node';
import { KubeHttp, KubeHttpError } from '@ksml-backstage/plugin-ksml-node';

/** A coordination.k8s.io/v1 Lease as the API server returns it. */
interface Lease {
  metadata: { name: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** Options of {@link LeaderElection}. */
export interface LeaderElectionOptions {
  http: KubeHttp;
  namespace: string;
  /** The Lease's name. */
  name: string;
  /** This process, as the Lease names its holder. */
  identity: string;
  leaseDurationSeconds: number;
  /** Called when this process becomes the leader. */
  onStartedLeading(): void;
  /** Called when it stops being the leader (lost the Lease, or stopped). */
  onStoppedLeading(): void | Promise<void>;
  logger: KsmlLogger;
  now?: () => number;
}

/** Kubernetes' MicroTime: RFC 3339 with microseconds. */
const microTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * Elects one leader among the processes that share a Lease, as client-go's leaderelection does:
 * each tries every `leaseDuration / 5` to take a Lease that is free or was not renewed for a
 * whole lease duration, the holder renews it, and every write carries the resourceVersion read,
 * so two processes never both win. Expiry is judged by when this process last saw the Lease
 * change, not by the holder's clock. A leader that cannot renew within two thirds of the lease
 * duration stops leading before anyone else may take over. On stop, a leader releases the
 * Lease, so the next one takes over at once.
 */
export class LeaderElection {
  readonly #options: LeaderElectionOptions;
  readonly #now: () => number;
  readonly #path: string;
  #timer?: NodeJS.Timeout;
  #watchdog?: NodeJS.Timeout;
  #leading = false;
  #lastRenewed = 0;
  /** The holder and renew time last seen, and when (our clock). */
  #observed?: { record: string; at: number };
  #stopped = false;

  constructor(options: LeaderElectionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#path = `/apis/coordination.k8s.io/v1/namespaces/${options.namespace}/leases`;
  }

  /** True while this process holds the Lease. */
  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    const durationMs = this.#options.leaseDurationSeconds * 1000;
    const period = Math.max(250, durationMs / 5);
    const tick = async () => {
      await this.#tryAcquireOrRenew();
      if (!this.#stopped) this.#timer = setTimeout(tick, period);
    };
    void tick();
    // A request that hangs holds the next try back; this watchdog does not wait for it: a
    // leader that has not renewed for two thirds of the lease stops before anyone may take over.
    this.#watchdog = setInterval(() => {
      if (
        this.#leading &&
        this.#now() - this.#lastRenewed > (durationMs * 2) / 3
      ) {
        this.#options.logger.warn(
          'Lost the leader Lease: it was not renewed in time',
        );
        void this.#stopLeading();
      }
    }, Math.max(100, durationMs / 10));
  }

  /** Stops trying; a leader stops leading and releases the Lease. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#watchdog);
    if (!this.#leading) return;
    await this.#stopLeading();
    try {
      const lease = await this.#read();
      if (lease?.spec?.holderIdentity === this.#options.identity) {
        await this.#options.http.mergePatch(this.#leasePath, {
          metadata: { resourceVersion: lease.metadata.resourceVersion },
          spec: { holderIdentity: null, renewTime: null, acquireTime: null },
        });
      }
    } catch (error) {
      this.#options.logger.warn('Could not release the leader Lease', {
        error: (error as Error).message,
      });
    }
  }

  get #leasePath(): string {
    return `${this.#path}/${this.#options.name}`;
  }

  async #read(): Promise<Lease | undefined> {
    try {
      return await this.#options.http.json<Lease>(this.#leasePath);
    } catch (error) {
      if (error instanceof KubeHttpError && error.code === 404)
        return undefined;
      throw error;
    }
  }

  async #tryAcquireOrRenew(): Promise<void> {
    const { identity, leaseDurationSeconds, http, namespace, name } =
      this.#options;
    const now = this.#now();
    const durationMs = leaseDurationSeconds * 1000;
    try {
      const lease = await this.#read();
      if (!lease) {
        await http.create(this.#path, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        });
        this.#renewed(now);
        return;
      }
      const spec = lease.spec ?? {};
      const record = `${spec.holderIdentity ?? ''}@${spec.renewTime ?? ''}`;
      if (this.#observed?.record !== record) {
        this.#observed = { record, at: now };
      }
      const mine = spec.holderIdentity === identity;
      const free =
        !spec.holderIdentity ||
        now - this.#observed.at >
          (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (!mine && !free) {
        if (this.#leading) await this.#stopLeading();
        return;
      }
      await http.mergePatch(this.#leasePath, {
        metadata: { resourceVersion: lease.metadata.resourceVersion },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds,
          renewTime: microTime(now),
          ...(mine
            ? {}
            : {
                acquireTime: microTime(now),
                leaseTransitions: (spec.leaseTransitions ?? 0) + 1,
              }),
        },
      });
      this.#renewed(now);
    } catch (error) {
      // A conflict: another process wrote the Lease first; anything else: the API server.
      // The clock is read again: the failed request may have taken long.
      if (
        this.#leading &&
        this.#now() - this.#lastRenewed > (durationMs * 2) / 3
      ) {
        this.#options.logger.warn('Lost the leader Lease: could not renew it', {
          error: (error as Error).message,
        });
        await this.#stopLeading();
      }
    }
  }

  #renewed(now: number): void {
    this.#lastRenewed = now;
    if (this.#leading || this.#stopped) return;
    this.#leading = true;
    this.#options.logger.info('Leading: reconciling KsmlApps', {
      identity: this.#options.identity,
    });
    this.#options.onStartedLeading();
  }

  async #stopLeading(): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    await this.#options.onStoppedLeading();
  }
}
