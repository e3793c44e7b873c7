import { useMemo } from 'react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { KsmlAppRef } from '@ksml-backstage/plugin-ksml-common';
import { useDeployedEnvironments } from './DeployedEnvironments';
import { mergeEnvironments } from './environments';
import { ksmlAppOf, type KsmlAppBase } from './ksmlEntity';

/** The KSML app of an entity: its identity, environments, and the ref of one environment. */
export interface KsmlApp {
  base: KsmlAppBase;
  /** The entity's ref: what the permissions on the app (deploy, operate, logs) are asked on. */
  entityRef: string;
  /** Deployed by Flux or Argo CD from its repository (`ksml/deployed-by: gitops`). */
  gitops: boolean;
  /**
   * Where to show the app: the entity's environments (`ksml/environments`) in their order, then
   * those with a release that the entity does not list (see {@link KsmlApp.unlisted}).
   */
  environments: string[];
  /**
   * The environments with a release of the app that the entity's annotations do not list (an
   * earlier template run deployed there), found inside the KSML tab; shown marked as such.
   */
  unlisted: string[];
  refFor(environment: string): KsmlAppRef;
}

/**
 * The KSML app described by `entity`'s annotations, or undefined when they are missing; with
 * the environments a DeployedEnvironmentsProvider above found deployed. Memoised on the entity
 * and those, so the refs it hands out are stable between renders.
 */
export function useKsmlRef(entity: Entity): KsmlApp | undefined {
  const deployed = useDeployedEnvironments();
  return useMemo(() => {
    const app = ksmlAppOf(entity);
    if (!app) {
      return undefined;
    }
    return {
      ...app,
      ...mergeEnvironments(app.environments, deployed),
      entityRef: stringifyEntityRef(entity),
      refFor: (environment: string) => ({ ...app.base, environment }),
    };
  }, [entity, deployed]);
}
