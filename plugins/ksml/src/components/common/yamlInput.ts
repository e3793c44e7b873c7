/** A text field's input for YAML (definitions, tests): monospace, no spell checking. */
export const YAML_INPUT_PROPS = {
  spellCheck: false,
  style: { fontFamily: 'monospace', fontSize: 13 },
};
