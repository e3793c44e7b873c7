import type { V1Pod } from '@kubernetes/client-node';
import type { KsmlWorkload } from '@ksml-backstage/plugin-ksml-common';
import type { KubeLogs } from '../kube/roles';
import { notReadyRunner } from '../status/diagnosis';
import { podFailure } from '../status/mapStatus';
import { RunnerLogDiagnosis, runnerLogDiagnosis } from '../status/runnerLog';
import { replicaNameOf } from './replicaName';

/** Failing reasons whose diagnosis shows the runner's last log lines. */
const LOG_TAIL_REASONS = new Set(['CrashLoopBackOff', 'Error', 'OOMKilled']);
/** Of those, the ones the runner's log may explain better (an OOM kill is its own cause). */
const LOG_EXPLAINED_REASONS = new Set(['CrashLoopBackOff', 'Error']);
/** Reasons of a Starting app whose unready runner's log may say why. */
const UNREADY_REASONS = new Set(['NotReady', 'Rebalancing']);
/** How many of the runner's last log lines the diagnosis shows. */
const LOG_TAIL_LINES = 10;
/**
 * How many of its last lines are searched for a known failure: enough for a Kafka client's
 * stack trace below the line that names the cause.
 */
const LOG_SCAN_LINES = 200;

/**
 * The workload's status with what the KSML runner's own log says, for an app that crash-loops
 * or runs unready (ADR 20): the cause its log names (a SASL failure, a missing topic, a
 * definition error) as the reason, message and hint, and its last lines. Other states, and a log
 * that names nothing known, are left as Kubernetes gave them.
 */
export async function withRunnerLog(
  reader: Pick<KubeLogs, 'readLog'>,
  kubernetes: KsmlWorkload,
  pods: V1Pod[],
): Promise<KsmlWorkload> {
  const crashing =
    kubernetes.status === 'Failing' &&
    LOG_TAIL_REASONS.has(kubernetes.reason ?? '');
  // Unready, or still rebalancing by its own account (a client that cannot reach its broker
  // rebalances for ever): the log may name a cause.
  const notReady =
    kubernetes.status === 'Starting' &&
    UNREADY_REASONS.has(kubernetes.reason ?? '')
      ? notReadyRunner(pods)
      : undefined;
  // A Kafka Streams client in ERROR leaves its pod running: its current log tells why.
  const streamsFailed =
    kubernetes.reason === 'StreamsError'
      ? kubernetes.streams?.find(
          r => r.state === 'ERROR' || r.state === 'PENDING_ERROR',
        )
      : undefined;
  if (streamsFailed) {
    const podName = pods
      .map(p => p.metadata?.name ?? '')
      .find(
        name =>
          replicaNameOf(kubernetes.name, name) === streamsFailed.replicaName,
      );
    const log = podName
      ? (
          await reader.readLog(podName, LOG_SCAN_LINES).catch(() => '')
        ).trimEnd()
      : '';
    if (!log) return kubernetes;
    const known = runnerLogDiagnosis(log);
    return {
      ...kubernetes,
      ...(known ? causeOf(known) : {}),
      logTail: log.split('\n').slice(-LOG_TAIL_LINES).join('\n'),
    };
  }
  const pod = crashing
    ? pods.find(p => podFailure(p))?.metadata?.name
    : notReady?.pod.metadata?.name;
  if (!pod) return kubernetes;
  // A crashed runner's previous run tells why it stopped; a running one's current run tells
  // why it is not ready, unless it has only just restarted after the failure.
  let order = [false];
  if (crashing) order = [true, false];
  else if ((notReady?.container.restartCount ?? 0) > 0) order = [false, true];
  for (const previous of order) {
    const log = (
      await reader.readLog(pod, LOG_SCAN_LINES, { previous }).catch(() => '')
    ).trimEnd();
    if (!log) continue;
    const known = runnerLogDiagnosis(log);
    const logTail = log.split('\n').slice(-LOG_TAIL_LINES).join('\n');
    if (crashing) {
      return LOG_EXPLAINED_REASONS.has(kubernetes.reason ?? '') && known
        ? { ...kubernetes, ...causeOf(known), logTail }
        : { ...kubernetes, logTail };
    }
    if (known) {
      return {
        ...kubernetes,
        ...causeOf(known),
        ...(known.fatal ? { status: 'Failing', logTail } : {}),
      };
    }
  }
  return kubernetes;
}

/** A diagnosis from the runner's log as the status's reason, message and hint. */
function causeOf(known: RunnerLogDiagnosis): Partial<KsmlWorkload> {
  return { reason: known.reason, message: known.message, hint: known.hint };
}
