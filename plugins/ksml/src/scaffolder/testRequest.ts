import {
  STARTER_SCHEMAS,
  type TestRequestInput,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlNameProblem } from './ksmlName';

/** The form's answers a test run reads (every KSML template names them so). */
export interface TestAnswers {
  tenant?: unknown;
  instance?: unknown;
  application?: unknown;
  environments?: unknown;
}

const isName = (value: unknown): value is string =>
  ksmlNameProblem(value) === undefined;

/**
 * The `POST /test` request for the form's definition and its tests: the app of the answers in
 * the first chosen environment (where a Job would run), with the starters' schemas (what the
 * skeleton ships); undefined while the answers name no app or there is no test to run.
 */
export function testRequestOf(
  answers: TestAnswers,
  definition: string | undefined,
  tests: string | undefined,
): TestRequestInput | undefined {
  const { tenant, instance, application, environments } = answers;
  if (!definition || !tests?.trim()) return undefined;
  if (!isName(tenant) || !isName(instance) || !isName(application)) {
    return undefined;
  }
  const environment = Array.isArray(environments)
    ? environments.find(isName)
    : undefined;
  if (!environment) return undefined;
  return {
    tenant,
    instance,
    environment,
    application,
    definition,
    schemas: [...STARTER_SCHEMAS],
    tests: { [application]: tests },
  };
}
