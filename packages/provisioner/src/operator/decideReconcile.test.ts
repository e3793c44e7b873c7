import {
  KSML_APP_FINALIZER,
  KSML_APP_RELEASE_LABEL,
} from '@ksml-backstage/plugin-ksml-node';
import {
  DeployRequest,
  KsmlAppCondition,
  KsmlAppObject,
  KsmlAppStatus,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { failed, installed, reconciling, waitingForHelm } from './conditions';
import {
  AppInput,
  decide,
  Decision,
  Deployed,
  helmBusyUntil,
  Observation,
} from './decideReconcile';

const request: DeployRequest = {
  ...readmeDeployRequest,
  application: 'orders',
  deploymentMode: 'StatefulSet',
  replicas: 1,
};
const job: DeployRequest = { ...request, deploymentMode: 'Job' };
const release = releaseName(request);
const ref = {
  tenant: request.tenant,
  instance: request.instance,
  environment: request.environment,
  application: 'orders',
};
const OTHER_FINALIZER = 'example.com/keep';

/** One condition of each type, Failed carrying `failedReason` when given. */
const conditions = (failedReason?: string): KsmlAppCondition[] =>
  (['Ready', 'Reconciling', 'Failed'] as const).map(type => ({
    type,
    status: type === 'Failed' && failedReason ? 'True' : 'False',
    reason: type === 'Failed' ? failedReason ?? 'Installed' : 'Installed',
    message: '',
    lastTransitionTime: '2024-01-01T00:00:00.000Z',
  }));

/** What generation 2 with Secret version s1 installed: helm revision 3, Running. */
const installedStatus: KsmlAppStatus = {
  observedGeneration: 2,
  secretVersion: 's1',
  release,
  helmRevision: 3,
  state: 'Running',
  conditions: conditions(),
};
/** Generation 2 and Secret version s1, refused or failed with `reason`. */
const failedStatus = (reason: string): KsmlAppStatus => ({
  observedGeneration: 2,
  secretVersion: 's1',
  release: reason === 'InstallFailed' ? release : undefined,
  helmRevision: reason === 'InstallFailed' ? 3 : undefined,
  conditions: conditions(reason),
});

/** The KsmlApp `orders` at generation 2, with our finalizer, as `over` changes it. */
const app = (
  over: {
    metadata?: Partial<KsmlAppObject['metadata']>;
    status?: KsmlAppStatus;
  } = {},
): KsmlAppObject => ({
  apiVersion: 'ksml-backstage.io/v1alpha1',
  kind: 'KsmlApp',
  metadata: {
    name: 'orders',
    generation: 2,
    resourceVersion: '100',
    finalizers: [OTHER_FINALIZER, KSML_APP_FINALIZER],
    ...over.metadata,
  },
  spec: {
    tenant: request.tenant,
    instance: request.instance,
    environment: request.environment,
  },
  status: over.status,
});
const deleted = (status?: KsmlAppStatus, finalizers?: string[]) =>
  app({
    metadata: {
      deletionTimestamp: '2024-01-02T00:00:00Z',
      ...(finalizers ? { finalizers } : {}),
    },
    status,
  });

const NOW = Date.parse('2024-01-02T00:00:00Z');
/** Secret version s1 read with the request; nothing remembered of the app. */
const input = (over: Partial<AppInput> = {}): AppInput => ({
  request,
  secret: { data: { 'sasl.jaas.config': 'x' }, version: 's1' },
  now: NOW,
  backingOff: false,
  others: [],
  ...over,
});
const deployed = (
  revision = 3,
  replicas = 1,
  status: Deployed['kubernetes']['status'] = 'Running',
): Deployed => ({ helm: { revision }, kubernetes: { status, replicas } });

/** An installed app (generation 2, s1, revision 3) seen up to its release. */
const upTo = (
  status: KsmlAppStatus | undefined,
  over: Partial<AppInput> = {},
  found: Deployed | null = deployed(),
): Observation => ({
  app: app({ status }),
  input: input(over),
  deployed: found,
});

const refuse = (
  reason: string,
  message: string,
  fields: Partial<KsmlAppStatus> = {
    observedGeneration: 2,
    secretVersion: 's1',
  },
): Decision => ({
  do: 'refuse',
  status: { conditions: failed(reason, message), fields },
});
/** Install `of`, the Reconciling condition saying `message`. */
const install = (message: string, of = request): Decision => ({
  do: 'install',
  request: of,
  release,
  status: { conditions: reconciling(message), fields: {} },
});
const upgradeFrom = (revision: number) =>
  install(`Upgrading ${release} from revision ${revision}`);
const installAnew = (of = request) => install(`Installing ${release}`, of);
const upToDate = (state: string, revision = 3, isJob = false): Decision => ({
  do: 'upToDate',
  state,
  status: { conditions: installed(state, revision, isJob), fields: { state } },
});
const readRelease: Decision = { do: 'readRelease', request };
const installFailed = (
  reason: string,
  message: string,
  backoff: boolean,
): Decision => ({
  do: 'fail',
  backoff,
  status: {
    conditions: failed(reason, message),
    fields: { observedGeneration: 2, secretVersion: 's1', release },
  },
});

const busyMessage = `A Helm operation on ${release} is in progress (revision 2 pending-upgrade); if it was interrupted, a deploy after 2024-01-02T00:01:00.000Z recovers the release`;
const conflictError = (text: string) =>
  Object.assign(new Error(text), { name: 'ConflictError' });
const inputError = Object.assign(new Error('replicas: must be at most 10'), {
  name: 'InputError',
});
/** Seen after an install failed with `error` (the Installing status written before it). */
const afterInstall = (error: unknown): Observation => ({
  ...upTo(
    { ...installedStatus, observedGeneration: 1, conditions: conditions() },
    {},
  ),
  installFailed: { error },
});

describe('decide', () => {
  it.each<[string, Observation, Decision]>([
    // Deleted.
    [
      'deleted, our finalizer already gone: nothing',
      { app: deleted(installedStatus, [OTHER_FINALIZER]) },
      { do: 'nothing', why: 'released' },
    ],
    [
      'deleted, its release installed: uninstall it, then drop our finalizer only',
      { app: deleted(installedStatus) },
      {
        do: 'finalize',
        uninstall: { ref, release },
        patch: {
          metadata: { resourceVersion: '100', finalizers: [OTHER_FINALIZER] },
        },
      },
    ],
    [
      'deleted, never installed (refused): drop the finalizer, uninstall nothing',
      { app: deleted(failedStatus('InvalidSpec')) },
      {
        do: 'finalize',
        patch: {
          metadata: { resourceVersion: '100', finalizers: [OTHER_FINALIZER] },
        },
      },
    ],
    [
      'deleted, the release its status names is not its own (a conflict): uninstall nothing',
      { app: deleted({ ...installedStatus, release: 'someone-else-ksml' }) },
      {
        do: 'finalize',
        patch: {
          metadata: { resourceVersion: '100', finalizers: [OTHER_FINALIZER] },
        },
      },
    ],
    [
      'deleted without any status: drop the finalizer',
      { app: deleted(undefined, [KSML_APP_FINALIZER]) },
      {
        do: 'finalize',
        patch: { metadata: { resourceVersion: '100', finalizers: [] } },
      },
    ],
    // The finalizer.
    [
      'new: add our finalizer after the others, and the release label',
      { app: app({ metadata: { finalizers: [OTHER_FINALIZER] } }) },
      {
        do: 'addFinalizer',
        patch: {
          metadata: {
            resourceVersion: '100',
            labels: { [KSML_APP_RELEASE_LABEL]: release },
            finalizers: [OTHER_FINALIZER, KSML_APP_FINALIZER],
          },
        },
      },
    ],
    [
      'new, no finalizers at all: add ours',
      { app: app({ metadata: { finalizers: undefined } }) },
      {
        do: 'addFinalizer',
        patch: {
          metadata: {
            resourceVersion: '100',
            labels: { [KSML_APP_RELEASE_LABEL]: release },
            finalizers: [KSML_APP_FINALIZER],
          },
        },
      },
    ],
    [
      'with our finalizer: read its Secret and request',
      { app: app({ status: installedStatus }) },
      { do: 'readInput' },
    ],
    // The input.
    [
      'its Secret refused (missing): InvalidSpec, no Secret version',
      {
        app: app(),
        input: input({
          request: { refused: 'kafkaSecretRef.name: missing' },
          secret: { data: {} },
        }),
      },
      refuse('InvalidSpec', 'kafkaSecretRef.name: missing', {
        observedGeneration: 2,
      }),
    ],
    [
      'its spec refused, the same as before: InvalidSpec written again (a write only if it changed)',
      {
        app: app({ status: failedStatus('InvalidSpec') }),
        input: input({ request: { refused: 'definition: bad' } }),
      },
      refuse('InvalidSpec', 'definition: bad'),
    ],
    [
      'another KsmlApp installed its release: ReleaseConflict',
      {
        app: app(),
        input: input({
          others: [
            { name: 'unrelated', release: 'other-ksml' },
            { name: 'orders-copy', release },
            { name: 'third', release },
          ],
        }),
      },
      refuse(
        'ReleaseConflict',
        `KsmlApp orders-copy already declares the app ${release}: delete one of the two`,
      ),
    ],
    [
      'the watch knows itself with its release: no conflict',
      {
        app: app({ status: installedStatus }),
        input: input({ others: [{ name: 'orders', release }] }),
      },
      readRelease,
    ],
    // What failed before, with the same input.
    [
      'refused before, same generation and Secret: nothing (it sticks)',
      { app: app({ status: failedStatus('InvalidSpec') }), input: input() },
      { do: 'nothing', why: 'refused' },
    ],
    [
      'refused before, the Secret changed since: look again',
      {
        app: app({ status: failedStatus('InvalidSpec') }),
        input: input({ secret: { data: {}, version: 's2' } }),
      },
      readRelease,
    ],
    [
      'install failed before, same input, within its backoff: nothing',
      {
        app: app({ status: failedStatus('InstallFailed') }),
        input: input({ backingOff: true }),
      },
      { do: 'nothing', why: 'backingOff' },
    ],
    [
      'install failed before, same input, backoff over: look at the release',
      {
        app: app({ status: failedStatus('InstallFailed') }),
        input: input(),
      },
      readRelease,
    ],
    [
      'install failed before, backoff over: install again, though the release matches',
      upTo(failedStatus('InstallFailed')),
      upgradeFrom(3),
    ],
    [
      'install failed before, backing off, but a new generation: look at the release',
      {
        app: app({
          metadata: { generation: 3 },
          status: failedStatus('InstallFailed'),
        }),
        input: input({ backingOff: true }),
      },
      readRelease,
    ],
    // Waiting for another's helm.
    [
      "waiting for another's helm, same input, not yet due: nothing",
      {
        app: app({ status: installedStatus }),
        input: input({
          helmWait: { until: NOW + 1, generation: 2, secretVersion: 's1' },
        }),
      },
      { do: 'nothing', why: 'waitingForHelm' },
    ],
    [
      "the wait for another's helm is over: look at the release",
      {
        app: app({ status: installedStatus }),
        input: input({
          helmWait: { until: NOW, generation: 2, secretVersion: 's1' },
        }),
      },
      readRelease,
    ],
    [
      "waiting for another's helm, for an older generation: look at the release",
      {
        app: app({ status: installedStatus }),
        input: input({
          helmWait: { until: NOW + 60_000, generation: 1, secretVersion: 's1' },
        }),
      },
      readRelease,
    ],
    [
      "waiting for another's helm, for another Secret version: look at the release",
      {
        app: app({ status: installedStatus }),
        input: input({
          helmWait: { until: NOW + 60_000, generation: 2, secretVersion: 's0' },
        }),
      },
      readRelease,
    ],
    // The release.
    [
      'installed as the status says, Running: up to date',
      upTo(installedStatus),
      upToDate('Running'),
    ],
    [
      'installed as the status says, Starting: up to date, checked again soon',
      upTo(installedStatus, {}, deployed(3, 1, 'Starting')),
      upToDate('Starting'),
    ],
    [
      'never installed, no release: install',
      upTo(undefined, {}, null),
      installAnew(),
    ],
    [
      'its release removed by hand: install',
      upTo(installedStatus, {}, null),
      installAnew(),
    ],
    [
      'a new generation: upgrade from the revision deployed',
      {
        ...upTo(installedStatus),
        app: app({ metadata: { generation: 3 }, status: installedStatus }),
      },
      upgradeFrom(3),
    ],
    [
      'a new Secret version: upgrade',
      upTo(installedStatus, { secret: { data: {}, version: 's2' } }),
      upgradeFrom(3),
    ],
    [
      'the status names no release (another installed it, then let go): upgrade',
      upTo({ ...installedStatus, release: undefined }),
      upgradeFrom(3),
    ],
    [
      'a StatefulSet upgraded or rolled back by hand (another revision): upgrade',
      upTo(installedStatus, {}, deployed(4)),
      upgradeFrom(4),
    ],
    [
      'a StatefulSet scaled by hand: upgrade',
      upTo(installedStatus, {}, deployed(3, 2)),
      upgradeFrom(3),
    ],
    [
      'a Job: another revision or replica count is no drift',
      upTo(
        { ...installedStatus, state: 'Completed' },
        { request: job },
        deployed(5, 0, 'Completed'),
      ),
      upToDate('Completed', 5, true),
    ],
    [
      'a Job whose release is gone: install',
      upTo(installedStatus, { request: job }, null),
      installAnew(job),
    ],
    // After a failed install: answered first, whatever the status written before it says.
    [
      "the install met another's helm: wait for it until the core recovers the release",
      afterInstall(conflictError(busyMessage)),
      {
        do: 'waitForHelm',
        wait: {
          until: Date.parse('2024-01-02T00:01:00.000Z'),
          generation: 2,
          secretVersion: 's1',
        },
        status: { conditions: waitingForHelm(busyMessage), fields: {} },
      },
    ],
    [
      'a ConflictError without a time: InstallFailed, backing off',
      afterInstall(conflictError('another deploy of it runs')),
      installFailed('InstallFailed', 'another deploy of it runs', true),
    ],
    [
      'the install refused the spec: InvalidSpec, no backoff',
      afterInstall(inputError),
      installFailed('InvalidSpec', 'replicas: must be at most 10', false),
    ],
    [
      'the install failed: InstallFailed, backing off',
      afterInstall(new Error('helm: timed out')),
      installFailed('InstallFailed', 'helm: timed out', true),
    ],
    [
      'the install threw what is not an Error: its text',
      afterInstall('exit 1'),
      installFailed('InstallFailed', 'exit 1', true),
    ],
  ])('%s', (_, seen, expected) => {
    expect(decide(seen)).toEqual(expected);
  });
});

describe('helmBusyUntil', () => {
  it.each<[string, unknown, Date | undefined]>([
    [
      'the time a ConflictError names',
      conflictError(busyMessage),
      new Date('2024-01-02T00:01:00.000Z'),
    ],
    [
      'another error with the same text: none',
      new Error(busyMessage),
      undefined,
    ],
    [
      'a ConflictError with no time: none',
      conflictError('a deploy runs'),
      undefined,
    ],
    [
      'a ConflictError whose time does not parse: none',
      conflictError(busyMessage.replace('2024-01-02T00:01:00.000Z', 'soon')),
      undefined,
    ],
    ['not an error: none', undefined, undefined],
  ])('%s', (_, error, expected) => {
    expect(helmBusyUntil(error)).toEqual(expected);
  });
});
