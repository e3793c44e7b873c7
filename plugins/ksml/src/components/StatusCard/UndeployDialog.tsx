import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { LabelledToggle } from '../common/LabelledToggle';

/** Props of {@link UndeployDialog}. */
export interface UndeployDialogProps {
  open: boolean;
  release: string;
  environment: string;
  onCancel(): void;
  onConfirm(options: { deleteStorage: boolean }): void;
}

/** Asks before uninstalling a release: undeploying stops the app's stream processing. */
export function UndeployDialog(props: UndeployDialogProps): JSX.Element {
  const { open, release, environment, onCancel, onConfirm } = props;
  const [deleteStorage, setDeleteStorage] = useState(false);
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="ksml-undeploy">
      <DialogTitle id="ksml-undeploy">Undeploy {release}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This uninstalls the Helm release {release} from {environment}: the app
          stops processing. Its deploy history is kept.
        </DialogContentText>
        <LabelledToggle
          variant="checkbox"
          label="Also delete its state stores (PersistentVolumeClaims)"
          checked={deleteStorage}
          onChange={setDeleteStorage}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={() => onConfirm({ deleteStorage })}
        >
          Undeploy
        </Button>
      </DialogActions>
    </Dialog>
  );
}
