import type { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import { readableBehind } from '../common/contrast';

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

/**
 * The confirming button's backgrounds, at rest and hovered: the theme's secondary colours, in
 * shades on which its label (`secondary.contrastText`) reads. White on Material UI's pink A400,
 * the light theme's secondary, is 4.18:1, under WCAG AA's 4.5:1.
 */
export function confirmBackgrounds(theme: Theme): {
  rest: string;
  hover: string;
} {
  const { main, dark, contrastText } = theme.palette.secondary;
  return {
    rest: readableBehind(main, contrastText),
    hover: readableBehind(dark, contrastText),
  };
}

const useStyles = makeStyles(theme => {
  const { rest, hover } = confirmBackgrounds(theme);
  return {
    confirm: {
      backgroundColor: rest,
      '&:hover': {
        backgroundColor: hover,
        // Touch screens keep the hover style after a tap; Material UI shows `main` then.
        '@media (hover: none)': { backgroundColor: rest },
      },
    },
  };
});

/** Asks before an action on a production app: what it does, Cancel, and the action. */
export function ConfirmDialog(props: ConfirmDialogProps): JSX.Element {
  const classes = useStyles();
  return (
    <Dialog open onClose={props.onCancel} aria-labelledby="ksml-confirm">
      <DialogTitle id="ksml-confirm">{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          // Disabled, it keeps Material UI's grey: the readable pink would make it look ready.
          className={props.canConfirm === false ? undefined : classes.confirm}
          disabled={props.canConfirm === false}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
