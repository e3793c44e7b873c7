import type { ReactNode } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { errorKind } from './errors';
import { PermissionDenied } from './PermissionDenied';

/** Props of {@link KsmlErrorState}. */
export interface KsmlErrorStateProps {
  error: Error;
  /** What was being read, for the permission-denied text: "status", "logs", "metrics". */
  subject: string;
  /** What a 404 means for this read (not deployed, metrics unavailable). */
  notFound: ReactNode;
}

/** Shows a failed read: its 404 meaning, permission denied for 403, else the error itself. */
export function KsmlErrorState(props: KsmlErrorStateProps): JSX.Element {
  const { error, subject, notFound } = props;
  switch (errorKind(error)) {
    case 'not-found':
      return <>{notFound}</>;
    case 'forbidden':
      return <PermissionDenied subject={subject} />;
    default:
      return <ResponseErrorPanel error={error} />;
  }
}
