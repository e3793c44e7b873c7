import { LabelledSelect } from './LabelledSelect';

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
    <LabelledSelect
      id="environment"
      label="Environment"
      value={value}
      options={environments.map(environment => ({
        value: environment,
        label: environment,
      }))}
      onChange={onChange}
    />
  );
}
