import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type AuthorizePermissionRequest,
  type Permission,
} from '@backstage/plugin-permission-common';
import { ksmlAppDeployPermission } from '@ksml-backstage/plugin-ksml-common';
import type { AppEntities, KsmlAppIdentity } from './AppEntities';
import type { ReadDecisions } from './ReadDecisions';

/**
 * What a conditional decision (an ownership rule) means for an app no catalog entity describes:
 * `deploy` (default) lets it be deployed (a new app: the template that creates it registers its
 * entity and owner) and nothing else; `all` lets every change through (a sandbox).
 */
export type UnownedApps = 'deploy' | 'all';

/**
 * Decides the KSML permissions of a request. Reads of status, metrics and history are plain
 * permissions. Changes and logs are permissions on the app's catalog entity, so a policy can
 * answer with the catalog's rules (isEntityOwner: "members of the owning group"): they are
 * asked with each entity that describes the app as the resource, and all must allow. An app
 * no entity describes is asked without a resource: an unconditional answer stands, and an
 * ownership rule is read as {@link UnownedApps} says.
 */
export class AppPermissions {
  readonly #permissions: PermissionsService;
  readonly #reads: ReadDecisions;
  readonly #entities: Pick<AppEntities, 'refsOf'>;
  readonly #unowned: UnownedApps;

  constructor(options: {
    permissions: PermissionsService;
    reads: ReadDecisions;
    entities: Pick<AppEntities, 'refsOf'>;
    unownedApps?: UnownedApps;
  }) {
    this.#permissions = options.permissions;
    this.#reads = options.reads;
    this.#entities = options.entities;
    this.#unowned = options.unownedApps ?? 'deploy';
  }

  /** Undefined when allowed; otherwise why not, naming the permission. */
  async refusal(
    permission: Permission,
    credentials: BackstageCredentials,
    app?: KsmlAppIdentity,
  ): Promise<string | undefined> {
    const refused = `Not allowed: ${permission.name}`;
    const reads = permission.attributes.action === 'read';
    const ask = async (request: AuthorizePermissionRequest) =>
      reads
        ? this.#reads.authorize(request, credentials)
        : (await this.#permissions.authorize([request], { credentials }))[0]
            .result;
    if (!isResourcePermission(permission)) {
      return (await ask({ permission })) === AuthorizeResult.ALLOW
        ? undefined
        : refused;
    }
    const refs = app ? await this.#entities.refsOf(app) : [];
    if (refs.length > 0) {
      const results = await Promise.all(
        refs.map(resourceRef => ask({ permission, resourceRef })),
      );
      const denied = refs.filter(
        (_, i) => results[i] !== AuthorizeResult.ALLOW,
      );
      return denied.length === 0
        ? undefined
        : `${refused} on ${denied.join(', ')}`;
    }
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.DENY) return refused;
    const isDeploy = permission.name === ksmlAppDeployPermission.name;
    if (isDeploy || this.#unowned === 'all') return undefined;
    const name = app
      ? `${app.tenant}/${app.instance}/${app.application}`
      : 'the app';
    return `${refused}: no catalog entity describes ${name}, so its owner cannot be checked`;
  }
}
