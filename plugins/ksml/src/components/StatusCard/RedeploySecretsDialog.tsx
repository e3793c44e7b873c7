import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import { ConfirmDialog } from './ConfirmDialog';

/** Props of {@link RedeploySecretsDialog}. */
export interface RedeploySecretsDialogProps {
  release: string;
  environment: string;
  /** The secret Kafka properties the recorded deploy holds redacted. */
  secrets: string[];
  onCancel(): void;
  onConfirm(secretKafkaProperties: Record<string, string>): void;
}

/**
 * Asks for the values of the secret Kafka properties before a Redeploy: the history keeps them
 * redacted, so the recorded deploy cannot be installed again without them.
 */
export function RedeploySecretsDialog(
  props: RedeploySecretsDialogProps,
): JSX.Element {
  const { release, environment, secrets, onCancel, onConfirm } = props;
  const [values, setValues] = useState<Record<string, string>>({});
  const complete = secrets.every(name => (values[name] ?? '') !== '');
  return (
    <ConfirmDialog
      title={`Redeploy ${release}?`}
      confirm="Redeploy"
      canConfirm={complete}
      onCancel={onCancel}
      onConfirm={() => onConfirm(values)}
    >
      <DialogContentText>
        This installs the last recorded deploy of {release} in {environment}{' '}
        again. Its history keeps secret Kafka properties redacted: enter their
        values again. They go to the app's Secret, never to the history.
      </DialogContentText>
      {secrets.map(name => (
        <TextField
          key={name}
          id={`ksml-secret-${name}`}
          label={name}
          type="password"
          autoComplete="off"
          fullWidth
          margin="dense"
          required
          value={values[name] ?? ''}
          onChange={event =>
            setValues(previous => ({ ...previous, [name]: event.target.value }))
          }
        />
      ))}
    </ConfirmDialog>
  );
}
