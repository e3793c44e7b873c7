import { ResponseError } from '@backstage/errors';
import type {
  KsmlApi,
  KsmlAppRef,
  KsmlStatusResponse,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options for {@link waitForApp}. */
export interface WaitOptions {
  ksml: KsmlApi;
  token: () => Promise<string | undefined>;
  /** States that end the wait successfully. */
  done: KsmlWorkloadStatus[];
  timeoutMs: number;
  intervalMs: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Polls the app's status until it reaches one of `done`, logging each change (status and
 * replicas ready n/m). Throws with the reason when the app is Failing, and with the last
 * status seen when the timeout passes — like the ONAP participant's pod watch.
 */
export async function waitForApp(
  ref: KsmlAppRef,
  options: WaitOptions,
): Promise<KsmlStatusResponse> {
  const deadline = Date.now() + options.timeoutMs;
  let last: KsmlStatusResponse | undefined;
  let lastLine = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const current = await readStatus(ref, options);
    if (current) {
      last = current;
      const line = progressLine(current);
      if (line !== lastLine) options.log(line);
      lastLine = line;
      const { status, reason, message, hint, logTail } = current.kubernetes;
      if (options.done.includes(status)) return current;
      if (status === 'Failing') {
        throw new Error(
          `${current.kubernetes.name} is Failing: ${
            reason ?? 'unknown reason'
          }${message ? ` (${message})` : ''}${hint ? `. ${hint}` : ''}${
            logTail ? `\nLast log lines:\n${logTail}` : ''
          }`,
        );
      }
    }
    if (Date.now() + options.intervalMs > deadline) {
      const seconds = Math.round(options.timeoutMs / 1000);
      throw new Error(
        `Timed out after ${seconds} s waiting for the app to be ${options.done.join(
          ' or ',
        )}; last seen: ${last ? progressLine(last) : 'no status yet'}`,
      );
    }
    await sleep(options.intervalMs, undefined, { signal: options.signal });
  }
}

/** The status, or undefined while the backend cannot see the workload yet (404). */
async function readStatus(
  ref: KsmlAppRef,
  options: WaitOptions,
): Promise<KsmlStatusResponse | undefined> {
  try {
    return await options.ksml.status(ref, { token: await options.token() });
  } catch (error) {
    if (error instanceof ResponseError && error.statusCode === 404)
      return undefined;
    throw error;
  }
}

/**
 * e.g. "status Starting, replicas ready 0/1, Unschedulable: 0/1 nodes are available: 1 Too many
 * pods": the diagnosis as soon as the backend knows it.
 */
export function progressLine(status: KsmlStatusResponse): string {
  const k = status.kubernetes;
  return `status ${k.status}, replicas ready ${k.readyReplicas}/${k.replicas}${
    k.restarts ? `, restarts ${k.restarts}` : ''
  }${k.reason ? `, ${k.reason}${k.message ? `: ${k.message}` : ''}` : ''}`;
}
