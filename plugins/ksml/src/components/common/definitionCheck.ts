import {
  formatDefinitionProblems,
  validateDefinition,
} from '@ksml-backstage/plugin-ksml-common';

/**
 * What is wrong with a definition, in the backend's words (line, path, reason), or nothing:
 * the check the KSML backend makes of each definition it is sent (`validateDefinition`), so
 * the template's Definition step and the Definition view's editor refuse what a deploy would.
 */
export function definitionProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return 'Enter a KSML definition';
  }
  const problems = validateDefinition(value);
  return problems.length > 0
    ? `Not a valid KSML definition: ${formatDefinitionProblems(problems)}`
    : undefined;
}
