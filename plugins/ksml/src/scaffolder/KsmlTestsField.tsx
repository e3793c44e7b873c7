import { useEffect } from 'react';
import {
  createScaffolderFieldExtension,
  type FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { starterTests } from '@ksml-backstage/plugin-ksml-common';
import { ksmlPlugin } from '../plugin';
import { chosenStarter, type StarterAnswers } from './starterAnswers';
import { StarterTextField } from './StarterTextField';

/** The chosen starter's KSML test suite for the answers given so far ('' when it has none). */
export function starterTestsFor(answers: StarterAnswers): string {
  const { starter, options } = chosenStarter(answers);
  return starterTests(starter, options) ?? '';
}

/**
 * The template's KSML tests: the chosen starter's test suite (KSML's test runner format), shown
 * and editable beside the definition; the review step runs it before Create. Empty for a
 * starter without one (the producer).
 */
export function KsmlTestsField(
  props: FieldExtensionComponentProps<string>,
): JSX.Element {
  const { onChange, formData, formContext } = props;
  const answers = ((formContext as { formData?: StarterAnswers } | undefined)
    ?.formData ?? {}) as StarterAnswers;
  const starter = starterTestsFor(answers);
  useEffect(() => {
    if (formData === undefined) onChange(starter);
  }, [formData, onChange, starter]);
  return (
    <StarterTextField
      field={props}
      starter={starter}
      againLabel="Start from the starter's test again"
      minRows={8}
    />
  );
}

/**
 * The scaffolder field `ui:field: KsmlTests` (the KSML templates' tests). Add it to the app's
 * `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const KsmlTestsFieldExtension = ksmlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KsmlTests',
    component: KsmlTestsField,
  }),
);
