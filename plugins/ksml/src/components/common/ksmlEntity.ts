import type { Entity } from '@backstage/catalog-model';
import {
  KSML_APPLICATION_ANNOTATION,
  KSML_DEPLOYED_BY_ANNOTATION,
  KSML_ENVIRONMENTS_ANNOTATION,
  KSML_INSTANCE_ANNOTATION,
  KSML_TENANT_ANNOTATION,
  type KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';

/** The annotations an entity needs before the KSML views can find its app. */
export const REQUIRED_KSML_ANNOTATIONS = [
  KSML_TENANT_ANNOTATION,
  KSML_INSTANCE_ANNOTATION,
  KSML_APPLICATION_ANNOTATION,
] as const;

/** Environments assumed when an entity does not list its own. */
export const DEFAULT_ENVIRONMENTS: readonly string[] = ['dev'];

/** An app's identity without the environment: one entity is one app in several environments. */
export type KsmlAppBase = Omit<KsmlAppRef, 'environment'>;

function annotation(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

/**
 * Whether the entity describes a KSML app: true when the `ksml/tenant`, `ksml/instance` and
 * `ksml/application` annotations are all set. Use it as the `if` of an entity page route.
 *
 * @public
 */
export function isKsmlAvailable(entity: Entity): boolean {
  return REQUIRED_KSML_ANNOTATIONS.every(name => !!annotation(entity, name));
}

/** The required annotations the entity lacks, for MissingAnnotationEmptyState. */
export function missingKsmlAnnotations(entity: Entity): string[] {
  return REQUIRED_KSML_ANNOTATIONS.filter(name => !annotation(entity, name));
}

/**
 * The app's environments in promotion order, from the comma-separated `ksml/environments`
 * annotation (`dev,stag,prod`); blanks and repeats are dropped, and `['dev']` is assumed when
 * the annotation is absent or empty.
 */
export function parseEnvironments(value: string | undefined): string[] {
  const environments = (value ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(part => part !== '');
  const unique = [...new Set(environments)];
  return unique.length > 0 ? unique : [...DEFAULT_ENVIRONMENTS];
}

/** The entity's app identity and environments, or undefined when annotations are missing. */
export function ksmlAppOf(
  entity: Entity,
): { base: KsmlAppBase; environments: string[]; gitops: boolean } | undefined {
  const tenant = annotation(entity, KSML_TENANT_ANNOTATION);
  const instance = annotation(entity, KSML_INSTANCE_ANNOTATION);
  const application = annotation(entity, KSML_APPLICATION_ANNOTATION);
  if (!tenant || !instance || !application) {
    return undefined;
  }
  return {
    base: { tenant, instance, application },
    environments: parseEnvironments(
      annotation(entity, KSML_ENVIRONMENTS_ANNOTATION),
    ),
    gitops: annotation(entity, KSML_DEPLOYED_BY_ANNOTATION) === 'gitops',
  };
}
