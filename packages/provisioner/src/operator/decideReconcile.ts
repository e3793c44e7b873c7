import {
  KSML_APP_FINALIZER,
  KSML_APP_RELEASE_LABEL,
  ksmlAppRef,
} from '@ksml-backstage/plugin-ksml-node';
import {
  DeployRequest,
  KsmlAppObject,
  KsmlAppRef,
  KsmlHelmRelease,
  KsmlWorkload,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import {
  failed,
  installed,
  reconciling,
  StatusWrite,
  waitingForHelm,
} from './conditions';

/** An error's message, whatever was thrown. */
export const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * When the provisioner core refused a deploy because a `pending-*` Helm revision may belong to
 * a helm still running (another replica's, e.g. a leader that died mid-upgrade): the time from
 * which it recovers the release (KsmlProvisioner's ConflictError, ADR 0009). Undefined for any
 * other error.
 */
export function helmBusyUntil(error: unknown): Date | undefined {
  if ((error as Error)?.name !== 'ConflictError') return undefined;
  const until =
    /is in progress .*a deploy after (\S+) recovers the release/.exec(
      (error as Error).message,
    )?.[1];
  const at = until ? new Date(until) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** An app's wait for another's helm: until when (ms since the epoch), and for which input. */
export interface HelmWait {
  until: number;
  generation?: number;
  secretVersion?: string;
}

/** The Kafka Secret a KsmlApp references, decoded (no reference: no data, no version). */
export interface AppSecret {
  data: Record<string, string>;
  version?: string;
}

/**
 * What the app asks for, and what this process knew of the app when it read that: the
 * reconcile decides on what it knew then, however long its later reads take.
 */
export interface AppInput {
  /** The deploy request its spec and Secret make, or why either was refused (an InputError). */
  request: DeployRequest | { refused: string };
  /** The Secret as far as it was read (none when reading it was refused). */
  secret: AppSecret;
  /** When the input was read (ms since the epoch). */
  now: number;
  /** True while the app's last failed install is less than a resync interval old. */
  backingOff: boolean;
  /** The app's wait for another's helm, if one began. */
  helmWait?: HelmWait;
  /** The KsmlApps the watch knows, and the release each one's status says it installed. */
  others: ReadonlyArray<{ name: string; release?: string }>;
}

/** A release as the provisioner reports it: what tells whether it matches the app. */
export interface Deployed {
  helm: Pick<KsmlHelmRelease, 'revision'>;
  kubernetes: Pick<KsmlWorkload, 'status' | 'replicas'>;
}

/**
 * What a reconcile has seen of a KsmlApp so far. It grows as the reconcile reads what the last
 * decision asked for (`readInput`, `readRelease`) and as its install fails.
 */
export interface Observation {
  /** The app as read, and as this reconcile's own writes left it. */
  app: KsmlAppObject;
  /** Read once the app is not being deleted and has the finalizer. */
  input?: AppInput;
  /** The release: undefined while not read, null when there is none. */
  deployed?: Deployed | null;
  /** Why the install this reconcile started failed. */
  installFailed?: { error: unknown };
}

/** A JSON merge patch of the app's metadata, conditional on its resourceVersion. */
export interface MetadataPatch {
  metadata: {
    resourceVersion?: string;
    labels?: Record<string, string>;
    finalizers: string[];
  };
}

/** What a reconcile does next; the controller does it, and decides again after a `read…`. */
export type Decision =
  /**
   * Nothing: deleted and let go already; a spec and Secret refused before; an install that
   * failed with the same input and still backs off (a resync after it tries again); or waiting
   * for another's helm (a recheck is planned for when it is over).
   */
  | {
      do: 'nothing';
      why: 'released' | 'refused' | 'backingOff' | 'waitingForHelm';
    }
  /** Deleted: uninstall the release when the app installed it, then remove the finalizer. */
  | {
      do: 'finalize';
      uninstall?: { ref: KsmlAppRef; release: string };
      patch: MetadataPatch;
    }
  /** Add the finalizer (and the release label), then decide again on the patched app. */
  | { do: 'addFinalizer'; patch: MetadataPatch }
  /** Read the app's Secret, build its deploy request, and decide again. */
  | { do: 'readInput' }
  /** Read the release's state, and decide again. */
  | { do: 'readRelease'; request: DeployRequest }
  /** Write a refusal (InvalidSpec, ReleaseConflict) and stop. */
  | { do: 'refuse'; status: StatusWrite }
  /** The release matches: write its state, and check again soon while it is `state` Starting. */
  | { do: 'upToDate'; status: StatusWrite; state: string }
  /** Write `status` (Installing or Upgrading), then install `request`. */
  | {
      do: 'install';
      request: DeployRequest;
      release: string;
      status: StatusWrite;
    }
  /** The install met another's helm: wait for it (remember `wait`, check again after it). */
  | { do: 'waitForHelm'; wait: HelmWait; status: StatusWrite }
  /** The install failed: write why, and back off (an InstallFailed, not an InvalidSpec). */
  | { do: 'fail'; status: StatusWrite; backoff: boolean };

/**
 * What to do about a KsmlApp, given what the reconcile has seen of it: the whole reconcile
 * decision, without I/O. Level-based: an app whose release matches its spec and Secret gets
 * `upToDate`, however often it is decided.
 */
export function decide(seen: Observation): Decision {
  const { app, input } = seen;
  // First: the status this reconcile wrote before it installed is not the app's status before.
  if (seen.installFailed && input) {
    return afterFailedInstall(app, input, seen.installFailed.error);
  }
  const finalizers = app.metadata.finalizers ?? [];
  if (app.metadata.deletionTimestamp) {
    if (!finalizers.includes(KSML_APP_FINALIZER)) {
      return { do: 'nothing', why: 'released' };
    }
    const ref = ksmlAppRef(app);
    const release = releaseName(ref);
    return {
      do: 'finalize',
      // Only what this KsmlApp installed: one that never installed (refused, in conflict) must
      // not take another's release with it.
      uninstall: app.status?.release === release ? { ref, release } : undefined,
      patch: {
        metadata: {
          resourceVersion: app.metadata.resourceVersion,
          finalizers: finalizers.filter(f => f !== KSML_APP_FINALIZER),
        },
      },
    };
  }
  if (!finalizers.includes(KSML_APP_FINALIZER)) {
    return {
      do: 'addFinalizer',
      patch: {
        metadata: {
          resourceVersion: app.metadata.resourceVersion,
          // The portal finds a KsmlApp by its release, whatever its name.
          labels: { [KSML_APP_RELEASE_LABEL]: releaseName(ksmlAppRef(app)) },
          finalizers: [...finalizers, KSML_APP_FINALIZER],
        },
      },
    };
  }
  if (!input) return { do: 'readInput' };
  return inputDecision(seen, input);
}

/** The decision once the app's input is read: refuse it, wait, or make the release match. */
function inputDecision(seen: Observation, input: AppInput): Decision {
  const { app } = seen;
  const generation = app.metadata.generation;
  const secretVersion = input.secret.version;
  const refusal = (reason: string, why: string): Decision => ({
    do: 'refuse',
    status: {
      conditions: failed(reason, why),
      fields: { observedGeneration: generation, secretVersion },
    },
  });
  if ('refused' in input.request) {
    return refusal('InvalidSpec', input.request.refused);
  }
  const request = input.request;
  const release = releaseName(request);
  // Two KsmlApps must not fight over one release.
  const claimant = input.others.find(
    other => other.name !== app.metadata.name && other.release === release,
  )?.name;
  if (claimant) {
    return refusal(
      'ReleaseConflict',
      `KsmlApp ${claimant} already declares the app ${release}: delete one of the two`,
    );
  }
  // The same spec and Secret that failed before: a refused spec stays refused; an install
  // that failed is tried again once per resync interval, not on every watch event (our own
  // status writes are events too).
  const status = app.status ?? {};
  const sameInput =
    status.observedGeneration === generation &&
    status.secretVersion === secretVersion;
  const failedBefore = status.conditions?.find(
    c => c.type === 'Failed' && c.status === 'True',
  )?.reason;
  if (sameInput && failedBefore === 'InvalidSpec') {
    return { do: 'nothing', why: 'refused' };
  }
  const retry = sameInput && failedBefore === 'InstallFailed';
  if (retry && input.backingOff) return { do: 'nothing', why: 'backingOff' };
  // Waiting for another's helm with the same input: our own status writes wake the watch, and
  // must not start the same install again.
  const wait = input.helmWait;
  if (
    wait &&
    wait.generation === generation &&
    wait.secretVersion === secretVersion &&
    input.now < wait.until
  ) {
    return { do: 'nothing', why: 'waitingForHelm' };
  }
  if (seen.deployed === undefined) return { do: 'readRelease', request };

  const deployed = seen.deployed ?? undefined;
  const job = request.deploymentMode === 'Job';
  const changed =
    retry ||
    !sameInput ||
    status.release !== release ||
    // Drift: no release, or (a StatefulSet) a revision not ours (helm upgrade or rollback by
    // hand) or other replicas on the workload itself. A Job runs to completion and may be
    // cleaned up: only a missing release counts.
    !deployed ||
    (!job &&
      (deployed.helm.revision !== status.helmRevision ||
        deployed.kubernetes.replicas !== request.replicas));
  if (!changed) {
    const state = deployed.kubernetes.status;
    return {
      do: 'upToDate',
      state,
      status: {
        conditions: installed(state, deployed.helm.revision, job),
        fields: { state },
      },
    };
  }
  const from = deployed?.helm.revision;
  return {
    do: 'install',
    request,
    release,
    status: {
      conditions: reconciling(
        from
          ? `Upgrading ${release} from revision ${from}`
          : `Installing ${release}`,
      ),
      fields: {},
    },
  };
}

/**
 * A failed install: another's helm may still be running (not a failure: the app stays
 * Reconciling until the core will recover the release), or a refused spec, or a failure.
 */
function afterFailedInstall(
  app: KsmlAppObject,
  input: AppInput,
  error: unknown,
): Decision {
  const generation = app.metadata.generation;
  const secretVersion = input.secret.version;
  const busyUntil = helmBusyUntil(error);
  if (busyUntil) {
    return {
      do: 'waitForHelm',
      wait: { until: busyUntil.getTime(), generation, secretVersion },
      status: { conditions: waitingForHelm(message(error)), fields: {} },
    };
  }
  const invalid = (error as Error).name === 'InputError';
  return {
    do: 'fail',
    backoff: !invalid,
    status: {
      conditions: failed(
        invalid ? 'InvalidSpec' : 'InstallFailed',
        message(error),
      ),
      fields: {
        observedGeneration: generation,
        secretVersion,
        release: releaseName(input.request as DeployRequest),
      },
    },
  };
}
