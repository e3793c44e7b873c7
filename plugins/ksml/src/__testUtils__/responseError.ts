import { ResponseError } from '@backstage/errors';

const NAMES: Record<number, string> = {
  400: 'InputError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  500: 'Error',
  503: 'ServiceUnavailableError',
};

/** A ResponseError as KsmlClient throws it for a backend error answer. */
export async function responseError(
  status: number,
  message: string,
  reason?: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: NAMES[status] ?? 'Error', message, reason },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
