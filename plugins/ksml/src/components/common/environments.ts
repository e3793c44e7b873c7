import type { KsmlManagedApp } from '@ksml-backstage/plugin-ksml-common';
import type { KsmlAppBase } from './ksmlEntity';

/**
 * Environment names as they usually graduate, least graduated first: where environments no
 * annotation orders are placed. Others follow these, A to Z.
 */
const USUAL_ORDER = [
  'local',
  'dev',
  'development',
  'test',
  'tst',
  'qa',
  'int',
  'stag',
  'stage',
  'staging',
  'acc',
  'acceptance',
  'uat',
  'preprod',
  'prod',
  'production',
];

function usualRank(environment: string): number {
  const rank = USUAL_ORDER.indexOf(environment.toLowerCase());
  return rank === -1 ? USUAL_ORDER.length : rank;
}

/** Orders environments as they usually graduate (dev before stag before prod), then A to Z. */
export function compareEnvironments(a: string, b: string): number {
  return usualRank(a) - usualRank(b) || a.localeCompare(b);
}

/**
 * The environments where the backend manages a release of the app (`GET /apps`): those of the
 * same tenant, instance and application, each once.
 */
export function deployedEnvironments(
  apps: readonly KsmlManagedApp[],
  base: KsmlAppBase,
): string[] {
  const found = apps
    .map(app => app.ref)
    .filter(
      ref =>
        ref.tenant === base.tenant &&
        ref.instance === base.instance &&
        ref.application === base.application,
    )
    .map(ref => ref.environment);
  return [...new Set(found)];
}

/** An app's environments: those its entity lists, and those deployed that it does not. */
export interface MergedEnvironments {
  /** The entity's own, in its order, then the unlisted ones as they usually graduate. */
  environments: string[];
  /** The environments with a release that the entity's `ksml/environments` does not list. */
  unlisted: string[];
}

/**
 * Every environment of the app, so that none with a release is lost from view: the entity's
 * (in its promotion order) first, then the deployed ones it does not list, in the usual order
 * of graduation. The order does not depend on how the backend happened to list its apps.
 */
export function mergeEnvironments(
  listed: readonly string[],
  deployed: readonly string[],
): MergedEnvironments {
  const unlisted = [...new Set(deployed)]
    .filter(environment => !listed.includes(environment))
    .sort(compareEnvironments);
  return { environments: [...listed, ...unlisted], unlisted };
}
