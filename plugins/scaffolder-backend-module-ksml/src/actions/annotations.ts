import {
  KSML_APPLICATION_ANNOTATION,
  KSML_ENVIRONMENTS_ANNOTATION,
  KSML_INSTANCE_ANNOTATION,
  KSML_TENANT_ANNOTATION,
  KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';

/** The catalog annotations that connect an entity to the app (DESIGN.md §3). */
export function entityAnnotations(ref: KsmlAppRef): Record<string, string> {
  return {
    [KSML_TENANT_ANNOTATION]: ref.tenant,
    [KSML_INSTANCE_ANNOTATION]: ref.instance,
    [KSML_APPLICATION_ANNOTATION]: ref.application,
    [KSML_ENVIRONMENTS_ANNOTATION]: ref.environment,
  };
}
