import { ErrorResponseBody, serializeError } from '@backstage/errors';
import {
  reasonForStatus,
  reasonOf,
  statusOfError,
} from '@ksml-backstage/plugin-ksml-common';

/** HTTP status of an error: `@backstage/errors` names, or the error's own `statusCode`. */
export const statusOf = statusOfError;

/**
 * The error body Backstage backends answer with (`{error: {name, message, reason}, request,
 * response}`), so the same client (`KsmlClient`, `ResponseError`) reads the backend plugin and
 * the standalone provisioner alike: `reason` is the contract's code (`ksmlErrorReasons`), the
 * error's own or its status'. No stack traces.
 */
export function errorResponse(
  error: Error,
  request: { method: string; url: string },
  statusCode: number,
): ErrorResponseBody {
  const { name, message } = serializeError(error);
  const reason = reasonOf(error) ?? reasonForStatus(statusCode);
  return {
    error: { name, message, reason },
    request: { method: request.method, url: request.url },
    response: { statusCode },
  };
}
