/**
 * The stable reason codes of the KSML API's errors: every 4xx and 5xx answer carries one in
 * `error.reason`, so a client tells cases apart without parsing messages or asking again (a 404
 * means six different things). Messages may change; these do not.
 */
export const ksmlErrorReasons = {
  InvalidInput:
    'the input is refused: the message names the field and why (400)',
  TestsFailed:
    'a KSML test of the request did not pass, and it requires them to (`requireTests`): the message names each (400)',
  UnknownEnvironment:
    'the environment is not one the backend is configured for: the message names those it is (400)',
  NotAllowed: 'the permission is denied: the message names it (403)',
  NotDeployed: 'the app has no release in the environment (404)',
  NoPods:
    'the release exists but has no pods: stopped, or not yet scheduled (404)',
  MetricsNotReady:
    'the metrics API has no figures for the pods yet; new pods take about a minute (404)',
  MetricsUnavailable: 'the cluster has no working metrics.k8s.io API (404)',
  NoKafkaConnection:
    'no Kafka connection is configured for the environment: lag, records and offset resets are not available (404)',
  NoPublishedFiles:
    "the portal's publish folder holds no GitOps files of the app: they are in its repository (404)",
  NothingToRedeploy: 'no recorded deploy of the app in the environment (404)',
  RevisionNotFound:
    'Helm keeps no such revision of the app: the message names those it keeps (404)',
  NamespaceMissing: "the environment's namespace does not exist (404)",
  NotFound: 'something else the request names does not exist (404)',
  Conflict:
    'the release is busy or the operation does not apply to it (a Job) (409)',
  AppRunning:
    'the app runs, and the operation needs it stopped (an offset reset): stop it first (409)',
  GroupActive:
    "the app's Kafka consumer group still has members (a stopped runner's session has not ended yet): try again shortly (409)",
  PayloadTooLarge: 'the request body is over the limit (413)',
  TooManyStreams: 'too many live log streams are open (429)',
  NotImplemented: 'the environment cannot do this (501)',
  ClusterUnreachable:
    'the cluster, registry, provisioner or Kafka cluster cannot be reached (502, 503)',
  Internal: 'an error of the server: its log says more (500)',
} as const;

/** A reason code of {@link ksmlErrorReasons}. */
export type KsmlErrorReason = keyof typeof ksmlErrorReasons;

/**
 * Gives an error its reason code (an own property, which Backstage's error serialisation and
 * the provisioner's both put into `error.reason` of the answer).
 */
export function withReason<E extends Error>(
  error: E,
  reason: KsmlErrorReason,
): E {
  return Object.assign(error, { reason });
}

/** The reason code an error already carries, if it is one of {@link ksmlErrorReasons}. */
export function reasonOf(error: unknown): KsmlErrorReason | undefined {
  const reason = (error as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason in ksmlErrorReasons
    ? (reason as KsmlErrorReason)
    : undefined;
}

/**
 * The reason of an error that carries none of its own, from its HTTP status: the codes a
 * server can always give (`InvalidInput`, `NotAllowed`, `NotFound`, `Conflict`, …).
 */
export function reasonForStatus(status: number): KsmlErrorReason {
  switch (status) {
    case 400:
      return 'InvalidInput';
    case 401:
    case 403:
      return 'NotAllowed';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 413:
      return 'PayloadTooLarge';
    case 429:
      return 'TooManyStreams';
    case 501:
      return 'NotImplemented';
    case 502:
    case 503:
    case 504:
      return 'ClusterUnreachable';
    default:
      return 'Internal';
  }
}

/**
 * The reason code of a failed call to the KSML API, from the error the client threw
 * (`ResponseError`, whose body holds the answer's `error`).
 */
export function responseReasonOf(error: unknown): KsmlErrorReason | undefined {
  return reasonOf(
    (error as { body?: { error?: unknown } } | undefined)?.body?.error,
  );
}

/**
 * The HTTP status of an error, as Backstage's error middleware gives it: the error's own
 * `statusCode`, else its `@backstage/errors` name (`InputError` 400, `NotFoundError` 404, …),
 * else 500.
 */
export function statusOfError(error: Error): number {
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
