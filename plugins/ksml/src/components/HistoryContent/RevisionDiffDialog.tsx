import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  responseReasonOf,
  type KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { DefinitionDiff } from '../common/DefinitionDiff';
import { runFilesOf } from '../common/definitionFiles';
import { errorMessage } from '../common/errors';

/** Props of {@link RevisionDiffDialog}. */
export interface RevisionDiffDialogProps {
  appRef: KsmlAppRef;
  /** The revision whose changes are shown. */
  revision: number;
  /** The revision before it that Helm keeps. */
  previous: number;
  onClose(): void;
}

/** Why the revisions could not be read, by the answer's reason. */
function readFailure(
  error: Error,
  environment: string,
  previous: number,
  revision: number,
): string {
  const message = errorMessage(error);
  switch (responseReasonOf(error)) {
    case 'RevisionNotFound':
      return `Helm no longer keeps revision ${previous} or ${revision}: ${message}`;
    case 'NotDeployed':
      return `The app is not deployed in ${environment} now: ${message}`;
    default:
      return `Could not read the revisions: ${message}`;
  }
}

/**
 * What a revision changed of the files the app runs: both revisions' definitions and schemas,
 * read from Helm, as a line diff. Full screen on a phone.
 */
export function RevisionDiffDialog(
  props: RevisionDiffDialogProps,
): JSX.Element {
  const { appRef, revision, previous, onClose } = props;
  const api = useApi(ksmlApiRef);
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('xs'));
  const files = useAsync(async () => {
    const [before, after] = await Promise.all([
      api.definition({ ...appRef, revision: previous }),
      api.definition({ ...appRef, revision }),
    ]);
    return { before: runFilesOf(before), after: runFilesOf(after) };
  }, [api, appRef, revision, previous]);

  let body: JSX.Element;
  if (files.error) {
    body = (
      <Alert severity="error">
        {readFailure(files.error, appRef.environment, previous, revision)}
      </Alert>
    );
  } else if (!files.value) {
    body = <Progress />;
  } else {
    body = (
      <DefinitionDiff before={files.value.before} after={files.value.after} />
    );
  }
  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="md"
      fullScreen={narrow}
      aria-labelledby="ksml-revision-diff"
    >
      <DialogTitle id="ksml-revision-diff">
        Definition changes in revision {revision}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          From revision {previous} to revision {revision} in{' '}
          {appRef.environment}.
        </DialogContentText>
        {body}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
