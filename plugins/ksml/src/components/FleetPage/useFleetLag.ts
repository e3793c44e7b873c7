import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ksmlApiRef } from '../../api';
import type { FleetRow } from './fleet';
import { FleetLagLoader, lagWanted, type LagReading } from './fleetLag';

/**
 * The fleet table's lag loader, reading `GET /lag` with the page's KsmlApi; one per mount of
 * the table, so its kept readings last as long as the table is open.
 */
export function useFleetLagLoader(): FleetLagLoader {
  const api = useApi(ksmlApiRef);
  return useMemo(
    () => new FleetLagLoader({ read: ref => api.lag(ref) }),
    [api],
  );
}

/**
 * A fleet row's lag reading, undefined until one arrived (and for a row whose lag is not
 * wanted, {@link lagWanted}). The row counts as shown while the calling cell is mounted: the
 * table mounts the cells of its current page only, so only that page is read.
 */
export function useRowLag(
  row: FleetRow,
  loader: FleetLagLoader,
): LagReading | undefined {
  const wanted = lagWanted(row.state);
  const { id } = row;
  const { ref } = row.app;
  // `ref` is a new object with each `/apps` answer: the row is then shown anew, and read again
  // if its reading is older than the loader's age.
  useEffect(
    () => (wanted ? loader.show(id, ref) : undefined),
    [loader, wanted, id, ref],
  );
  const subscribe = useCallback(
    (listener: () => void) => loader.subscribe(listener),
    [loader],
  );
  const reading = useCallback(() => loader.get(id), [loader, id]);
  return useSyncExternalStore(subscribe, reading);
}
