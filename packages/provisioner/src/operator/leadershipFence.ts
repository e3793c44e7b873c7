import type { KsmlKubeClient } from '@ksml-backstage/plugin-ksml-node';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One span of leadership of this process: from taking the Lease until it was lost or given
 * up. A new term begins each time the Lease is taken again, so work started in an earlier
 * term never writes in a later one.
 */
export interface LeadershipTerm {
  /** Counts the terms of this process, from 1. */
  readonly number: number;
  /**
   * True while the term lasts: not ended, and the Lease renewed within the renew deadline as
   * this process's own monotonic clock measures it. A process that was paused (SIGSTOP, a
   * stalled VM) reads false the moment it runs again, before any timer of its own has noticed.
   */
  readonly valid: boolean;
  /** Throws {@link NotLeadingError} naming `action` when the term is over; call right before a write. */
  assertValid(action: string): void;
}

/** A write refused because the leadership term it was started in is over. */
export class NotLeadingError extends Error {
  readonly name = 'NotLeadingError';
  constructor(action: string, term: number) {
    super(`Not leading any more (term ${term} is over): did not ${action}`);
  }
}

const current = new AsyncLocalStorage<LeadershipTerm>();

/**
 * Runs `work` as part of `term`: every write it causes deep in the provisioner core (a helm
 * run, a Secret written) passes {@link assertLeading} first. Work outside any term (a REST
 * request) is not fenced: the REST API serves on every replica.
 */
export function runInTerm<T>(
  term: LeadershipTerm,
  work: () => Promise<T>,
): Promise<T> {
  return current.run(term, work);
}

/**
 * Throws {@link NotLeadingError} when called from work of a leadership term that is over (see
 * {@link runInTerm}); does nothing outside a term. The guard of the helm runs and Kubernetes
 * writes of the provisioner core.
 */
export function assertLeading(action: string): void {
  current.getStore()?.assertValid(action);
}

/** The {@link KsmlKubeClient} methods that change the cluster. */
const KUBE_WRITES = new Set<string>([
  'writeSecret',
  'deleteSecret',
  'deleteClaims',
  'restartStatefulSet',
]);

/**
 * The client with every write guarded by {@link assertLeading}, checked when the write is
 * called (reads pass through): a reconcile whose term ended while it waited for a read does
 * not go on to write what it read.
 */
export function fencedKube(client: KsmlKubeClient): KsmlKubeClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // Bound to the real client: its methods use private fields.
      const bound = value.bind(target);
      if (typeof property !== 'string' || !KUBE_WRITES.has(property)) {
        return bound;
      }
      return (...args: unknown[]) => {
        assertLeading(`${property} in the cluster`);
        return bound(...args);
      };
    },
  });
}
