import type {
  KsmlAppCondition,
  KsmlAppStatus,
} from '@ksml-backstage/plugin-ksml-common';

/** What a reconcile concluded, for each condition type: status, reason and message. */
export type WantedConditions = Record<
  KsmlAppCondition['type'],
  Pick<KsmlAppCondition, 'status' | 'reason' | 'message'>
>;

/**
 * The KsmlApp's conditions after a reconcile: every type, in a stable order, each keeping its
 * `lastTransitionTime` unless its status changed (as Kubernetes' meta.SetStatusCondition does).
 */
export function nextConditions(
  previous: readonly KsmlAppCondition[] | undefined,
  wanted: WantedConditions,
  generation: number | undefined,
  now: Date,
): KsmlAppCondition[] {
  return (['Ready', 'Reconciling', 'Failed'] as const).map(type => {
    const before = previous?.find(c => c.type === type);
    const next = wanted[type];
    return {
      type,
      ...next,
      lastTransitionTime:
        before && before.status === next.status
          ? before.lastTransitionTime
          : now.toISOString(),
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    };
  });
}

/** A write of a KsmlApp's status: its conditions, and the status fields to set. */
export interface StatusWrite {
  conditions: WantedConditions;
  fields: Partial<KsmlAppStatus>;
}

/**
 * The status after `write`: `status` with its fields set and its conditions next; undefined
 * when that is the status already (a write would wake the watch, and reconcile forever).
 */
export function nextStatus(
  status: KsmlAppStatus | undefined,
  write: StatusWrite,
  generation: number | undefined,
  now: Date,
): KsmlAppStatus | undefined {
  const next: KsmlAppStatus = {
    ...status,
    ...write.fields,
    conditions: nextConditions(
      status?.conditions,
      write.conditions,
      generation,
      now,
    ),
  };
  return canonical(next) === canonical(status ?? {}) ? undefined : next;
}

/** JSON with sorted keys, to compare objects whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a.localeCompare(b),
          ),
        )
      : v,
  );
}

/** Conditions of an app whose spec or install failed: not Ready, Failed with the reason. */
export function failed(reason: string, message: string): WantedConditions {
  return {
    Ready: { status: 'False', reason, message },
    Reconciling: { status: 'False', reason, message: 'Waiting for a change' },
    Failed: { status: 'True', reason, message },
  };
}

/** Conditions while a change is being installed. */
export function reconciling(message: string): WantedConditions {
  return {
    Ready: { status: 'False', reason: 'Reconciling', message },
    Reconciling: { status: 'True', reason: 'Installing', message },
    Failed: { status: 'False', reason: 'Reconciling', message: '' },
  };
}

/**
 * Conditions while a change waits for a helm operation that may still be running (a
 * `pending-*` revision another process left): not a failure, the release is recovered then.
 */
export function waitingForHelm(message: string): WantedConditions {
  return {
    Ready: { status: 'False', reason: 'Reconciling', message },
    Reconciling: { status: 'True', reason: 'WaitingForHelm', message },
    Failed: { status: 'False', reason: 'Reconciling', message: '' },
  };
}

/**
 * Conditions of an installed app: Ready once its workload runs (a Job: also when it completed).
 */
export function installed(
  state: string,
  revision: number,
  job: boolean,
): WantedConditions {
  const ready = state === 'Running' || (job && state === 'Completed');
  const message = `Helm revision ${revision}; the app is ${state}`;
  return {
    Ready: {
      status: ready ? 'True' : 'False',
      reason: state,
      message,
    },
    Reconciling: { status: 'False', reason: 'Installed', message },
    Failed: {
      status: state === 'Failing' ? 'True' : 'False',
      reason: state === 'Failing' ? 'AppFailing' : 'Installed',
      message,
    },
  };
}
