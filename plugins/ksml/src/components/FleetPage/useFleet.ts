import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  CATALOG_FILTER_EXISTS,
} from '@backstage/plugin-catalog-react';
import {
  KSML_APPLICATION_ANNOTATION,
  type KsmlManagedApp,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { usePolledAsync } from '../common/usePolledAsync';
import { ENTITY_FIELDS, fleetRows, type FleetRow } from './fleet';

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
 * Component entities with the `ksml/application` annotation, read once from the catalog in one
 * request with only the fields the page needs. The two reads run side by side.
 */
export function useFleet(): Fleet {
  const ksmlApi = useApi(ksmlApiRef);
  const catalogApi = useApi(catalogApiRef);
  const apps = usePolledAsync<KsmlManagedApp[]>(
    () => ksmlApi.apps(),
    [ksmlApi],
    null,
  );
  const entities = useAsync(async (): Promise<Entity[]> => {
    const response = await catalogApi.getEntities({
      filter: {
        kind: 'Component',
        [`metadata.annotations.${KSML_APPLICATION_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ENTITY_FIELDS,
    });
    return response.items;
  }, [catalogApi]);

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
