import { ErrorResponseBody, serializeError } from '@backstage/errors';

/** HTTP status of an error: `@backstage/errors` names, or the error's own `statusCode`. */
export function statusOf(error: Error): number {
  const own = (error as { statusCode?: unknown }).statusCode;
  if (typeof own === 'number' && own >= 400 && own < 600) return own;
  switch (error.name) {
    case 'InputError':
      return 400;
    case 'AuthenticationError':
      return 401;
    case 'NotAllowedError':
      return 403;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    case 'NotImplementedError':
      return 501;
    case 'ServiceUnavailableError':
      return 503;
    default:
      return 500;
  }
}

/**
 * The error body Backstage backends answer with (`{error: {name, message}, request,
 * response}`), so the same client (`KsmlClient`, `ResponseError`) reads the backend plugin and
 * the standalone provisioner alike. No stack traces.
 */
export function errorResponse(
  error: Error,
  request: { method: string; url: string },
  statusCode: number,
): ErrorResponseBody {
  const { name, message } = serializeError(error);
  return {
    error: { name, message },
    request: { method: request.method, url: request.url },
    response: { statusCode },
  };
}
