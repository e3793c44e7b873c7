/**
 * Kubernetes' answer to a log read with `previous=true` for a container that never terminated
 * (the replica has not restarted): `previous terminated container "ksml" in pod "…-0" not
 * found`. The backend passes it on as the replica's `error`, prefixed with what it was doing.
 */
const NO_PREVIOUS_RUN = /previous terminated container\b.*\bnot found/i;

/** Whether a replica's log error says it has no previous run to read (it never restarted). */
export function isNoPreviousRun(error: string | undefined): boolean {
  return error !== undefined && NO_PREVIOUS_RUN.test(error);
}
