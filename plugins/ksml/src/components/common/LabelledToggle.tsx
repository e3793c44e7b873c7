import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';

/** Props of {@link LabelledToggle}. */
export interface LabelledToggleProps {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** A primary-coloured switch (a setting) or a checkbox (an option of a form). */
  variant: 'switch' | 'checkbox';
}

/** A labelled on/off control: a Material UI Switch or Checkbox in a FormControlLabel. */
export function LabelledToggle(props: LabelledToggleProps): JSX.Element {
  const { label, checked, onChange, variant } = props;
  const Control = variant === 'switch' ? Switch : Checkbox;
  return (
    <FormControlLabel
      control={
        <Control
          checked={checked}
          onChange={event => onChange(event.target.checked)}
          color={variant === 'switch' ? 'primary' : 'secondary'}
        />
      }
      label={label}
    />
  );
}
