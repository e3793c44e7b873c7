import { KubeQuery } from '../kube/KubeHttp';
import { CachedObject, ListWatch, ListWatchSource } from './ListWatch';

// The reflector's bookkeeping with a scripted API: lists, watches that end or expire, failures.
// The freshness against a real API server is proven in freshness.integration.test.ts.

type Item = CachedObject & { metadata: { labels?: Record<string, string> } };

const item = (name: string, rv: string, release = 'r1') => ({
  metadata: { name, resourceVersion: rv, labels: { release } },
});

/** A watch stream the test pushes events into and ends. */
class FakeStream implements AsyncIterable<Buffer> {
  #queue: Array<Buffer | Error | null> = [];
  #wake?: () => void;
  push(event: object) {
    this.#queue.push(Buffer.from(`${JSON.stringify(event)}\n`));
    this.#wake?.();
  }
  end(error?: Error) {
    this.#queue.push(error ?? null);
    this.#wake?.();
  }
  async *[Symbol.asyncIterator]() {
    for (;;) {
      while (this.#queue.length === 0)
        await new Promise<void>(r => (this.#wake = r));
      const next = this.#queue.shift()!;
      if (next === null) return;
      if (next instanceof Error) throw next;
      yield next;
    }
  }
}

class FakeSource implements ListWatchSource {
  lists: Array<() => object> = [];
  watches: Array<(query: KubeQuery) => FakeStream | Error> = [];
  listCalls = 0;
  watchQueries: KubeQuery[] = [];
  async json<T>(
    _path?: string,
    _query?: KubeQuery,
    _accept?: string,
    _signal?: AbortSignal,
  ): Promise<T> {
    this.listCalls++;
    const next = this.lists.shift();
    if (!next) throw new Error('no list scripted');
    return next() as T;
  }
  async stream(
    _path: string,
    query: KubeQuery,
    _accept: string,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Buffer>> {
    this.watchQueries.push(query);
    const next = this.watches.shift();
    if (!next) {
      // Hang until stopped, as an idle watch does.
      const idle = new FakeStream();
      signal.addEventListener('abort', () => idle.end());
      return idle;
    }
    const stream = next(query);
    if (stream instanceof Error) throw stream;
    signal.addEventListener('abort', () => stream.end());
    return stream;
  }
}

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, 5));
  }
};

function makeWatch(source: FakeSource) {
  return new ListWatch<Item>({
    source,
    path: '/api/v1/namespaces/ns/pods',
    labelSelector: 'app=x',
    slim: o => o as Item,
    index: o => o.metadata.labels?.release,
    backoff: { initialMs: 5, maxMs: 20 },
  });
}

/** A scripted API answering these lists in turn, with `first` as its first watch, then `later`. */
function scripted(
  lists: Array<[resourceVersion: string, items: Item[]]>,
  ...later: Array<(query: KubeQuery) => FakeStream | Error>
) {
  const source = new FakeSource();
  const first = new FakeStream();
  for (const [resourceVersion, items] of lists)
    source.lists.push(() => ({ metadata: { resourceVersion }, items }));
  source.watches.push(() => first, ...later);
  return { source, first };
}

/** A started ListWatch, once its first watch is open. */
async function freshWatch(source: FakeSource) {
  const watch = makeWatch(source).start();
  await until(() => watch.fresh, 'fresh');
  return watch;
}

describe('ListWatch', () => {
  it('lists, then applies watch events from the list version, keeping the index', async () => {
    const { source, first: stream } = scripted([
      ['10', [item('a', '5'), item('b', '6')]],
    ]);
    const watch = await freshWatch(source);
    expect(source.watchQueries[0]).toMatchObject({
      watch: true,
      resourceVersion: '10',
      labelSelector: 'app=x',
      allowWatchBookmarks: true,
    });
    expect(watch.byIndex('r1').map(i => i.metadata.name)).toEqual(['a', 'b']);

    stream.push({ type: 'ADDED', object: item('c', '11', 'r2') });
    stream.push({ type: 'MODIFIED', object: item('a', '12', 'r2') });
    stream.push({ type: 'DELETED', object: item('b', '13') });
    await until(() => watch.byIndex('r2').length === 2, 'events applied');
    expect(watch.byIndex('r1')).toEqual([]);
    expect([...watch.indexKeys()]).toEqual(['r2']);
    expect(watch.size).toBe(2);
    await watch.stop();
    expect(watch.fresh).toBe(false);
  });

  it('resumes from the last version seen (a bookmark too) when a watch ends, without relisting', async () => {
    const { source, first } = scripted([['1', []]]);
    const watch = await freshWatch(source);
    first.push({ type: 'ADDED', object: item('a', '7') });
    first.push({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '9' } },
    });
    first.end();
    await until(() => source.watchQueries.length === 2, 'second watch');
    expect(source.watchQueries[1].resourceVersion).toBe('9');
    expect(source.listCalls).toBe(1);
    expect(watch.get('a')?.metadata.resourceVersion).toBe('7');
    await watch.stop();
  });

  it('relists when the version expired (410), dropping what is gone', async () => {
    const { source, first } = scripted([
      ['1', [item('a', '1'), item('b', '1')]],
      ['50', [item('b', '40'), item('c', '41')]],
    ]);
    const watch = await freshWatch(source);
    first.push({
      type: 'ERROR',
      object: { code: 410, message: 'too old resource version' },
    });
    await until(() => source.listCalls === 2 && watch.fresh, 'relisted');
    expect(source.watchQueries[1].resourceVersion).toBe('50');
    expect([...watch.values()].map(i => i.metadata.name).sort()).toEqual([
      'b',
      'c',
    ]);
    expect(watch.get('b')?.metadata.resourceVersion).toBe('40');
    await watch.stop();
  });

  it('is not fresh while the API server cannot be reached, says why, and comes back', async () => {
    const refused = () => new Error('connect ECONNREFUSED');
    const { source, first } = scripted([['1', []]], refused, refused, refused);
    const watch = await freshWatch(source);
    first.end(new Error('other side closed'));
    await until(() => !watch.fresh, 'not fresh');
    expect(watch.lastError?.message).toMatch(/other side closed|ECONNREFUSED/);
    const lastSeen = watch.currentAt!;
    expect(lastSeen).toBeInstanceOf(Date);
    // Three refused reconnects (with backoff), then an open watch again.
    await until(() => watch.fresh, 'fresh again');
    expect(source.watchQueries.length).toBe(5);
    expect(watch.lastError).toBeUndefined();
    expect(source.listCalls).toBe(1);
    await watch.stop();
  });

  it('stops at once when stopped while its first list is still running', async () => {
    const source = new FakeSource();
    let answer: (list: object) => void = () => {};
    source.json = <T>() =>
      new Promise<T>(resolve => {
        answer = list => resolve(list as T);
      });
    const watch = makeWatch(source).start();
    await until(
      () => typeof answer === 'function' && source.watchQueries.length === 0,
      'listing',
    );
    const stopped = watch.stop();
    answer({ metadata: { resourceVersion: '1' }, items: [] });
    const outcome = await Promise.race([
      stopped.then(() => 'stopped'),
      new Promise(r => setTimeout(() => r('still running'), 500)),
    ]);
    expect(outcome).toBe('stopped');
    // No watch was opened after the stop.
    expect(source.watchQueries).toEqual([]);
  });

  it('stops without waiting for a list that does not answer (a stuck connection)', async () => {
    const source = new FakeSource();
    let listing = false;
    // Answers only by failing when the caller abandons it, as a request on a dead connection.
    source.json = <T>(
      _path: string,
      _query: KubeQuery,
      _accept?: string,
      signal?: AbortSignal,
    ) =>
      new Promise<T>((_resolve, reject) => {
        listing = true;
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const watch = makeWatch(source).start();
    await until(() => listing, 'listing');
    const outcome = await Promise.race([
      watch.stop().then(() => 'stopped'),
      new Promise(r => setTimeout(() => r('still waiting for the list'), 500)),
    ]);
    expect(outcome).toBe('stopped');
    expect(source.watchQueries).toEqual([]);
  });
});
