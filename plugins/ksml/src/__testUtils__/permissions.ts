import type { PermissionApi } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';

type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
/** AuthorizeResult.ALLOW | AuthorizeResult.DENY, without a dependency on permission-common. */
type Decision = Exclude<Authorize, (...args: any[]) => unknown>;

const ALLOW = 'ALLOW' as Decision;
const DENY = 'DENY' as Decision;

/** A permission API that allows exactly the named permissions (all when omitted). */
export function permissionApi(allowed?: string[]): PermissionApi {
  return mockApis.permission({
    authorize: request =>
      !allowed || allowed.includes(request.permission.name) ? ALLOW : DENY,
  });
}
