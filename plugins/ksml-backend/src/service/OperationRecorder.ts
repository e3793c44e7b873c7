import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KsmlAppRef,
  KsmlOperation,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { withSpan } from '@ksml-backstage/plugin-ksml-node';
import { DeploymentStore } from '../database/DeploymentStore';

/** What {@link OperationRecorder.recorded} records of an operation before it runs. */
export interface OperationRecord {
  ref: KsmlAppRef;
  operation: KsmlOperation;
  /** The desired state it asks for, secrets redacted. */
  request?: Record<string, unknown>;
  actor?: string;
}

/**
 * Records the operations that change an app (deploys, undeploys, rollbacks, scales, restarts)
 * in the deployment history, one per release at a time across backend replicas.
 */
export class OperationRecorder {
  readonly #store: DeploymentStore;
  readonly #resolveNamespace: (environment: string) => string;
  readonly #lockWaitMs: number;
  readonly #logger?: LoggerService;

  constructor(options: {
    store: DeploymentStore;
    resolveNamespace(environment: string): string;
    /** How long an operation waits for another one on the same release. */
    lockWaitMs: number;
    /** Where a history record that could not be written is reported. */
    logger?: LoggerService;
  }) {
    this.#store = options.store;
    this.#resolveNamespace = options.resolveNamespace;
    this.#lockWaitMs = options.lockWaitMs;
    this.#logger = options.logger;
  }

  /**
   * Runs a deploy or undeploy in a span, holding the release's lock, with a history record
   * that says how it ended.
   */
  recorded<T>(
    record: OperationRecord,
    run: () => Promise<T>,
    revisionOf: (result: T) => number | undefined = () => undefined,
  ): Promise<T> {
    const release = releaseName(record.ref);
    const namespace = this.#resolveNamespace(record.ref.environment);
    return withSpan(
      `ksml.${record.operation}`,
      { 'ksml.release': release, 'ksml.namespace': namespace },
      () =>
        this.#store.withLock(
          `${namespace}/${release}`,
          async () => {
            const id = await this.#store.start({
              ...record,
              release,
              namespace,
            });
            let result: T;
            try {
              result = await run();
            } catch (error) {
              // Refused input (a 400) changed nothing: it is no operation of the app's history.
              const outcome =
                (error as Error).name === 'InputError'
                  ? this.#store.discard(id)
                  : this.#store.finish(id, { error: (error as Error).message });
              await outcome.catch(e =>
                this.#unrecorded(release, record.operation, e),
              );
              throw error; // the operation's own error says more than the database's
            }
            // What was applied is the answer even if the database went away meanwhile: the
            // record then stays pending, the cluster holds the truth.
            await this.#store
              .finish(id, { revision: revisionOf(result) })
              .catch(e => this.#unrecorded(release, record.operation, e));
            return result;
          },
          { waitMs: this.#lockWaitMs },
        ),
    );
  }

  #unrecorded(release: string, operation: string, error: Error) {
    this.#logger?.warn(
      `The ${operation} of ${release} ended, but its history record stays pending: ${error.message}`,
    );
  }
}
