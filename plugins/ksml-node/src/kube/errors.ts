import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** HTTP status of a client-node failure, when it has one (`ApiException.code`). */
export function kubeStatusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The API server's own message from an `ApiException` body, if any. */
export function kubeMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      /* not JSON */
    }
  }
  if (body && typeof body === 'object' && 'message' in body)
    return String((body as { message: unknown }).message);
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Translates a client-node failure into `@backstage/errors`, once, at the edge: the API
 * server's 400/401/403/404/409 keep their meaning; a network failure or a 5xx says the cluster
 * is unavailable (503). `cluster` (its context and address) names it in those two messages.
 */
export function translateKubeError(
  error: unknown,
  what: string,
  cluster = '',
): Error {
  const code = kubeStatusCode(error);
  const message = `${what}: ${kubeMessage(error)}`;
  const named = cluster ? ` ${cluster}` : '';
  switch (code) {
    case 400:
    case 422:
      return new InputError(message);
    case 401:
      return new AuthenticationError(
        `The Kubernetes cluster${named} refused the provisioner's credentials (expired or for another cluster?): ${message}`,
      );
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(
        `The Kubernetes cluster${named} is unavailable (${message})`,
      );
  }
}
