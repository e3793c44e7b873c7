import { ResponseError } from '@backstage/errors';

/**
 * Turns a KSML backend refusal into an Error whose message says what the backend said (the
 * field and reason of a 400, the reason of a 403/404/409/502), so the task log shows it.
 */
export function describeBackendError(action: string, error: unknown): Error {
  if (error instanceof ResponseError) {
    const { name, message } = error.body.error;
    return new Error(
      `KSML backend refused the ${action} (${error.statusCode} ${name}): ${message}`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs a backend call, rethrowing a refusal as {@link describeBackendError}. */
export async function callBackend<T>(
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeBackendError(action, error);
  }
}
