import type { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  /** What will happen, and anything to choose. */
  children: ReactNode;
  /** The confirming button's label. */
  confirm: string;
  /** False while the choice in `children` cannot be confirmed. */
  canConfirm?: boolean;
  onCancel(): void;
  onConfirm(): void;
}

/** Asks before an action on a production app: what it does, Cancel, and the action. */
export function ConfirmDialog(props: ConfirmDialogProps): JSX.Element {
  return (
    <Dialog open onClose={props.onCancel} aria-labelledby="ksml-confirm">
      <DialogTitle id="ksml-confirm">{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={props.canConfirm === false}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
