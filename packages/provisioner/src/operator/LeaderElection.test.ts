import type { KubeHttp } from '@ksml-backstage/plugin-ksml-node';
import { KubeHttpError } from '@ksml-backstage/plugin-ksml-node';
import { LeaderElection } from './LeaderElection';

type LeaseObject = {
  metadata: { name: string; resourceVersion?: string };
  spec: Record<string, unknown>;
};

/**
 * One Lease kept as the API server keeps it (a write must carry the resourceVersion read, or it
 * is a 409), reached by clients that can each be cut off (errors) or frozen (calls that never
 * return: a process that hangs or died).
 */
function fakeApiServer() {
  let lease: LeaseObject | undefined;
  let version = 0;
  const client = () => {
    const state = { down: false, frozen: false };
    const reach = async () => {
      if (state.frozen) await new Promise(() => undefined);
      if (state.down) throw new Error('connection refused');
    };
    const http = {
      async json() {
        await reach();
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
        return lease;
      },
    };
    return { http: http as unknown as KubeHttp, state };
  };
  return { client, holder: () => lease?.spec.holderIdentity };
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
  ) => {
    const events: string[] = [];
    const { http, state } = server.client();
    const election = new LeaderElection({
      http,
      namespace: 'ns',
      name: 'lease',
      identity,
      leaseDurationSeconds: 5,
      logger,
      onStartedLeading: () => events.push('started'),
      onStoppedLeading: () => void events.push('stopped'),
    });
    election.start();
    return { election, events, state };
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
});
