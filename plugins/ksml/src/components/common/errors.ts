import { ResponseError } from '@backstage/errors';

/**
 * What a failed call means to a view: the backend's 404 and 403 each get their own state
 * (not deployed / metrics unavailable, permission denied); everything else is shown as an error.
 */
export type KsmlErrorKind = 'not-found' | 'forbidden' | 'other';

/** The HTTP status of a failed KsmlApi call, when the error came from a response. */
export function statusCodeOf(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}

/** Classifies a failed KsmlApi call by its HTTP status. */
export function errorKind(error: unknown): KsmlErrorKind {
  switch (statusCodeOf(error)) {
    case 404:
      return 'not-found';
    case 403:
      return 'forbidden';
    default:
      return 'other';
  }
}

/**
 * The most useful text of an error: the backend's own message (e.g. the 400 naming the
 * field) rather than ResponseError's generic "Request failed with 400".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
