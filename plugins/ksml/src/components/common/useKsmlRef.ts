import { useMemo } from 'react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { KsmlAppRef } from '@ksml-backstage/plugin-ksml-common';
import { ksmlAppOf, type KsmlAppBase } from './ksmlEntity';

/** The KSML app of an entity: its identity, environments, and the ref of one environment. */
export interface KsmlApp {
  base: KsmlAppBase;
  /** The entity's ref: what the permissions on the app (deploy, operate, logs) are asked on. */
  entityRef: string;
  /** Deployed by Flux or Argo CD from its repository (`ksml/deployed-by: gitops`). */
  gitops: boolean;
  environments: string[];
  refFor(environment: string): KsmlAppRef;
}

/**
 * The KSML app described by `entity`'s annotations, or undefined when they are missing.
 * Memoised on the entity, so the refs it hands out are stable between renders.
 */
export function useKsmlRef(entity: Entity): KsmlApp | undefined {
  return useMemo(() => {
    const app = ksmlAppOf(entity);
    if (!app) {
      return undefined;
    }
    return {
      ...app,
      entityRef: stringifyEntityRef(entity),
      refFor: (environment: string) => ({ ...app.base, environment }),
    };
  }, [entity]);
}
