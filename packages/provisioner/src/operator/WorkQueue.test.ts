import { WorkQueue } from './WorkQueue';

/** Lets every promise callback that is ready run. */
const flush = () => jest.advanceTimersByTimeAsync(0);

/**
 * A queue whose work on each key waits until the test finishes it: `runs` lists the keys in
 * the order their work began, `active` the keys being worked on.
 */
function queueOf(options: { parallel?: number; backoffMs?: number } = {}) {
  const runs: string[] = [];
  const active = new Map<string, Array<(error?: Error) => void>>();
  let overlapping = 0;
  const queue = new WorkQueue<string>({
    parallel: options.parallel ?? 4,
    backoffMs: options.backoffMs ?? 1000,
    onError: () => undefined,
    work: key =>
      new Promise<void>((resolve, reject) => {
        runs.push(key);
        if (active.has(key)) overlapping++;
        const ends = active.get(key) ?? [];
        ends.push(error => (error ? reject(error) : resolve()));
        active.set(key, ends);
      }).finally(() => {
        const ends = active.get(key)!;
        ends.shift();
        if (ends.length === 0) active.delete(key);
      }),
  });
  /** Ends the oldest run of `key` (failing it with `error`), and lets the queue go on. */
  const finish = async (key: string, error?: Error) => {
    const end = active.get(key)?.[0];
    if (!end) throw new Error(`${key} is not running`);
    end(error);
    await flush();
  };
  return {
    queue,
    runs,
    finish,
    running: () => [...active.keys()],
    overlapping: () => overlapping,
  };
}

describe('WorkQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('queues a key once, however often it is enqueued while it waits', async () => {
    const { queue, runs, finish } = queueOf({ parallel: 1 });
    queue.start();
    queue.enqueue('busy');
    queue.enqueue('a');
    queue.enqueue('b');
    queue.enqueue('a');
    queue.enqueue('a');
    expect(runs).toEqual(['busy']);
    await finish('busy');
    await finish('a');
    await finish('b');
    expect(runs).toEqual(['busy', 'a', 'b']);
  });

  it('runs a key enqueued while its work runs once more after it, never at the same time', async () => {
    const { queue, runs, finish, running, overlapping } = queueOf();
    queue.start();
    queue.enqueue('a');
    queue.enqueue('a');
    queue.enqueue('a');
    expect(runs).toEqual(['a']);
    await finish('a');
    expect(runs).toEqual(['a', 'a']);
    await finish('a');
    expect(runs).toEqual(['a', 'a']);
    expect(running()).toEqual([]);
    expect(overlapping()).toBe(0);
  });

  it('works on at most `parallel` keys at once, in the order they came', async () => {
    const { queue, runs, finish, running } = queueOf({ parallel: 2 });
    queue.start();
    for (const key of ['a', 'b', 'c', 'd']) queue.enqueue(key);
    expect(running()).toEqual(['a', 'b']);
    await finish('b');
    expect(running()).toEqual(['a', 'c']);
    await finish('a');
    await finish('c');
    await finish('d');
    expect(runs).toEqual(['a', 'b', 'c', 'd']);
  });

  it('tells of work that threw or rejected, and goes on', async () => {
    const errors: Array<[string, unknown]> = [];
    const done: string[] = [];
    const queue = new WorkQueue<string>({
      parallel: 1,
      backoffMs: 1000,
      onError: (key, error) => errors.push([key, error]),
      work: async key => {
        if (key === 'throws') throw new Error('at once');
        if (key === 'rejects') await Promise.reject(new Error('later'));
        done.push(key);
      },
    });
    queue.start();
    queue.enqueue('throws');
    queue.enqueue('rejects');
    queue.enqueue('fine');
    await flush();
    expect(errors).toEqual([
      ['throws', new Error('at once')],
      ['rejects', new Error('later')],
    ]);
    expect(done).toEqual(['fine']);
  });

  it('enqueues a recheck after its delay, a new recheck of a key replacing the one planned', async () => {
    const { queue, runs, finish } = queueOf();
    queue.start();
    queue.recheck('a', 1000);
    expect(queue.rechecking('a')).toBe(true);
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toEqual([]);
    queue.recheck('a', 500);
    await jest.advanceTimersByTimeAsync(499);
    expect(runs).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['a']);
    expect(queue.rechecking('a')).toBe(false);
    await finish('a');
    // A time already past: at once.
    queue.recheck('b', -5000);
    await flush();
    expect(runs).toEqual(['a', 'b']);
  });

  it('backs a failed key off for backoffMs, until it succeeds; across a stop and start', async () => {
    const { queue } = queueOf({ backoffMs: 3000 });
    queue.start();
    expect(queue.backingOff('a')).toBe(false);
    queue.failed('a');
    expect(queue.backingOff('a')).toBe(true);
    expect(queue.backingOff('b')).toBe(false);
    await jest.advanceTimersByTimeAsync(2999);
    expect(queue.backingOff('a')).toBe(true);
    await queue.stop();
    queue.start();
    expect(queue.backingOff('a')).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    expect(queue.backingOff('a')).toBe(false);

    queue.failed('a');
    expect(queue.backingOff('a')).toBe(true);
    queue.succeeded('a');
    expect(queue.backingOff('a')).toBe(false);
  });

  it('stops: drops what waits and the rechecks planned, takes nothing more, and resolves once the work in flight is done', async () => {
    const { queue, runs, finish } = queueOf({ parallel: 1 });
    queue.enqueue('before-start');
    queue.start();
    queue.enqueue('a');
    queue.enqueue('a'); // again, after its run
    queue.enqueue('b'); // waiting
    queue.recheck('c', 1000);
    let stopped = false;
    const stopping = queue.stop().then(() => {
      stopped = true;
    });
    queue.enqueue('d');
    await flush();
    expect(stopped).toBe(false);
    await finish('a');
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toEqual(['a']);
    expect(queue.rechecking('c')).toBe(false);

    // Started again: takes keys as before.
    queue.start();
    queue.enqueue('e');
    expect(runs).toEqual(['a', 'e']);
  });

  it('lets a recheck planned while stopped enqueue only if started again by then', async () => {
    const { queue, runs } = queueOf();
    queue.recheck('late', 1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([]);
    queue.recheck('late', 1000);
    queue.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['late']);
  });
});
