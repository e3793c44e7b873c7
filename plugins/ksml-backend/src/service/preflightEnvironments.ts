import {
  KsmlAppRef,
  KsmlPreflightEnvironment,
  PreflightRequest,
  releaseName,
  statusOfError,
} from '@ksml-backstage/plugin-ksml-common';
import type { KafkaInsight } from '../kafka/KafkaInsight';

/** What {@link preflightEnvironments} reads. */
export interface PreflightReads {
  /**
   * Throws (a 400 naming it) for an environment the backend does not know: nothing is read
   * there, and no Kafka connection is opened for a name a request made up.
   */
  checkEnvironment?(environment: string): void;
  /** The app's status in one environment: a 404 when it is not deployed there. */
  status(ref: KsmlAppRef): Promise<unknown>;
  /** The environments' Kafka clusters; absent: no topic is checked anywhere. */
  kafka?: Pick<KafkaInsight, 'configured' | 'checkTopics'>;
}

/**
 * A form's checks before Create, applying nothing: for each environment asked about, in the
 * order asked and all at once, whether the app already runs there and, when a definition is
 * given and the environment has a Kafka connection, which topics it reads that the cluster
 * lacks (with the other findings as warnings). One environment's failure (its cluster
 * unreachable, an environment not configured) is that environment's `error`, never a throw:
 * the form still learns what the others said.
 */
export function preflightEnvironments(
  request: PreflightRequest,
  reads: PreflightReads,
): Promise<KsmlPreflightEnvironment[]> {
  const definitions =
    request.definitions ??
    (request.definition ? { '': request.definition } : undefined);
  const { tenant, instance, application } = request;
  return Promise.all(
    request.environments.map(async environment => {
      const ref = { tenant, instance, environment, application };
      const unknown = unknownEnvironment(environment, reads);
      if (unknown) {
        return {
          environment,
          release: releaseName(ref),
          deployed: false,
          missingInputTopics: [],
          warnings: [],
          error: unknown,
        };
      }
      const [running, topics] = await Promise.all([
        deployedIn(ref, reads),
        definitions && reads.kafka
          ? reads.kafka
              .checkTopics(environment, definitions, request.replicas ?? 1)
              .catch((error: Error) => ({
                kafka: reads.kafka?.configured(environment),
                missingInputTopics: [],
                warnings: [`Topics were not checked: ${error.message}`],
              }))
          : undefined,
      ]);
      const kafka = topics?.kafka ?? reads.kafka?.configured(environment);
      return {
        environment,
        release: releaseName(ref),
        deployed: running.deployed,
        ...(kafka ? { kafka } : {}),
        missingInputTopics: topics?.missingInputTopics ?? [],
        warnings: topics?.warnings ?? [],
        ...(running.error ? { error: running.error } : {}),
      };
    }),
  );
}

/** Why the backend cannot check an environment it does not know; undefined for one it knows. */
function unknownEnvironment(
  environment: string,
  reads: PreflightReads,
): string | undefined {
  try {
    reads.checkEnvironment?.(environment);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether the app runs in the ref's environment; a failed read (not a 404) says why. */
async function deployedIn(
  ref: KsmlAppRef,
  reads: PreflightReads,
): Promise<{ deployed: boolean; error?: string }> {
  try {
    await reads.status(ref);
    return { deployed: true };
  } catch (error) {
    const e = error as Error;
    if (statusOfError(e) === 404) return { deployed: false };
    return {
      deployed: false,
      error: `Could not tell whether ${ref.application} runs in ${ref.environment}: ${e.message}`,
    };
  }
}
