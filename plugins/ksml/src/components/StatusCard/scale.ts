import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeployRequestInput,
  KsmlDeploymentRecord,
  REDACTED_SECRET,
} from '@ksml-backstage/plugin-ksml-common';

/**
 * The newest recorded deploy request, the desired state the backend's redeploy would use too.
 * History comes newest first.
 */
export function lastDeployRequest(
  history: KsmlDeploymentRecord[],
): DeployRequestInput | undefined {
  const record = history.find(r => r.operation === 'deploy' && r.request);
  return record?.request as DeployRequestInput | undefined;
}

/**
 * The replica count to start with again: that of the newest deploy that ran any replicas
 * (stopping is itself a deploy with 0), or 1 when none did.
 */
export function previousReplicas(history: KsmlDeploymentRecord[]): number {
  for (const record of history) {
    const replicas = (record.request as { replicas?: unknown } | undefined)
      ?.replicas;
    if (
      record.operation === 'deploy' &&
      typeof replicas === 'number' &&
      replicas > 0
    ) {
      return replicas;
    }
  }
  return 1;
}

/** The Kafka properties whose recorded value is redacted. */
export function redactedProperties(request: DeployRequestInput): string[] {
  return Object.entries(request.kafkaProperties ?? {})
    .filter(([, value]) => value === REDACTED_SECRET)
    .map(([key]) => key);
}

/**
 * The last recorded deploy request with another replica count: how stop (0) and start scale
 * an app, since deploying needs the whole desired state and the redeploy route cannot change it.
 *
 * Throws NotFoundError when nothing was deployed through the backend, and InputError when the
 * record holds redacted secrets: deploying it would replace the real secrets with "***" (the
 * backend cannot tell), so such an app must be deployed again with its secrets.
 */
export function scaledRequest(
  history: KsmlDeploymentRecord[],
  replicas: number,
): DeployRequestInput {
  const request = lastDeployRequest(history);
  if (!request) {
    throw new NotFoundError(
      'No recorded deploy of this app to scale: deploy it with the template first.',
    );
  }
  const redacted = redactedProperties(request);
  if (redacted.length > 0) {
    throw new InputError(
      `The recorded deploy holds the secret Kafka properties ${redacted.join(
        ', ',
      )} redacted, so it cannot be deployed again from here without them. ` +
        'Deploy the app again with its secrets (e.g. from the template) to change its replicas.',
    );
  }
  return { ...request, replicas };
}
