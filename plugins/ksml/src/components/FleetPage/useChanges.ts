import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { usePolledAsync } from '../common/usePolledAsync';
import {
  actorChoices,
  changeRows,
  type ActorChoice,
  type ChangeRow,
} from './changeLog';
import { useKsmlEntities } from './useKsmlEntities';

/** How many of the newest changes the log shows. */
export const CHANGES_SHOWN = 200;

/** What {@link useChanges} gives the change log. */
export interface Changes {
  /** The changes shown, newest first; undefined until the reads have settled (or failed). */
  rows?: ChangeRow[];
  /** The Who filter's choices: everyone among the newest changes of all. */
  actors: ActorChoice[];
  /** The `/changes` read failed: nothing to show. */
  error?: Error;
  /** The catalog read failed: changes are shown without entity links. */
  catalogError?: Error;
  /** Reads the changes again (the catalog is read once). */
  retry(): void;
}

/**
 * The newest recorded operations of every app (`GET /changes`), one person's when `actor` is
 * given (asked of the backend, so older ones of theirs show too), joined to the catalog's
 * entities. The newest changes of everyone are read as well, for the Who filter's choices.
 */
export function useChanges(actor: string | undefined): Changes {
  const api = useApi(ksmlApiRef);
  const all = usePolledAsync<KsmlDeploymentRecord[]>(
    () => api.changes({ limit: CHANGES_SHOWN }),
    [api],
    null,
  );
  // With the actor they are of: a reload keeps the previous answer until the next one comes,
  // and another person's changes must not show under this one's name meanwhile.
  const theirs = usePolledAsync<
    { actor: string; records: KsmlDeploymentRecord[] } | undefined
  >(
    async () =>
      actor
        ? { actor, records: await api.changes({ actor, limit: CHANGES_SHOWN }) }
        : undefined,
    [api, actor],
    null,
  );
  const entities = useKsmlEntities();
  const mine =
    theirs.value?.actor === actor ? theirs.value?.records : undefined;
  const shown = actor ? mine : all.value;
  const settled = !entities.loading;
  const rows = useMemo(
    () =>
      shown && settled ? changeRows(shown, entities.value ?? []) : undefined,
    [shown, settled, entities.value],
  );
  const actors = useMemo(
    () => actorChoices(all.value ?? [], actor),
    [all.value, actor],
  );
  const { retry: retryAll } = all;
  const { retry: retryTheirs } = theirs;
  const retry = useMemo(
    () => () => {
      retryAll();
      retryTheirs();
    },
    [retryAll, retryTheirs],
  );
  return {
    rows,
    actors,
    error: (actor ? theirs.error : undefined) ?? all.error,
    catalogError: entities.error,
    retry,
  };
}
