import Alert from '@material-ui/lab/Alert';
import { KSML_ENVIRONMENTS_ANNOTATION } from '@ksml-backstage/plugin-ksml-common';

/** What the note says of an environment the entity does not list. */
export function unlistedEnvironmentText(environment: string): string {
  return `Not listed in this entity's catalog-info (${KSML_ENVIRONMENTS_ANNOTATION}): the app has a release in ${environment}, deployed by an earlier template run or another entity. Add ${environment} to the annotation to keep it in the app's promotion order.`;
}

/** Props of {@link UnlistedEnvironmentNote}. */
export interface UnlistedEnvironmentNoteProps {
  environment: string;
}

/**
 * Marks an environment the app has a release in although the entity's `ksml/environments` does
 * not list it, so the release is neither lost nor mistaken for one the entity declares.
 */
export function UnlistedEnvironmentNote(
  props: UnlistedEnvironmentNoteProps,
): JSX.Element {
  return (
    <Alert severity="info" data-testid="ksml-unlisted-environment">
      {unlistedEnvironmentText(props.environment)}
    </Alert>
  );
}
