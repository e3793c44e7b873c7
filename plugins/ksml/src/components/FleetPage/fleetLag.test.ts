import type {
  KsmlAppRef,
  KsmlLagResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { lagResponse, responseError } from '../../__testUtils__';
import {
  FleetLagLoader,
  lagFailure,
  lagReading,
  lagTrend,
  lagWanted,
  planReads,
  type LagEntry,
} from './fleetLag';

/** A dizzl/sandbox app in dev. */
function ref(application: string): KsmlAppRef {
  return {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application,
  };
}

/** A read the test answers when it likes. */
interface PendingRead {
  ref: KsmlAppRef;
  answer(lag: KsmlLagResponse): Promise<void>;
  fail(error: unknown): Promise<void>;
}

/** Lets the loader's promise chains run to their end. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

/** A loader whose reads wait for the test, on a clock the test moves. */
function loaderOnHold(options: { concurrency?: number } = {}) {
  const reads: PendingRead[] = [];
  const clock = { now: 1_000_000 };
  const loader = new FleetLagLoader({
    read: readRef =>
      new Promise<KsmlLagResponse>((resolve, reject) => {
        reads.push({
          ref: readRef,
          answer: async lag => {
            resolve(lag);
            await settle();
          },
          fail: async error => {
            reject(error);
            await settle();
          },
        });
      }),
    now: () => clock.now,
    maxAgeMs: 30_000,
    concurrency: options.concurrency ?? 2,
  });
  const readApps = () => reads.map(read => read.ref.application);
  return { loader, reads, clock, readApps };
}

const entry = (readAt: number): LagEntry => ({
  reading: { kind: 'failed', message: 'x' },
  readAt,
});

describe('lagWanted', () => {
  it('reads every app but a stopped one and one whose state is unknown', () => {
    expect(lagWanted('Running')).toBe(true);
    expect(lagWanted('Failing')).toBe(true);
    expect(lagWanted('Starting')).toBe(true);
    expect(lagWanted('Completed')).toBe(true);
    expect(lagWanted('Stopped')).toBe(false);
    expect(lagWanted('Unknown')).toBe(false);
  });
});

describe('lagTrend', () => {
  const withTotals = (...totals: number[]) =>
    lagResponse({
      history: totals.map((total, i) => ({
        at: `2024-08-26T13:0${i}:00Z`,
        total,
      })),
    });

  it('compares the newest two samples', () => {
    expect(lagTrend(withTotals(9, 10, 20))).toEqual({
      direction: 'up',
      previous: 10,
      previousAt: '2024-08-26T13:01:00Z',
    });
    expect(lagTrend(withTotals(30, 20))?.direction).toBe('down');
    expect(lagTrend(withTotals(20, 20))?.direction).toBe('flat');
  });

  it('has none from fewer than two samples', () => {
    expect(lagTrend(withTotals(20))).toBeUndefined();
    expect(lagTrend(withTotals())).toBeUndefined();
  });
});

describe('lagReading and lagFailure', () => {
  it('keeps the total, when it was measured and its trend', () => {
    expect(lagReading(lagResponse())).toEqual({
      kind: 'total',
      total: 1234,
      measuredAt: '2024-08-26T13:04:20Z',
      trend: {
        direction: 'down',
        previous: 1500,
        previousAt: '2024-08-26T13:03:50Z',
      },
    });
  });

  it('tells no Kafka connection by its reason, or by its message from an older backend', async () => {
    const message = 'No Kafka connection is configured for environment dev';
    expect(
      lagFailure(await responseError(404, message, 'NoKafkaConnection')),
    ).toEqual({ kind: 'no-connection', message });
    expect(lagFailure(await responseError(404, message))).toEqual({
      kind: 'no-connection',
      message,
    });
  });

  it('calls anything else a failure, with the backend’s message', async () => {
    expect(
      lagFailure(
        await responseError(503, 'broker:9093 is down', 'ClusterUnreachable'),
      ),
    ).toEqual({ kind: 'failed', message: 'broker:9093 is down' });
    expect(
      lagFailure(await responseError(404, 'not deployed', 'NotDeployed')),
    ).toEqual({ kind: 'failed', message: 'not deployed' });
    expect(lagFailure(new Error('offline'))).toEqual({
      kind: 'failed',
      message: 'offline',
    });
  });
});

describe('planReads', () => {
  const limits = { maxAgeMs: 30_000, concurrency: 4 };

  it('reads the shown rows in order, as many as slots are free', () => {
    expect(
      planReads(
        ['a', 'b', 'c', 'd', 'e', 'f'],
        new Map(),
        new Set(['x']),
        0,
        limits,
      ),
    ).toEqual({ start: ['a', 'b', 'c'], wait: ['d', 'e', 'f'] });
  });

  it('skips rows with a fresh entry or a read in flight, and reads stale ones again', () => {
    const entries = new Map([
      ['fresh', entry(100_000 - 29_999)],
      ['stale', entry(100_000 - 30_000)],
    ]);
    expect(
      planReads(
        ['fresh', 'stale', 'busy', 'new'],
        entries,
        new Set(['busy']),
        100_000,
        limits,
      ),
    ).toEqual({ start: ['stale', 'new'], wait: [] });
  });

  it('starts nothing while every slot is taken', () => {
    expect(
      planReads(['a'], new Map(), new Set(['w', 'x', 'y', 'z']), 0, limits),
    ).toEqual({ start: [], wait: ['a'] });
  });
});

describe('FleetLagLoader', () => {
  it('reads the shown rows, at most `concurrency` at once, top first', async () => {
    const { loader, reads, readApps } = loaderOnHold();
    for (const app of ['a', 'b', 'c', 'd']) loader.show(app, ref(app));
    expect(readApps()).toEqual(['a', 'b']);

    await reads[1].answer(lagResponse({ total: 7 }));
    expect(readApps()).toEqual(['a', 'b', 'c']);
    expect(loader.get('b')).toMatchObject({ kind: 'total', total: 7 });
    expect(loader.get('a')).toBeUndefined();

    await reads[0].fail(new Error('offline'));
    expect(readApps()).toEqual(['a', 'b', 'c', 'd']);
    expect(loader.get('a')).toEqual({ kind: 'failed', message: 'offline' });
  });

  it('never reads a row hidden before its turn', async () => {
    const { loader, reads, readApps } = loaderOnHold({ concurrency: 1 });
    loader.show('a', ref('a'));
    const hideB = loader.show('b', ref('b'));
    loader.show('c', ref('c'));
    hideB();
    await reads[0].answer(lagResponse());
    expect(readApps()).toEqual(['a', 'c']);
  });

  it('keeps a reading for its age: shown again within it, a row is not read again', async () => {
    const { loader, reads, clock, readApps } = loaderOnHold();
    loader.show('a', ref('a'))();
    await reads[0].answer(lagResponse({ total: 5 }));
    const first = loader.get('a');

    clock.now += 29_000;
    loader.show('a', ref('a'))();
    expect(readApps()).toEqual(['a']);

    // Past it, read again; the old reading is shown until the new one comes.
    clock.now += 2_000;
    loader.show('a', ref('a'));
    expect(readApps()).toEqual(['a', 'a']);
    expect(loader.get('a')).toBe(first);
    await reads[1].answer(lagResponse({ total: 6 }));
    expect(loader.get('a')).toMatchObject({ total: 6 });
  });

  it('keeps a failure for its age too, so a broker that is down is not asked on every page', async () => {
    const { loader, reads, readApps } = loaderOnHold();
    loader.show('a', ref('a'))();
    await reads[0].fail(await responseError(503, 'down'));
    loader.show('a', ref('a'));
    expect(readApps()).toEqual(['a']);
    expect(loader.get('a')).toEqual({ kind: 'failed', message: 'down' });
  });

  it('reads a row shown by two cells once, and holds it until both hide it', async () => {
    const { loader, reads, readApps } = loaderOnHold({ concurrency: 1 });
    loader.show('a', ref('a'));
    const hideB1 = loader.show('b', ref('b'));
    loader.show('b', ref('b'));
    hideB1();
    await reads[0].answer(lagResponse());
    expect(readApps()).toEqual(['a', 'b']);
  });

  it('tells its listeners of every reading, until they unsubscribe', async () => {
    const { loader, reads } = loaderOnHold();
    const listener = jest.fn();
    const unsubscribe = loader.subscribe(listener);
    loader.show('a', ref('a'));
    loader.show('b', ref('b'));
    await reads[0].answer(lagResponse());
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    await reads[1].answer(lagResponse());
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('takes a read that throws at once as a failure, and frees its slot', async () => {
    const read = jest.fn((readRef: KsmlAppRef) => {
      if (readRef.application === 'a') throw new Error('bad ref');
      return Promise.resolve(lagResponse());
    });
    const loader = new FleetLagLoader({ read, concurrency: 1 });
    loader.show('a', ref('a'));
    loader.show('b', ref('b'));
    await settle();
    expect(loader.get('a')).toEqual({ kind: 'failed', message: 'bad ref' });
    expect(loader.get('b')).toMatchObject({ kind: 'total' });
  });
});
