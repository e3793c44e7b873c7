import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { parseAllDocuments } from 'yaml';

/**
 * Whether a `file` location's target (a path that may hold `*` for one path segment and `**`
 * for any number) names the given absolute file.
 */
export function targetCovers(target: string, file: string): boolean {
  const pattern = target
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(text => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${pattern}$`).test(file);
}

/** The entity refs a catalog-info.yaml declares, in order (documents without a kind skipped). */
export function declaredEntityRefs(yamlText: string): string[] {
  return parseAllDocuments(yamlText)
    .map(doc => doc.toJS() as Partial<Entity> | null)
    .filter(
      (e): e is Entity =>
        !!e &&
        typeof e.kind === 'string' &&
        typeof e.metadata?.name === 'string',
    )
    .map(e =>
      stringifyEntityRef({
        kind: e.kind,
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      }),
    );
}

/** What {@link registerPublished} needs of the backend. */
export interface CatalogRegistrationDeps {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** How long to wait for the entity to appear; default 60 s. */
  timeoutMs?: number;
  /** Between two looks; default 500 ms. */
  pollIntervalMs?: number;
}

/**
 * Makes the catalog see a just-published catalog-info.yaml now rather than at its next
 * processing round: refreshes the `file` location that covers it, then waits until the entity
 * exists, so the task's "Open in catalog" link works when the task ends. Returns whether it
 * appeared; says why not in the task log (no location covers the folder, or the time ran out)
 * without failing the task: the app is deployed and published either way.
 */
export async function registerPublished(
  deps: CatalogRegistrationDeps,
  published: { catalogInfoPath: string; entityRef: string },
): Promise<boolean> {
  const { catalog, auth, logger } = deps;
  // The scaffolder's own credentials: refreshing a location is the portal's housekeeping,
  // not something the template's user must be allowed to do.
  const credentials = await auth.getOwnServiceCredentials();
  const coveringLocation = async () => {
    const locations = await catalog.getEntities(
      { filter: { kind: 'Location', 'spec.type': 'file' } },
      { credentials },
    );
    return locations.items.find(location => {
      const spec = (location.spec ?? {}) as {
        target?: string;
        targets?: string[];
      };
      return [spec.target, ...(spec.targets ?? [])].some(
        target => !!target && targetCovers(target, published.catalogInfoPath),
      );
    });
  };
  // Looked for until found: right after the portal starts, the configured locations may not
  // be in the catalog yet themselves.
  let refreshed: Entity | undefined;
  const deadline = Date.now() + (deps.timeoutMs ?? 60_000);
  for (;;) {
    if (!refreshed) {
      refreshed = await coveringLocation();
      if (refreshed) {
        await catalog.refreshEntity(stringifyEntityRef(refreshed), {
          credentials,
        });
      }
    }
    const entity = await catalog.getEntityByRef(published.entityRef, {
      credentials,
    });
    if (entity) {
      logger.info(`${published.entityRef} is in the catalog`);
      return true;
    }
    if (Date.now() > deadline) break;
    await new Promise(r => setTimeout(r, deps.pollIntervalMs ?? 500));
  }
  logger.warn(
    refreshed
      ? `${
          published.entityRef
        } is not in the catalog yet; it appears at the catalog's next processing of ${stringifyEntityRef(
          refreshed,
        )}`
      : `No catalog location reads ${published.catalogInfoPath}: add one (type file, a target such as <publishFolder>/*/catalog-info.yaml) to see published apps in the catalog`,
  );
  return false;
}
