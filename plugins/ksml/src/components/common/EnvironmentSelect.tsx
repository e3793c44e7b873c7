import { LabelledSelect } from './LabelledSelect';

/** Props of {@link EnvironmentSelect}. */
export interface EnvironmentSelectProps {
  environments: string[];
  /** Those the entity does not list: labelled so in the choices. */
  unlisted?: string[];
  value: string;
  onChange(environment: string): void;
}

/**
 * Picks one of the app's environments; nothing to pick when there is only one. One the entity
 * does not list reads "stag (not in catalog-info)".
 */
export function EnvironmentSelect(
  props: EnvironmentSelectProps,
): JSX.Element | null {
  const { environments, unlisted = [], value, onChange } = props;
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
        label: unlisted.includes(environment)
          ? `${environment} (not in catalog-info)`
          : environment,
      }))}
      onChange={onChange}
    />
  );
}
