import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';

/** Props of {@link RefreshButton}. */
export interface RefreshButtonProps {
  /** The button's accessible name, e.g. "Refresh logs". */
  label: string;
  onClick(): void;
}

/** A refresh icon button with a "Refresh" tooltip, reloading a view on click. */
export function RefreshButton(props: RefreshButtonProps): JSX.Element {
  const { label, onClick } = props;
  return (
    <Tooltip title="Refresh">
      <IconButton aria-label={label} onClick={onClick}>
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );
}
