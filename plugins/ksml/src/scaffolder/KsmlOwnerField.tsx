import { useEffect, useRef } from 'react';
import TextField from '@material-ui/core/TextField';
import { identityApiRef, useApiHolder } from '@backstage/core-plugin-api';
import {
  createScaffolderFieldExtension,
  type FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { ksmlPlugin } from '../plugin';

/**
 * A template's Owner, pre-filled with the signed-in user's entity ref (the form otherwise
 * starts empty) and picked with the app's own `OwnerPicker` field, whatever its options
 * (`catalogFilter`, ...). The user's choice is kept: the field is filled once, while empty.
 * Without an OwnerPicker in the app, a text field for an entity ref.
 */
export function KsmlOwnerField(
  props: FieldExtensionComponentProps<string>,
): JSX.Element {
  const { formData, onChange, registry } = props;
  const identityApi = useApiHolder().get(identityApiRef);
  const filled = useRef(false);

  useEffect(() => {
    if (filled.current || formData || !identityApi) return undefined;
    filled.current = true;
    let current = true;
    identityApi.getBackstageIdentity().then(
      ({ userEntityRef }) => {
        if (current && userEntityRef) onChange(userEntityRef);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [formData, identityApi, onChange]);

  const OwnerPicker = registry?.fields?.OwnerPicker;
  if (OwnerPicker) return <OwnerPicker {...props} />;
  return (
    <TextField
      id={props.idSchema?.$id}
      label={props.schema.title ?? 'Owner'}
      helperText={props.schema.description}
      required={props.required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value)}
      error={!!props.rawErrors?.length}
      margin="normal"
      fullWidth
    />
  );
}

/**
 * The scaffolder field `ui:field: KsmlOwner` (the KSML templates' Owner): Backstage's
 * OwnerPicker, pre-filled with the signed-in user. Add it to the app's
 * `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const KsmlOwnerFieldExtension = ksmlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KsmlOwner',
    component: KsmlOwnerField,
  }),
);
