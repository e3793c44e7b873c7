import {
  KsmlAppRef,
  KsmlAppsFilter,
  KsmlEvent,
  KsmlManagedApp,
  KsmlRevision,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import {
  KsmlTargetResolver,
  mapConcurrently,
} from '@ksml-backstage/plugin-ksml-node';
import { DeploymentRecord, DeploymentStore } from '../database/DeploymentStore';

/** Status reads in flight at once for `GET /apps`. */
const APP_STATUS_READS_IN_FLIGHT = 16;

/** How many history records revisions and events are joined with. */
const HISTORY_JOINED = 200;

/** A recorded operation as an event of the app's timeline. */
function operationEvent(record: DeploymentRecord): KsmlEvent {
  const request = record.request as
    | {
        replicas?: number;
        revision?: number;
        from?: string;
        to?: string;
        time?: string;
      }
    | undefined;
  let detail = '';
  if (record.operation === 'rollback' && request?.revision !== undefined)
    detail = ` to revision ${request.revision}`;
  if (record.operation === 'scale' && request?.replicas !== undefined)
    detail = ` to ${request.replicas} replicas`;
  if (record.operation === 'promote' && request?.from !== undefined)
    detail = ` from ${request.from}`;
  if (record.operation === 'reset-offsets' && request?.to !== undefined)
    detail = ` to ${request.time ?? request.to}`;
  let outcome = `succeeded${
    record.revision ? ` (revision ${record.revision})` : ''
  }`;
  if (record.outcome === 'pending') outcome = 'pending';
  if (record.outcome === 'failed')
    outcome = `failed: ${record.error ?? 'unknown error'}`;
  return {
    time: record.createdAt,
    type: 'Operation',
    reason: record.operation,
    message: `${record.operation}${detail} ${outcome}`,
    ...(record.actor ? { source: record.actor } : {}),
  };
}

/**
 * The reads that join what the targets say of an app with its deployment history: revisions
 * with the operation that made each, the timeline with the recorded operations, and the apps
 * this backend deployed with their live status.
 */
export class HistoryReads {
  readonly #targets: KsmlTargetResolver;
  readonly #store: DeploymentStore;

  constructor(options: {
    targets: KsmlTargetResolver;
    store: DeploymentStore;
  }) {
    this.#targets = options.targets;
    this.#store = options.store;
  }

  /** The target's revisions, each with the recorded operation that made it. */
  async revisions(ref: KsmlAppRef): Promise<KsmlRevision[]> {
    const [revisions, history] = await Promise.all([
      this.#targets(ref.environment).revisions(ref),
      this.#store.history(releaseName(ref), ref.environment, HISTORY_JOINED),
    ]);
    return revisions.map(revision => {
      const made = history.find(
        h =>
          h.outcome === 'succeeded' &&
          h.revision === revision.revision &&
          h.operation !== 'restart',
      );
      return made
        ? { ...revision, operation: made.operation, actor: made.actor }
        : revision;
    });
  }

  /** The target's events and the recorded operations as events, newest first. */
  async events(ref: KsmlAppRef): Promise<KsmlEvent[]> {
    const [events, history] = await Promise.all([
      this.#targets(ref.environment).events(ref),
      this.#store.history(releaseName(ref), ref.environment, HISTORY_JOINED),
    ]);
    return [...events, ...history.map(operationEvent)].sort((a, b) =>
      b.time.localeCompare(a.time),
    );
  }

  /**
   * Every app this backend deployed (and did not undeploy), with its live status: from memory
   * for a cluster the backend watches; a bounded number at a time where a status is a request
   * (a remote provisioner, a cache not yet warm), so a long list never floods a cluster.
   */
  async apps(filter: KsmlAppsFilter = {}): Promise<KsmlManagedApp[]> {
    const records = await this.#store.managedApps(filter);
    return mapConcurrently(
      records,
      APP_STATUS_READS_IN_FLIGHT,
      async record => {
        const ref = {
          tenant: record.tenant,
          instance: record.instance,
          environment: record.environment,
          application: record.application,
        };
        const app = {
          ref,
          release: record.release,
          namespace: record.namespace,
          lastDeploy: record,
        };
        try {
          return {
            ...app,
            // The list shows what is known of each runner's Kafka Streams; it does not make
            // every runner of the fleet be read.
            status: await this.#targets(ref.environment).status(ref, {
              watchStreams: false,
            }),
          };
        } catch (error) {
          return { ...app, error: (error as Error).message };
        }
      },
    );
  }
}
