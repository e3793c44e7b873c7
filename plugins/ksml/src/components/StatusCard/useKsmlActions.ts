import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { KsmlAppRef } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { promotedMessage, type KsmlPromotion } from './promotion';
import { previousReplicas } from './scale';

/** What a user can do to a release from its card. */
export type KsmlAction =
  | 'redeploy'
  | 'stop'
  | 'start'
  | 'scale'
  | 'restart'
  | 'undeploy'
  | 'promote';

/** Options of an action. */
export interface KsmlActionOptions {
  /** Undeploy only: delete the app's PersistentVolumeClaims (its state stores) too. */
  deleteStorage?: boolean;
  /** Scale only: the replicas wanted. */
  replicas?: number;
  /** Redeploy only: the values of the secret Kafka properties the history holds redacted. */
  secretKafkaProperties?: Record<string, string>;
  /** Promote only: where to, and the target's Kafka where the dialog asked for it. */
  promotion?: KsmlPromotion;
}

const replicasOf = (n: number) => `${n} ${n === 1 ? 'replica' : 'replicas'}`;

/** How the last action ended: what was done, or why it failed. */
export type KsmlActionOutcome =
  | {
      action: KsmlAction;
      message: string;
      /** What the backend says may not work as meant (e.g. state in a 10 MiB store). */
      warnings: string[];
      error?: undefined;
    }
  | { action: KsmlAction; error: Error };

/** What an action did: a message for the user and the backend's warnings. */
interface Performed {
  message: string;
  warnings?: string[];
}

/** State and trigger of {@link useKsmlActions}. */
export interface KsmlActions {
  /** The action in flight, if any. */
  running?: KsmlAction;
  /** How the last action ended; cleared when the next one starts. */
  outcome?: KsmlActionOutcome;
  /** Forgets the outcome (the user closed its message). */
  dismiss(): void;
  run(action: KsmlAction, options?: KsmlActionOptions): Promise<void>;
}

/**
 * Runs the card's actions against one release. The outcome is kept for the card to show
 * beside the release it concerns (on failure the backend's message says what to fix); either
 * way `onSettled` runs so the card reloads the status. `run` never rejects.
 *
 * The outcome is shown in the card rather than posted to the AlertApi: that API is deprecated,
 * and its successor (ToastApi) does not exist in apps on the legacy frontend system.
 */
export function useKsmlActions(
  ref: KsmlAppRef,
  onSettled: () => void,
): KsmlActions {
  const api = useApi(ksmlApiRef);
  const [running, setRunning] = useState<KsmlAction>();
  const [outcome, setOutcome] = useState<KsmlActionOutcome>();

  const perform = useCallback(
    async (
      action: KsmlAction,
      options: KsmlActionOptions,
    ): Promise<Performed> => {
      switch (action) {
        case 'redeploy': {
          const { secretKafkaProperties } = options;
          const { helm, warnings } = await api.redeploy(
            secretKafkaProperties ? { ...ref, secretKafkaProperties } : ref,
          );
          return {
            message: `Redeployed ${helm.name} as revision ${helm.revision}`,
            warnings,
          };
        }
        // The browser sends the intent; the backend scales what is installed.
        case 'stop': {
          const { helm } = await api.scale({ ...ref, replicas: 0 });
          return { message: `Stopped ${helm.name} (scaled to 0 replicas)` };
        }
        case 'start': {
          const replicas = previousReplicas(await api.history(ref));
          const { helm } = await api.scale({ ...ref, replicas });
          return {
            message: `Started ${helm.name} with ${replicasOf(replicas)}`,
          };
        }
        case 'scale': {
          const replicas = options.replicas ?? 1;
          const { helm } = await api.scale({ ...ref, replicas });
          return {
            message: `Scaled ${helm.name} to ${replicasOf(
              replicas,
            )} (revision ${helm.revision})`,
          };
        }
        case 'restart': {
          const { helm } = await api.restart(ref);
          return { message: `Restarting ${helm.name}: its pods are replaced` };
        }
        case 'undeploy': {
          const result = await api.undeploy({
            ...ref,
            deleteStorage: options.deleteStorage,
          });
          return {
            message: `Undeployed ${result.release} from ${result.namespace}`,
          };
        }
        // The card's environment is where the app is promoted from.
        case 'promote': {
          if (!options.promotion) throw new Error('Promote where to?');
          const result = await api.promote({
            tenant: ref.tenant,
            instance: ref.instance,
            application: ref.application,
            from: ref.environment,
            ...options.promotion,
            dryRun: false,
          });
          return {
            message: promotedMessage(ref.application, result),
            warnings: result.warnings,
          };
        }
        default:
          throw new Error(`Unknown action ${action}`);
      }
    },
    [api, ref],
  );

  const run = useCallback(
    async (action: KsmlAction, options: KsmlActionOptions = {}) => {
      setRunning(action);
      setOutcome(undefined);
      try {
        const { message, warnings = [] } = await perform(action, options);
        setOutcome({ action, message, warnings });
      } catch (e) {
        setOutcome({
          action,
          error: e instanceof Error ? e : new Error(String(e)),
        });
      } finally {
        setRunning(undefined);
        onSettled();
      }
    },
    [perform, onSettled],
  );
  const dismiss = useCallback(() => setOutcome(undefined), []);

  return { running, outcome, dismiss, run };
}
