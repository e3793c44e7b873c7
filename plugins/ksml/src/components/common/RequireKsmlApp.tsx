import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { missingKsmlAnnotations } from './ksmlEntity';
import { useKsmlRef, type KsmlApp } from './useKsmlRef';

/** Props of {@link RequireKsmlApp}. */
export interface RequireKsmlAppProps {
  children(app: KsmlApp): JSX.Element;
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
  return props.children(app);
}
