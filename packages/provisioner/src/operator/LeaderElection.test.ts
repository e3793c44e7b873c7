import type { KubeHttp } from '@ksml-backstage/plugin-ksml-node';
import { KubeHttpError } from '@ksml-backstage/plugin-ksml-node';
import { LeaderElection } from './LeaderElection';
import { LeadershipTerm, NotLeadingError } from './leadershipFence';

type LeaseObject = {
  metadata: { name: string; resourceVersion?: string };
  spec: Record<string, unknown>;
};

/**
 * One Lease kept as the API server keeps it (a write must carry the resourceVersion read, or it
 * is a 409), reached by clients that can each be cut off (errors), frozen (calls that never
 * return: a process that hangs or died) or slowed (every call served `latencyMs` late; the next
 * read `slowReadMs` late; with the Lease as it is then).
 */
function fakeApiServer() {
  let lease: LeaseObject | undefined;
  let version = 0;
  const holders: string[] = [];
  const client = () => {
    const state = { down: false, frozen: false, slowReadMs: 0, latencyMs: 0 };
    const reach = async () => {
      if (state.frozen) await new Promise(() => undefined);
      if (state.down) throw new Error('connection refused');
      if (state.latencyMs)
        await new Promise(r => setTimeout(r, state.latencyMs));
    };
    const http = {
      async json() {
        await reach();
        if (state.slowReadMs > 0) {
          const delay = state.slowReadMs;
          state.slowReadMs = 0; // this read only
          await new Promise(r => setTimeout(r, delay));
        }
        if (!lease) throw new KubeHttpError(404, 'not found');
        return structuredClone(lease);
      },
      async create(_path: string, object: LeaseObject) {
        await reach();
        if (lease) throw new KubeHttpError(409, 'exists');
        lease = {
          ...object,
          metadata: { ...object.metadata, resourceVersion: String(++version) },
        };
        return lease;
      },
      async mergePatch(_path: string, patch: LeaseObject) {
        await reach();
        if (patch.metadata?.resourceVersion !== lease?.metadata.resourceVersion)
          throw new KubeHttpError(409, 'conflict');
        lease = {
          metadata: { ...lease!.metadata, resourceVersion: String(++version) },
          spec: { ...lease!.spec, ...patch.spec },
        };
        const holder = lease.spec.holderIdentity as string | null;
        if (holder && holders[holders.length - 1] !== holder)
          holders.push(holder);
        return lease;
      },
    };
    return { http: http as unknown as KubeHttp, state };
  };
  return {
    client,
    holder: () => lease?.spec.holderIdentity,
    /** Every holder in turn (a release in between not counted). */
    holders,
  };
}

const logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

describe('LeaderElection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const elect = (
    server: ReturnType<typeof fakeApiServer>,
    identity: string,
    options: { clock?: () => number } = {},
  ) => {
    const events: string[] = [];
    const terms: LeadershipTerm[] = [];
    const { http, state } = server.client();
    const election = new LeaderElection({
      http,
      namespace: 'ns',
      name: 'lease',
      identity,
      leaseDurationSeconds: 5,
      logger,
      clock: options.clock,
      onStartedLeading: term => {
        terms.push(term);
        events.push('started');
      },
      onStoppedLeading: () => void events.push('stopped'),
    });
    election.start();
    return { election, events, state, terms };
  };

  /** Advances the fake time in steps, asserting at each that at most one of them leads. */
  const advanceWithOneLeader = async (
    ms: number,
    ...elections: Array<{ election: LeaderElection }>
  ) => {
    for (let t = 0; t < ms; t += 50) {
      await jest.advanceTimersByTimeAsync(50);
      const leading = elections.filter(e => e.election.leading);
      expect(leading.length).toBeLessThanOrEqual(1);
    }
  };

  it('lets one of two lead, and hands over at once when the leader stops', async () => {
    const server = fakeApiServer();
    const a = elect(server, 'a');
    await jest.advanceTimersByTimeAsync(10);
    const b = elect(server, 'b');
    await jest.advanceTimersByTimeAsync(6000);
    expect([a.events, b.events]).toEqual([['started'], []]);
    expect(server.holder()).toBe('a');

    await a.election.stop(); // releases the Lease
    expect(a.events).toEqual(['started', 'stopped']);
    await jest.advanceTimersByTimeAsync(1100);
    expect(b.events).toEqual(['started']);
    expect(server.holder()).toBe('b');
    await b.election.stop();
  });

  it('takes over from a leader that died only after a whole lease duration', async () => {
    const server = fakeApiServer();
    const a = elect(server, 'a');
    await jest.advanceTimersByTimeAsync(10);
    const b = elect(server, 'b');
    await jest.advanceTimersByTimeAsync(10);
    a.state.frozen = true; // hangs: no renewal, no release
    await jest.advanceTimersByTimeAsync(4000);
    expect(b.events).toEqual([]);
    // Its requests hang, but it stops leading before b may take over.
    expect(a.election.leading).toBe(false);
    expect(a.events).toEqual(['started', 'stopped']);
    await jest.advanceTimersByTimeAsync(3000);
    expect(b.events).toEqual(['started']);
    expect(server.holder()).toBe('b');
    await b.election.stop();
  });

  it('stops leading when it cannot renew before another could take over, and leads again later', async () => {
    const server = fakeApiServer();
    const a = elect(server, 'a');
    await jest.advanceTimersByTimeAsync(10);
    expect(a.events).toEqual(['started']);
    a.state.down = true;
    await jest.advanceTimersByTimeAsync(2500);
    expect(a.events).toEqual(['started']);
    // Two thirds of the lease duration without a renewal: it stops, before anyone may take over.
    await jest.advanceTimersByTimeAsync(2000);
    expect(a.events).toEqual(['started', 'stopped']);
    expect(a.election.leading).toBe(false);
    a.state.down = false;
    await jest.advanceTimersByTimeAsync(1100);
    expect(a.events).toEqual(['started', 'stopped', 'started']);
    await a.election.stop();
  });

  it('ends the term of a leader that was paused the moment it runs again, before its timers, and starts a new term only by renewing', async () => {
    let paused = 0;
    const server = fakeApiServer();
    const a = elect(server, 'a', { clock: () => performance.now() + paused });
    await jest.advanceTimersByTimeAsync(10);
    const [first] = a.terms;
    expect(first.valid).toBe(true);
    expect(() => first.assertValid('write')).not.toThrow();

    // Frozen for 4 s (more than the renew deadline, 3.33 s) and running again: no timer has
    // fired yet, but the first write it tries is refused.
    paused = 4000;
    expect(() => first.assertValid('helm upgrade --install x')).toThrow(
      NotLeadingError,
    );
    expect(() => first.assertValid('helm upgrade --install x')).toThrow(
      'Not leading any more (term 1 is over): did not helm upgrade --install x',
    );
    expect(a.election.leading).toBe(false);
    await jest.advanceTimersByTimeAsync(0);
    expect(a.events).toEqual(['started', 'stopped']);

    // Nobody took the Lease meanwhile: the next renewal begins a new term; the old one stays over.
    await jest.advanceTimersByTimeAsync(1100);
    expect(a.events).toEqual(['started', 'stopped', 'started']);
    expect(a.terms.map(t => t.number)).toEqual([1, 2]);
    expect(first.valid).toBe(false);
    expect(a.terms[1].valid).toBe(true);
    expect(a.election.state()).toMatchObject({
      identity: 'a',
      leading: true,
      term: { number: 2 },
    });
    await a.election.stop();
    expect(a.terms[1].valid).toBe(false);
    expect(server.holder()).toBeNull();
  });

  it('counts the Lease of another from when its read returned, so a slow read never cuts the wait short', async () => {
    const server = fakeApiServer();
    const a = elect(server, 'a');
    await jest.advanceTimersByTimeAsync(2000); // a renews at 0, 1000, 2000
    // b's first read starts now (t = 2000) and is served at 4100, after a's renewal at 4000.
    const b = elect(server, 'b');
    b.state.slowReadMs = 2100;
    await advanceWithOneLeader(2050, a, b);
    a.state.frozen = true; // t = 4050: a never renews again; its term ends at 4000 + 3333
    // Counted from the start of b's read (2000), the Lease would look free from 7000: two
    // leaders until 7333. Counted from when b saw it (4100), b waits until after 9100.
    await advanceWithOneLeader(9000, a, b);
    expect(a.events).toEqual(['started', 'stopped']);
    expect(b.events).toEqual(['started']);
    expect(server.holders).toEqual(['a', 'b']);
    await b.election.stop();
  });

  it('keeps leading while each renewal takes up to half the renew deadline', async () => {
    const server = fakeApiServer();
    const a = elect(server, 'a');
    await jest.advanceTimersByTimeAsync(10);
    // A renewal is a read and a write, 0.75 s each: 1.5 s of a 3.33 s renew deadline, longer
    // than the retry period (1 s).
    a.state.latencyMs = 750;
    await jest.advanceTimersByTimeAsync(20_000);
    expect(a.events).toEqual(['started']);
    expect(a.terms.map(t => t.number)).toEqual([1]);
    expect(a.election.leading).toBe(true);
    a.state.latencyMs = 0;
    await a.election.stop();
  });
});
