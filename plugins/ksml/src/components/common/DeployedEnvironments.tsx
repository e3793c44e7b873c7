import { createContext, useContext, useMemo, type ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ksmlApiRef } from '../../api';
import { deployedEnvironments } from './environments';
import type { KsmlAppBase } from './ksmlEntity';

/** Nothing known beyond the entity's annotations. */
const NONE: readonly string[] = [];

const DeployedEnvironmentsContext = createContext<readonly string[]>(NONE);

/** Props of {@link DeployedEnvironmentsProvider}. */
export interface DeployedEnvironmentsProviderProps {
  /** The app whose releases are looked for. */
  base: KsmlAppBase;
  children: ReactNode;
}

/**
 * Finds, once, the environments where the backend manages a release of the app (`GET /apps`),
 * for the views inside to show with the entity's own: an environment an earlier template run
 * deployed to is not lost from view because the entity's annotations no longer list it. Until
 * the answer comes, and if the read fails, the views show the entity's environments only.
 */
export function DeployedEnvironmentsProvider(
  props: DeployedEnvironmentsProviderProps,
): JSX.Element {
  const api = useApi(ksmlApiRef);
  const { tenant, instance, application } = props.base;
  const apps = useAsync(
    () => api.apps({ tenant, instance, application }),
    [api, tenant, instance, application],
  );
  const deployed = useMemo(
    () =>
      apps.value
        ? deployedEnvironments(apps.value, { tenant, instance, application })
        : NONE,
    [apps.value, tenant, instance, application],
  );
  return (
    <DeployedEnvironmentsContext.Provider value={deployed}>
      {props.children}
    </DeployedEnvironmentsContext.Provider>
  );
}

/**
 * The environments with a release of the app that a {@link DeployedEnvironmentsProvider} above
 * found; none outside one (a status card on an entity's overview).
 */
export function useDeployedEnvironments(): readonly string[] {
  return useContext(DeployedEnvironmentsContext);
}
