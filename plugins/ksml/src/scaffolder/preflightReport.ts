import type {
  KsmlPreflightEnvironment,
  PreflightRequestInput,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlNameProblem } from './ksmlName';

/** The template form's checkboxes that let a finding through, as the templates title them. */
export const TAKEOVER_OPTION = 'Take over an existing app of this name';
/** See {@link TAKEOVER_OPTION}. */
export const ALLOW_MISSING_TOPICS_OPTION =
  'Deploy even if input topics are missing';

/** The form's answers a preflight reads (every KSML template names them so). */
export interface PreflightAnswers {
  tenant?: unknown;
  instance?: unknown;
  application?: unknown;
  environments?: unknown;
  replicas?: unknown;
  takeover?: unknown;
  allowMissingTopics?: unknown;
}

/** What the form says of a preflight: errors keep it from going on, warnings do not. */
export interface PreflightReport {
  errors: string[];
  warnings: string[];
  /** The environments where nothing stands in the way, with their Kafka as configured. */
  clear: string[];
}

const isName = (value: unknown): value is string =>
  ksmlNameProblem(value) === undefined;

/**
 * The preflight request for the form's answers and definition, or undefined while the answers
 * cannot name an app in an environment yet (a name still invalid, no environment ticked).
 */
export function preflightRequestOf(
  answers: PreflightAnswers,
  definition: string,
): PreflightRequestInput | undefined {
  const { tenant, instance, application, environments, replicas } = answers;
  if (!isName(tenant) || !isName(instance) || !isName(application)) {
    return undefined;
  }
  if (
    !Array.isArray(environments) ||
    environments.length === 0 ||
    !environments.every(isName)
  ) {
    return undefined;
  }
  return {
    tenant,
    instance,
    application,
    environments,
    definition,
    ...(typeof replicas === 'number' && Number.isInteger(replicas)
      ? { replicas }
      : {}),
  };
}

/** "the Kafka cluster of environment dev (kafka:9094 from ksml.kafka)". */
function kafkaOf(item: KsmlPreflightEnvironment): string {
  return `the Kafka cluster of environment ${item.environment}${
    item.kafka ? ` (${item.kafka})` : ''
  }`;
}

function topics(names: string[]): { what: string; verb: string } {
  return names.length > 1
    ? { what: `Topics ${names.join(', ')}`, verb: 'do' }
    : { what: `Topic ${names[0]}`, verb: 'does' };
}

/**
 * What the form tells of the backend's preflight, per chosen environment: an app of this name
 * already running there is an error unless the user ticked {@link TAKEOVER_OPTION}, and input
 * topics its Kafka lacks are an error unless {@link ALLOW_MISSING_TOPICS_OPTION} is ticked
 * (then a warning). An environment that could not be checked, and the other findings, are
 * warnings: the template's own steps check again when it runs.
 */
export function preflightReport(
  items: KsmlPreflightEnvironment[],
  answers: PreflightAnswers,
): PreflightReport {
  const report: PreflightReport = { errors: [], warnings: [], clear: [] };
  for (const item of items) {
    const env = item.environment;
    const blocking = report.errors.length;
    if (item.deployed && answers.takeover !== true) {
      report.errors.push(
        `${answers.application} already runs in ${env} (${item.release}): choose another name, or tick "${TAKEOVER_OPTION}" if it is yours to change`,
      );
    }
    const missing = item.missingInputTopics;
    if (missing.length > 0) {
      const { what, verb } = topics(missing);
      if (answers.allowMissingTopics === true) {
        report.warnings.push(
          `${what} ${verb} not exist on ${kafkaOf(
            item,
          )}: the app fails there until ${
            missing.length > 1 ? 'they exist' : 'it exists'
          }`,
        );
      } else {
        report.errors.push(
          `${what}, which the definition reads, ${verb} not exist on ${kafkaOf(
            item,
          )}: create ${
            missing.length > 1 ? 'them' : 'it'
          } first, or tick "${ALLOW_MISSING_TOPICS_OPTION}"`,
        );
      }
    }
    if (item.error) report.warnings.push(item.error);
    for (const warning of item.warnings) {
      report.warnings.push(`${env}: ${warning}`);
    }
    if (report.errors.length === blocking && !item.error) {
      report.clear.push(item.kafka ? `${env} (${item.kafka})` : env);
    }
  }
  return report;
}

/** The warning when the preflight itself failed: the form goes on, the template checks again. */
export function preflightFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The checks before Create could not run (${message}); the template checks the name and the topics again when it runs`;
}
