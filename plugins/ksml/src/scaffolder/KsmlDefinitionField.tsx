import { useEffect } from 'react';
import {
  createScaffolderFieldExtension,
  type FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { starterDefinition } from '@ksml-backstage/plugin-ksml-common';
import { definitionProblem } from '../components/common/definitionCheck';
import { ksmlPlugin } from '../plugin';
import { validateDefinitionStep } from './definitionStepValidation';
import { PreflightNotes } from './PreflightNotes';
import { chosenStarter, type StarterAnswers } from './starterAnswers';
import { StarterTextField } from './StarterTextField';
import type { PreflightAnswers } from './preflightReport';

/** The chosen starter's definition for the answers given so far. */
export function starterFor(answers: StarterAnswers): string {
  const { starter, options } = chosenStarter(answers);
  return starterDefinition(starter, options);
}

/**
 * The template's Definition step: the chosen starter's KSML definition, made from the earlier
 * answers (name, topics), shown and editable before anything is deployed; checked as the KSML
 * backend checks it, and once valid against the chosen environments (see
 * validateDefinitionStep), whose findings it shows as the user edits. "Start from the starter
 * again" replaces edits with the starter.
 */
export function KsmlDefinitionField(
  props: FieldExtensionComponentProps<string>,
): JSX.Element {
  const { onChange, formData, formContext } = props;
  const answers = ((
    formContext as { formData?: StarterAnswers & PreflightAnswers } | undefined
  )?.formData ?? {}) as StarterAnswers & PreflightAnswers;
  const starter = starterFor(answers);
  useEffect(() => {
    if (!formData) onChange(starter);
  }, [formData, onChange, starter]);
  return (
    <StarterTextField
      field={props}
      starter={starter}
      againLabel="Start from the starter again"
      minRows={16}
    >
      <PreflightNotes
        answers={answers}
        definition={
          formData && !definitionProblem(formData) ? formData : undefined
        }
      />
    </StarterTextField>
  );
}

/**
 * The scaffolder field `ui:field: KsmlDefinition` (the KSML templates' Definition step). Add it
 * to the app's `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const KsmlDefinitionFieldExtension = ksmlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KsmlDefinition',
    component: KsmlDefinitionField,
    // The definition as the backend checks it, then the preflight in the chosen environments.
    validation: (value: string, validation, context) =>
      validateDefinitionStep(value, validation, context),
  }),
);
