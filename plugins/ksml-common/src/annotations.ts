/** Catalog entity annotation holding the app's tenant. */
export const KSML_TENANT_ANNOTATION = 'ksml/tenant';
/** Catalog entity annotation holding the app's instance. */
export const KSML_INSTANCE_ANNOTATION = 'ksml/instance';
/** Catalog entity annotation holding the app's application name. */
export const KSML_APPLICATION_ANNOTATION = 'ksml/application';
/** Catalog entity annotation listing the app's environments, comma-separated (`dev,stag,prod`). */
export const KSML_ENVIRONMENTS_ANNOTATION = 'ksml/environments';
/**
 * Catalog entity annotation saying what deploys the app: `gitops` when Flux or Argo CD sync it
 * from its repository (the GitOps template sets it); absent when the portal deploys it.
 */
export const KSML_DEPLOYED_BY_ANNOTATION = 'ksml/deployed-by';
