import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { YAML_INPUT_PROPS } from '../components/common/yamlInput';

/** Props of {@link StarterTextField}. */
export interface StarterTextFieldProps {
  field: FieldExtensionComponentProps<string>;
  /** What the starter makes of the answers so far: the text "start again" puts back. */
  starter: string;
  againLabel: string;
  minRows: number;
  /** Shown under the button (the definition's preflight notes). */
  children?: ReactNode;
}

/**
 * A template field of YAML made from a starter: the text, editable as written, and a button
 * that puts the starter's text back (the KSML definition and its tests).
 */
export function StarterTextField(props: StarterTextFieldProps): JSX.Element {
  const { field, starter, againLabel, minRows, children } = props;
  const { onChange, rawErrors, formData, schema, idSchema } = field;
  return (
    <Box>
      <TextField
        id={idSchema?.$id}
        label={schema.title}
        helperText={schema.description}
        value={formData ?? ''}
        onChange={event => onChange(event.target.value)}
        error={!!rawErrors?.length}
        multiline
        minRows={minRows}
        fullWidth
        margin="normal"
        variant="outlined"
        inputProps={YAML_INPUT_PROPS}
      />
      <Button
        size="small"
        variant="outlined"
        disabled={formData === starter}
        onClick={() => onChange(starter)}
      >
        {againLabel}
      </Button>
      {children}
    </Box>
  );
}
