import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** Props of {@link EnvironmentSelect}. */
export interface EnvironmentSelectProps {
  environments: string[];
  value: string;
  onChange(environment: string): void;
}

/** Picks one of the app's environments; nothing to pick when there is only one. */
export function EnvironmentSelect(
  props: EnvironmentSelectProps,
): JSX.Element | null {
  const { environments, value, onChange } = props;
  if (environments.length < 2) {
    return null;
  }
  return (
    <FormControl size="small" variant="outlined">
      <InputLabel id="ksml-environment-label">Environment</InputLabel>
      <Select
        labelId="ksml-environment-label"
        label="Environment"
        value={value}
        onChange={event => onChange(String(event.target.value))}
      >
        {environments.map(environment => (
          <MenuItem key={environment} value={environment}>
            {environment}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
