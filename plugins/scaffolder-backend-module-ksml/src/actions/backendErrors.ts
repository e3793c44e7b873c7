import { ResponseError } from '@backstage/errors';
import {
  reasonForStatus,
  responseReasonOf,
} from '@ksml-backstage/plugin-ksml-common';

/**
 * Turns a KSML backend refusal into an Error whose message says what the backend said (the
 * field and reason of a 400, the reason of a 403/404/409/502, and a reason code more specific
 * than the status, e.g. `AppRunning`), so the task log shows it and a template author can tell
 * refusals apart.
 */
export function describeBackendError(action: string, error: unknown): Error {
  if (error instanceof ResponseError) {
    const { name, message } = error.body.error;
    const reason = responseReasonOf(error);
    return new Error(
      `KSML backend refused the ${action} (${error.statusCode} ${name}${
        reason && reason !== reasonForStatus(error.statusCode)
          ? `, ${reason}`
          : ''
      }): ${message}`,
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
