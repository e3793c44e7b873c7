import { KsmlLogger, silentLogger } from '../logger';
import { KubeQuery } from '../kube/KubeHttp';

/** The part of a Kubernetes object every cache entry keeps. */
export interface CachedObject {
  metadata: { name: string; resourceVersion?: string };
}

/** A watch event as the API server sends it. */
interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: {
    metadata?: { name?: string; resourceVersion?: string };
    code?: number;
    message?: string;
  };
}

/** What a {@link ListWatch} needs of the API: a list and a watch of one collection. */
export interface ListWatchSource {
  json<T>(
    path: string,
    query: KubeQuery,
    accept?: string,
    signal?: AbortSignal,
  ): Promise<T>;
  stream(
    path: string,
    query: KubeQuery,
    accept: string,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Buffer>>;
}

/** Options for a {@link ListWatch}. */
export interface ListWatchOptions<T extends CachedObject> {
  source: ListWatchSource;
  /** The collection, e.g. `/api/v1/namespaces/apps/pods`. */
  path: string;
  labelSelector?: string;
  /** Accept headers for the list and the watch (e.g. metadata only); default JSON. */
  accept?: { list: string; object: string };
  /** Keeps what the cache needs of an object (so memory grows with that, not with the object). */
  slim(object: unknown): T;
  /** A key objects are also found by (e.g. a pod's release); see {@link ListWatch.byIndex}. */
  index?(object: T): string | undefined;
  /** Called after each change an event or a relist made; `current` is undefined for a removal. */
  onChange?(current: T | undefined, previous: T | undefined): void;
  /** Objects per list page. */
  pageSize?: number;
  /** Reconnect delays: doubled after each failure from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** How long the API server keeps one watch open before we open the next. */
  watchTimeoutSeconds?: number;
  logger?: KsmlLogger;
}

/** A list or watch that the API server refused or that broke; the loop retries. */
class ExpiredError extends Error {}

/**
 * One collection kept in memory by a list and then a watch from the list's resourceVersion
 * (client-go's reflector pattern): a watch that ends is resumed from the last version seen, one
 * whose version expired (410) is replaced by a fresh list, and failures retry with backoff.
 * {@link ListWatch.fresh} is true only while a watch is open, so readers can tell a current
 * view from an old one and read the API directly meanwhile.
 */
export class ListWatch<T extends CachedObject> {
  readonly #options: ListWatchOptions<T>;
  readonly #items = new Map<string, T>();
  readonly #index = new Map<string, Set<string>>();
  readonly #abort = new AbortController();
  readonly #logger: KsmlLogger;
  #resourceVersion?: string;
  #watching = false;
  #syncedAt?: Date;
  #lastEventAt?: Date;
  #lastError?: Error;
  #freshListeners: Array<() => void> = [];
  #loop?: Promise<void>;

  constructor(options: ListWatchOptions<T>) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Starts listing and watching (once). */
  start(): this {
    this.#loop ??= this.#run();
    return this;
  }

  /** Ends the watch; the loop does not retry. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  /** True while a watch is open: what the cache holds is what the API server holds. */
  get fresh(): boolean {
    return this.#watching;
  }

  /** When the last list completed (undefined before the first). */
  get syncedAt(): Date | undefined {
    return this.#syncedAt;
  }

  /** The last time the cache was known current: now while fresh, else when the watch ended. */
  get currentAt(): Date | undefined {
    return this.#watching ? new Date() : this.#lastEventAt;
  }

  /** Why the last list or watch failed, while it has not recovered. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Resolves true once a watch is open, false after `timeoutMs`. */
  whenFresh(timeoutMs: number): Promise<boolean> {
    if (this.#watching) return Promise.resolve(true);
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      timer = setTimeout(() => {
        this.#freshListeners = this.#freshListeners.filter(l => l !== done);
        resolve(false);
      }, timeoutMs);
      this.#freshListeners.push(done);
    });
  }

  get(name: string): T | undefined {
    return this.#items.get(name);
  }

  values(): IterableIterator<T> {
    return this.#items.values();
  }

  get size(): number {
    return this.#items.size;
  }

  /** The objects whose {@link ListWatchOptions.index} is `key`. */
  byIndex(key: string): T[] {
    const names = this.#index.get(key);
    if (!names) return [];
    const found: T[] = [];
    for (const name of names) {
      const item = this.#items.get(name);
      if (item) found.push(item);
    }
    return found;
  }

  /** The index keys in use (e.g. every release that has pods). */
  indexKeys(): IterableIterator<string> {
    return this.#index.keys();
  }

  async #run(): Promise<void> {
    const { initialMs, maxMs } = this.#options.backoff ?? {
      initialMs: 200,
      maxMs: 5_000,
    };
    let delay = initialMs;
    while (!this.#abort.signal.aborted) {
      try {
        if (!this.#resourceVersion) await this.#list();
        await this.#watch();
        delay = initialMs; // a watch that ran and ended normally: resume at once
      } catch (error) {
        this.#setWatching(false);
        if (this.#abort.signal.aborted) break;
        if (error instanceof ExpiredError) {
          this.#resourceVersion = undefined; // relist now
          continue;
        }
        if (!this.#lastError) {
          this.#logger.warn(
            `Watch of ${this.#options.path} failed, retrying: ${
              (error as Error).message
            }`,
          );
        }
        this.#lastError = error as Error;
        // Jitter, so the watches of a cluster that comes back do not all reconnect at once.
        await sleep(delay * (0.75 + Math.random() / 2), this.#abort.signal);
        delay = Math.min(delay * 2, maxMs);
      }
    }
    this.#setWatching(false);
  }

  /** Lists the collection page by page and replaces the cache's content with it. */
  async #list(): Promise<void> {
    const { source, path, labelSelector, accept } = this.#options;
    const seen = new Map<string, T>();
    let resourceVersion = '';
    let next: string | undefined;
    do {
      const page = await source.json<{
        metadata?: { resourceVersion?: string; continue?: string };
        items?: unknown[];
      }>(
        path,
        {
          labelSelector,
          limit: this.#options.pageSize ?? 500,
          continue: next,
        },
        accept?.list,
        // A stop does not wait for a list in flight (a stopping leader must let go at once).
        this.#abort.signal,
      );
      for (const item of page.items ?? []) {
        const slim = this.#options.slim(item);
        seen.set(slim.metadata.name, slim);
      }
      resourceVersion = page.metadata?.resourceVersion ?? '';
      next = page.metadata?.continue || undefined;
    } while (next);
    for (const name of [...this.#items.keys()]) {
      if (!seen.has(name)) this.#remove(name);
    }
    for (const [name, item] of seen) {
      const old = this.#items.get(name);
      if (old?.metadata.resourceVersion !== item.metadata.resourceVersion)
        this.#put(item);
    }
    this.#resourceVersion = resourceVersion;
    this.#syncedAt = new Date();
  }

  /** One watch from the last resourceVersion, until the API server or the network ends it. */
  async #watch(): Promise<void> {
    const { source, path, labelSelector, accept } = this.#options;
    const timeout = this.#options.watchTimeoutSeconds ?? 300;
    const controller = new AbortController();
    const onStop = () => controller.abort();
    // Stopped while the list ran: an abort listener added now would never fire.
    if (this.#abort.signal.aborted) return;
    this.#abort.signal.addEventListener('abort', onStop);
    try {
      const stream = await source
        .stream(
          path,
          {
            watch: true,
            labelSelector,
            resourceVersion: this.#resourceVersion,
            allowWatchBookmarks: true,
            // Spread the watches' ends so they do not all reconnect at the same moment.
            timeoutSeconds: Math.round(timeout * (0.9 + Math.random() / 5)),
          },
          accept?.object ?? 'application/json',
          controller.signal,
        )
        .catch(error => {
          if ((error as { code?: number }).code === 410)
            throw new ExpiredError('resourceVersion expired');
          throw error;
        });
      this.#setWatching(true);
      let buffered = '';
      for await (const chunk of stream) {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) this.#apply(JSON.parse(line) as WatchEvent);
          newline = buffered.indexOf('\n');
        }
      }
    } finally {
      this.#abort.signal.removeEventListener('abort', onStop);
      this.#lastEventAt = new Date();
    }
  }

  #apply(event: WatchEvent): void {
    const version = event.object.metadata?.resourceVersion;
    switch (event.type) {
      case 'ERROR':
        // 410 Gone: our resourceVersion is older than what the API server keeps.
        if (event.object.code === 410)
          throw new ExpiredError(event.object.message ?? 'expired');
        throw new Error(event.object.message ?? 'watch error');
      case 'BOOKMARK':
        break;
      case 'DELETED':
        this.#remove(event.object.metadata?.name ?? '');
        break;
      default:
        this.#put(this.#options.slim(event.object));
    }
    if (version) this.#resourceVersion = version;
  }

  #put(item: T): void {
    const name = item.metadata.name;
    const old = this.#items.get(name);
    if (old) this.#unindex(old);
    this.#items.set(name, item);
    const key = this.#options.index?.(item);
    if (key !== undefined) {
      let names = this.#index.get(key);
      if (!names) this.#index.set(key, (names = new Set()));
      names.add(name);
    }
    this.#options.onChange?.(item, old);
  }

  #remove(name: string): void {
    const old = this.#items.get(name);
    if (!old) return;
    this.#unindex(old);
    this.#items.delete(name);
    this.#options.onChange?.(undefined, old);
  }

  #unindex(item: T): void {
    const key = this.#options.index?.(item);
    if (key === undefined) return;
    const names = this.#index.get(key);
    names?.delete(item.metadata.name);
    if (names?.size === 0) this.#index.delete(key);
  }

  #setWatching(watching: boolean): void {
    if (watching === this.#watching) return;
    this.#watching = watching;
    if (watching) {
      if (this.#lastError) {
        this.#logger.info(`Watch of ${this.#options.path} is back`);
      }
      this.#lastError = undefined;
      const listeners = this.#freshListeners;
      this.#freshListeners = [];
      listeners.forEach(l => l());
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
