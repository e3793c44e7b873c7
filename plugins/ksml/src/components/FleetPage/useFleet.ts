import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { KsmlManagedApp } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { usePolledAsync } from '../common/usePolledAsync';
import { fleetRows, type FleetRow } from './fleet';
import { useKsmlEntities } from './useKsmlEntities';

/** What {@link useFleet} gives the page. */
export interface Fleet {
  /** The joined, sorted rows; undefined until both reads have settled (or apps failed). */
  rows?: FleetRow[];
  /** The `/apps` read failed: the page has nothing to show. */
  error?: Error;
  /** The catalog read failed: rows are shown without owners or links. */
  catalogError?: Error;
  /** Reads `/apps` again (the catalog is read once). */
  retry(): void;
}

/**
 * The fleet: `GET /apps` (one request for every app in every environment) joined to the
 * Component entities with the `ksml/application` annotation ({@link useKsmlEntities}). The two
 * reads run side by side.
 */
export function useFleet(): Fleet {
  const ksmlApi = useApi(ksmlApiRef);
  const apps = usePolledAsync<KsmlManagedApp[]>(
    () => ksmlApi.apps(),
    [ksmlApi],
    null,
  );
  const entities = useKsmlEntities();

  const settled = !entities.loading;
  const rows = useMemo(
    () =>
      apps.value && settled
        ? fleetRows(apps.value, entities.value ?? [])
        : undefined,
    [apps.value, entities.value, settled],
  );
  return {
    rows,
    error: apps.error,
    catalogError: entities.error,
    retry: apps.retry,
  };
}
