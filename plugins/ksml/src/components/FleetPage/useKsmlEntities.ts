import useAsync from 'react-use/esm/useAsync';
import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  CATALOG_FILTER_EXISTS,
} from '@backstage/plugin-catalog-react';
import { KSML_APPLICATION_ANNOTATION } from '@ksml-backstage/plugin-ksml-common';
import { ENTITY_FIELDS } from './fleet';

/** The catalog's KSML entities, as {@link useKsmlEntities} reads them. */
export interface KsmlEntities {
  /** Undefined while loading, and when the read failed. */
  value?: Entity[];
  loading: boolean;
  error?: Error;
}

/**
 * The Component entities with the `ksml/application` annotation, read once from the catalog in
 * one request with only the fields the fleet page needs (to join apps, link and show owners).
 */
export function useKsmlEntities(): KsmlEntities {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Entity[]> => {
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
}
