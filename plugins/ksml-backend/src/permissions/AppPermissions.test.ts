import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ksmlAppDeployPermission,
  ksmlAppLogsReadPermission,
  ksmlAppOperatePermission,
  ksmlAppReadPermission,
} from '@ksml-backstage/plugin-ksml-common';
import { AppEntities } from './AppEntities';
import { AppPermissions, UnownedApps } from './AppPermissions';
import { ReadDecisions } from './ReadDecisions';

const app = { tenant: 'dizzl', instance: 'sandbox', application: 'x' };
const credentials = mockCredentials.user('user:default/ann');

/**
 * Permissions as a policy with an ownership rule decides them: ALLOW on the entities in
 * `owned`, DENY on others, CONDITIONAL without a resource (or `unconditional` when given).
 */
function ownership(owned: string[], unconditional?: AuthorizeResult) {
  const permissions = mockServices.permissions.mock({
    authorize: (async (requests: Array<{ resourceRef?: string }>) =>
      requests.map(r => ({
        result:
          r.resourceRef === undefined || owned.includes(r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }))) as any,
    authorizeConditional: (async (requests: unknown[]) =>
      requests.map(() =>
        unconditional
          ? { result: unconditional }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/platform'] },
              },
            },
      )) as any,
  });
  return permissions;
}

function appPermissions(options: {
  entities: string[];
  owned?: string[];
  unconditional?: AuthorizeResult;
  unownedApps?: UnownedApps;
}) {
  const permissions = ownership(options.owned ?? [], options.unconditional);
  const entities = {
    refsOf: jest.fn(async () => options.entities),
  } as unknown as AppEntities;
  return {
    permissions,
    decider: new AppPermissions({
      permissions,
      reads: new ReadDecisions(permissions, 0),
      entities,
      unownedApps: options.unownedApps,
    }),
  };
}

describe('AppPermissions', () => {
  it('decides a change on the entity that describes the app', async () => {
    const { decider, permissions } = appPermissions({
      entities: ['component:default/x'],
      owned: ['component:default/x'],
    });
    expect(
      await decider.refusal(ksmlAppOperatePermission, credentials, app),
    ).toBeUndefined();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: ksmlAppOperatePermission,
          resourceRef: 'component:default/x',
        },
      ],
      { credentials },
    );
  });

  it("refuses a change to another team's app, naming the entity", async () => {
    const { decider } = appPermissions({
      entities: ['component:default/x'],
      owned: [],
    });
    expect(
      await decider.refusal(ksmlAppLogsReadPermission, credentials, app),
    ).toBe('Not allowed: ksml.app.logs.read on component:default/x');
  });

  it('needs every entity that describes the app to allow', async () => {
    const { decider } = appPermissions({
      entities: ['component:default/x', 'component:team-b/x'],
      owned: ['component:default/x'],
    });
    expect(
      await decider.refusal(ksmlAppDeployPermission, credentials, app),
    ).toBe('Not allowed: ksml.app.deploy on component:team-b/x');
  });

  it('lets a new app (no entity yet) be deployed under an ownership rule, but not operated', async () => {
    const { decider } = appPermissions({ entities: [] });
    expect(
      await decider.refusal(ksmlAppDeployPermission, credentials, app),
    ).toBeUndefined();
    expect(
      await decider.refusal(ksmlAppOperatePermission, credentials, app),
    ).toBe(
      'Not allowed: ksml.app.operate: no catalog entity describes dizzl/sandbox/x, so its owner cannot be checked',
    );
  });

  it('lets everything through for an app without entity with unownedApps: all', async () => {
    const { decider } = appPermissions({ entities: [], unownedApps: 'all' });
    expect(
      await decider.refusal(ksmlAppOperatePermission, credentials, app),
    ).toBeUndefined();
  });

  it('keeps an unconditional answer for an app without entity', async () => {
    const { decider } = appPermissions({
      entities: [],
      unconditional: AuthorizeResult.DENY,
      unownedApps: 'all',
    });
    expect(
      await decider.refusal(ksmlAppDeployPermission, credentials, app),
    ).toBe('Not allowed: ksml.app.deploy');
  });

  it('decides reads without looking for the entity', async () => {
    const { decider, permissions } = appPermissions({ entities: [] });
    expect(
      await decider.refusal(ksmlAppReadPermission, credentials, app),
    ).toBeUndefined();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: ksmlAppReadPermission }],
      { credentials },
    );
  });
});
