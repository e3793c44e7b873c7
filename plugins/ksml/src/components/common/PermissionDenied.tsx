import { WarningPanel } from '@backstage/core-components';

/** Props of {@link PermissionDenied}. */
export interface PermissionDeniedProps {
  /** What may not be read, completing "You may not read this app's …": "status", "logs". */
  subject: string;
}

/** The backend refused the read with 403: the user lacks the KSML read or logs permission. */
export function PermissionDenied(props: PermissionDeniedProps): JSX.Element {
  return (
    <WarningPanel
      severity="info"
      title="Permission denied"
      message={`You may not read this app's ${props.subject}.`}
    />
  );
}
