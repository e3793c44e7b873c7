import { planRecovery, recordStates } from './interruptedRelease';

const at = (iso: string) => new Date(iso);
const now = at('2026-11-25T12:00:00Z');
const maxRunMs = 60_000;

describe('recordStates', () => {
  it("reads revision, status and start from Helm's labels, skipping what is not a record", () => {
    expect(
      recordStates([
        {
          metadata: {
            labels: {
              version: '2',
              status: 'pending-upgrade',
              createdAt: '1764072000',
            },
          },
        },
        { metadata: { labels: { version: 'x', status: 'deployed' } } },
        {
          metadata: {
            labels: { version: '1', status: 'deployed' },
            creationTimestamp: '2026-11-25T11:00:00Z',
          } as any,
        },
      ]),
    ).toEqual([
      {
        revision: 2,
        status: 'pending-upgrade',
        createdAt: at('2025-11-25T12:00:00Z'),
      },
      {
        revision: 1,
        status: 'deployed',
        createdAt: at('2026-11-25T11:00:00Z'),
      },
    ]);
  });
});

describe('planRecovery', () => {
  const deployed1 = { revision: 1, status: 'superseded' };
  const deployed2 = { revision: 2, status: 'deployed' };

  it('does nothing when the newest revision is not pending', () => {
    expect(planRecovery([], { now, maxRunMs })).toEqual({ action: 'none' });
    expect(
      planRecovery([deployed1, deployed2, { revision: 3, status: 'failed' }], {
        now,
        maxRunMs,
      }),
    ).toEqual({ action: 'none' });
  });

  it('waits for a pending operation that may still be running, saying until when', () => {
    const pending = {
      revision: 3,
      status: 'pending-upgrade',
      createdAt: at('2026-11-25T11:59:30Z'),
    };
    expect(planRecovery([deployed2, pending], { now, maxRunMs })).toEqual({
      action: 'wait',
      pending,
      until: at('2026-11-25T12:00:30Z'),
    });
    // Our own helm on it ended before it began: someone else's helm, still young.
    expect(
      planRecovery([deployed2, pending], {
        now,
        maxRunMs,
        endedHereAt: at('2026-11-25T11:59:00Z'),
      }),
    ).toMatchObject({ action: 'wait' });
  });

  it('rolls an interrupted upgrade back to the newest deployed revision once no helm can hold it', () => {
    const pending = {
      revision: 4,
      status: 'pending-upgrade',
      createdAt: at('2026-11-25T11:58:00Z'),
    };
    const failed = { revision: 3, status: 'failed' };
    expect(
      planRecovery([deployed1, deployed2, failed, pending], { now, maxRunMs }),
    ).toEqual({ action: 'rollback', pending, to: 2 });
  });

  it('recovers at once when our own helm that wrote it has ended', () => {
    const pending = {
      revision: 3,
      status: 'pending-rollback',
      createdAt: at('2026-11-25T11:59:58Z'),
    };
    expect(
      planRecovery([deployed2, pending], {
        now,
        maxRunMs,
        endedHereAt: at('2026-11-25T11:59:59Z'),
      }),
    ).toEqual({ action: 'rollback', pending, to: 2 });
  });

  it('uninstalls an interrupted install, or a release that was never deployed', () => {
    const install = {
      revision: 1,
      status: 'pending-install',
      createdAt: at('2026-11-25T11:00:00Z'),
    };
    expect(planRecovery([install], { now, maxRunMs })).toEqual({
      action: 'uninstall',
      pending: install,
    });
    const upgrade = { ...install, revision: 2, status: 'pending-upgrade' };
    expect(
      planRecovery([{ revision: 1, status: 'failed' }, upgrade], {
        now,
        maxRunMs,
      }),
    ).toEqual({ action: 'uninstall', pending: upgrade });
  });
});
