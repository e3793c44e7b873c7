import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import { LabelledToggle } from '../common/LabelledToggle';
import { ConfirmDialog } from './ConfirmDialog';

/** Props of {@link UndeployDialog}. */
export interface UndeployDialogProps {
  release: string;
  environment: string;
  onCancel(): void;
  onConfirm(options: { deleteStorage: boolean }): void;
}

/** Asks before uninstalling a release: undeploying stops the app's stream processing. */
export function UndeployDialog(props: UndeployDialogProps): JSX.Element {
  const { release, environment, onCancel, onConfirm } = props;
  const [deleteStorage, setDeleteStorage] = useState(false);
  return (
    <ConfirmDialog
      title={`Undeploy ${release}?`}
      confirm="Undeploy"
      onCancel={onCancel}
      onConfirm={() => onConfirm({ deleteStorage })}
    >
      <DialogContentText>
        This uninstalls the Helm release {release} from {environment}: the app
        stops processing. Its history (revisions, operations and who did them)
        stays in the History view.
      </DialogContentText>
      <LabelledToggle
        variant="checkbox"
        label="Also delete its state stores (PersistentVolumeClaims)"
        checked={deleteStorage}
        onChange={setDeleteStorage}
      />
    </ConfirmDialog>
  );
}
