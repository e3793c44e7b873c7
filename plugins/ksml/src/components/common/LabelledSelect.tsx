import type { ReactNode } from 'react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** One choice of a {@link LabelledSelect}. */
export interface LabelledSelectOption<T extends string | number> {
  value: T;
  label: ReactNode;
}

/** Props of {@link LabelledSelect}. */
export interface LabelledSelectProps<T extends string | number> {
  /** Names the select, and makes its label's id: `ksml-<id>-label`. */
  id: string;
  label: string;
  value: T;
  options: LabelledSelectOption<T>[];
  /** Called with the chosen option's value as a string (Material UI hands it over so). */
  onChange(value: string): void;
}

/** A small outlined Material UI Select with a label, as the KSML views' toolbars use it. */
export function LabelledSelect<T extends string | number>(
  props: LabelledSelectProps<T>,
): JSX.Element {
  const { id, label, value, options, onChange } = props;
  const labelId = `ksml-${id}-label`;
  return (
    <FormControl size="small" variant="outlined">
      <InputLabel id={labelId}>{label}</InputLabel>
      <Select
        labelId={labelId}
        label={label}
        value={value}
        onChange={event => onChange(String(event.target.value))}
      >
        {options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
