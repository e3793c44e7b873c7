import TextField from '@material-ui/core/TextField';
import {
  createScaffolderFieldExtension,
  type FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { ksmlPlugin } from '../plugin';
import { ksmlNameProblem } from './ksmlName';

/**
 * A tenant, instance or application name in a template's form: a text field whose rule is
 * told in words ("Use only lowercase letters, digits and '-'") rather than as a regular
 * expression, as a JSON Schema `pattern` would be.
 */
export function KsmlNameField(
  props: FieldExtensionComponentProps<string>,
): JSX.Element {
  const {
    onChange,
    rawErrors,
    required,
    formData,
    schema: { title, description },
    idSchema,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      helperText={description}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value)}
      error={!!rawErrors?.length && !formData}
      margin="normal"
      fullWidth
    />
  );
}

/**
 * The scaffolder field `ui:field: KsmlName` (the KSML templates use it for tenant, instance and
 * application). Add it to the app's `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const KsmlNameFieldExtension = ksmlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KsmlName',
    component: KsmlNameField,
    validation: (value: string, validation) => {
      const problem = ksmlNameProblem(value);
      if (problem) validation.addError(problem);
    },
  }),
);
