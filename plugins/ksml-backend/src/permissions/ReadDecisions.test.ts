import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ksmlAppLogsReadPermission,
  ksmlAppReadPermission,
} from '@ksml-backstage/plugin-ksml-common';
import { ReadDecisions } from './ReadDecisions';

const read = { permission: ksmlAppReadPermission };

const user = (ref: string) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: ref },
  } as unknown as BackstageCredentials);

/** A permission framework that answers after a tick, counting its calls. */
function countingPermissions(results: AuthorizeResult[]) {
  const calls: string[] = [];
  const permissions = {
    authorize: jest.fn(async (_requests, { credentials }) => {
      calls.push(
        (credentials.principal as { userEntityRef: string }).userEntityRef,
      );
      await new Promise(r => setTimeout(r, 5));
      return [{ result: results[Math.min(calls.length, results.length) - 1] }];
    }),
  } as unknown as PermissionsService;
  return { permissions, calls };
}

describe('ReadDecisions', () => {
  afterEach(() => jest.useRealTimers());

  it("keeps a decision per resource: one app's logs are not another's", async () => {
    const { permissions, calls } = countingPermissions([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    const decisions = new ReadDecisions(permissions, 5000);
    const ann = user('user:default/ann');
    const logsOf = (resourceRef: string) => ({
      permission: ksmlAppLogsReadPermission,
      resourceRef,
    });
    expect(await decisions.authorize(logsOf('component:default/a'), ann)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decisions.authorize(logsOf('component:default/b'), ann)).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decisions.authorize(logsOf('component:default/a'), ann)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(calls).toHaveLength(2);
  });

  it('asks once for many concurrent reads of one user, and again after the TTL', async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout'] });
    const { permissions, calls } = countingPermissions([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    const decisions = new ReadDecisions(permissions, 5000);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        decisions.authorize(read, user('user:default/ann')),
      ),
    );
    expect(results.every(r => r === AuthorizeResult.ALLOW)).toBe(true);
    expect(calls).toEqual(['user:default/ann']);

    jest.setSystemTime(Date.now() + 5001);
    // The policy now denies: seen once the remembered decision is older than the TTL.
    await expect(
      decisions.authorize(read, user('user:default/ann')),
    ).resolves.toBe(AuthorizeResult.DENY);
    expect(calls).toHaveLength(2);
  });

  it('renews a decision in the background in the second half of its TTL, so reads never wait', async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout'] });
    const { permissions, calls } = countingPermissions([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    const decisions = new ReadDecisions(permissions, 5000);
    const ann = user('user:default/ann');
    await decisions.authorize(read, ann);

    jest.setSystemTime(Date.now() + 2600);
    // Past half its life: the known decision at once, one renewal for many reads.
    const soon = await Promise.all(
      Array.from({ length: 10 }, () => decisions.authorize(read, ann)),
    );
    expect(soon).toEqual(Array(10).fill(AuthorizeResult.ALLOW));
    expect(calls).toHaveLength(2);
    // The renewal's answer (the policy now denies) replaces the known one when it arrives.
    while ((await decisions.authorize(read, ann)) !== AuthorizeResult.DENY) {
      await new Promise(r => setTimeout(r, 5));
    }
    expect(calls).toHaveLength(2);

    // Past the first decision's TTL: the renewed one, without another call.
    jest.setSystemTime(Date.now() + 2450);
    await expect(decisions.authorize(read, ann)).resolves.toBe(
      AuthorizeResult.DENY,
    );
    expect(calls).toHaveLength(2);
  });

  it('keeps users apart and asks every time with a TTL of 0', async () => {
    const { permissions, calls } = countingPermissions([AuthorizeResult.ALLOW]);
    const cached = new ReadDecisions(permissions, 5000);
    await cached.authorize(read, user('user:default/ann'));
    await cached.authorize(read, user('user:default/bob'));
    expect(calls).toEqual(['user:default/ann', 'user:default/bob']);

    const uncached = new ReadDecisions(permissions, 0);
    await uncached.authorize(read, user('user:default/ann'));
    await uncached.authorize(read, user('user:default/ann'));
    expect(calls).toHaveLength(4);
  });

  it('does not remember a failed call', async () => {
    let fail = true;
    const permissions = {
      authorize: async () => {
        if (fail) throw new Error('permission backend down');
        return [{ result: AuthorizeResult.ALLOW }];
      },
    } as unknown as PermissionsService;
    const decisions = new ReadDecisions(permissions, 5000);
    await expect(
      decisions.authorize(read, user('user:default/ann')),
    ).rejects.toThrow('permission backend down');
    fail = false;
    await expect(
      decisions.authorize(read, user('user:default/ann')),
    ).resolves.toBe(AuthorizeResult.ALLOW);
  });
});
