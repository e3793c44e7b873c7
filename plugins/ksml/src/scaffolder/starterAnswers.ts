import {
  KSML_STARTERS,
  type KsmlStarter,
  type StarterOptions,
} from '@ksml-backstage/plugin-ksml-common';

/** The form's earlier answers a starter is made from. */
export interface StarterAnswers {
  application?: string;
  starter?: string;
  inputTopic?: string;
  outputTopic?: string;
}

/** The starter the answers chose (copy until one is) and its options from the answers. */
export function chosenStarter(answers: StarterAnswers): {
  starter: KsmlStarter;
  options: StarterOptions;
} {
  return {
    starter: KSML_STARTERS.includes(answers.starter as KsmlStarter)
      ? (answers.starter as KsmlStarter)
      : 'copy',
    options: {
      application: answers.application || 'my-app',
      inputTopic: answers.inputTopic,
      outputTopic: answers.outputTopic,
    },
  };
}
