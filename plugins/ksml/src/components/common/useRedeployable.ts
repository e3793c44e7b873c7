import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ksmlAppDeployPermission } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { recordedDeployOf, type RecordedDeploy } from './recordedDeploy';
import type { KsmlApp } from './useKsmlRef';

/** Options of {@link useRedeployable}. */
export interface RedeployableOptions {
  /** Whether to look at all (e.g. only once the app is known not to be deployed). */
  enabled: boolean;
  /** The history is read again when this changes (e.g. the deployed revision). */
  reloadKey?: string | number;
}

/**
 * The app's last recorded deploy in an environment, when the user may deploy the app (the
 * `ksml.app.deploy` permission on its entity) and the history has one: what a Redeploy would
 * install again, and which secrets it has to ask for. Undefined otherwise, while loading, and
 * when the history cannot be read (the view then offers no Redeploy, and says why not).
 */
export function useRedeployable(
  app: KsmlApp | undefined,
  environment: string,
  options: RedeployableOptions,
): RecordedDeploy | undefined {
  const api = useApi(ksmlApiRef);
  const deploy = usePermission({
    permission: ksmlAppDeployPermission,
    resourceRef: app?.entityRef,
  });
  const wanted = options.enabled && deploy.allowed && app !== undefined;
  const base = app?.base;
  const recorded = useAsync(async () => {
    if (!wanted || !base) return undefined;
    return recordedDeployOf(await api.history({ ...base, environment }));
  }, [
    api,
    wanted,
    base?.tenant,
    base?.instance,
    base?.application,
    environment,
    options.reloadKey,
  ]);
  return wanted ? recorded.value : undefined;
}
