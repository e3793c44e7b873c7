import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { DeployedEnvironmentsProvider } from './DeployedEnvironments';
import { missingKsmlAnnotations } from './ksmlEntity';
import { useKsmlRef, type KsmlApp } from './useKsmlRef';

/** Props of {@link RequireKsmlApp}. */
export interface RequireKsmlAppProps {
  children(app: KsmlApp): JSX.Element;
  /**
   * Also show the environments where the app has a release that the entity does not list: the
   * views inside get them in their app's `environments` (the KSML tab sets this once for all).
   */
  findUnlistedEnvironments?: boolean;
}

/**
 * Renders its children with the entity's KSML app, or MissingAnnotationEmptyState naming the
 * annotations the entity lacks: every KSML view starts here.
 */
export function RequireKsmlApp(props: RequireKsmlAppProps): JSX.Element {
  const { entity } = useEntity();
  const app = useKsmlRef(entity);
  if (!app) {
    return (
      <MissingAnnotationEmptyState
        annotation={missingKsmlAnnotations(entity)}
      />
    );
  }
  if (!props.findUnlistedEnvironments) {
    return props.children(app);
  }
  // Inside the provider, the app is read again: with the environments it found.
  return (
    <DeployedEnvironmentsProvider base={app.base}>
      <RequireKsmlApp>{props.children}</RequireKsmlApp>
    </DeployedEnvironmentsProvider>
  );
}
