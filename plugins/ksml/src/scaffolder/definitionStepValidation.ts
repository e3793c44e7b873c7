import type { ApiHolder } from '@backstage/core-plugin-api';
import { ksmlApiRef } from '../api';
import { definitionProblem } from '../components/common/definitionCheck';
import {
  preflightReport,
  preflightRequestOf,
  type PreflightAnswers,
} from './preflightReport';

/** Where a field's errors go, as the scaffolder's validation passes it. */
export interface FieldErrors {
  addError(message: string): void;
}

/**
 * The Definition step's check before the form goes on: the definition as the KSML backend
 * checks it, then, for a valid one, the backend's preflight in the chosen environments (read
 * from the form's answers): an app of this name already running there, unless the user ticked
 * the takeover, and input topics an environment's Kafka lacks, unless the user ticked to deploy
 * anyway, are errors naming the environment and its Kafka. A preflight that cannot run blocks
 * nothing: the field shows it as a warning, and the template's steps check again.
 */
export async function validateDefinitionStep(
  value: unknown,
  validation: FieldErrors,
  context: { apiHolder: ApiHolder; formData: PreflightAnswers },
): Promise<void> {
  const problem = definitionProblem(value);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const api = context.apiHolder.get(ksmlApiRef);
  const request = preflightRequestOf(context.formData, value as string);
  if (!api || !request) return;
  let items;
  try {
    items = await api.preflight(request);
  } catch {
    return;
  }
  for (const error of preflightReport(items, context.formData).errors) {
    validation.addError(error);
  }
}
