import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KSML_APPLICATION_ANNOTATION,
  KSML_INSTANCE_ANNOTATION,
  KSML_TENANT_ANNOTATION,
  type KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';

/** The app's identity without its environment: one entity describes it in every environment. */
export type KsmlAppIdentity = Pick<
  KsmlAppRef,
  'tenant' | 'instance' | 'application'
>;

/**
 * The catalog entities that describe a KSML app (those whose `ksml/tenant`, `ksml/instance`
 * and `ksml/application` annotations name it): what a permission on the app is decided on.
 * Looked up with the plugin's own credentials (which entities exist is not the user's to
 * filter), and remembered for `ttlMs` so a polled logs view does not query the catalog on
 * every request. An answer of no entity is not remembered: it is what a new app gets until the
 * template that creates it has registered its entity, and remembering it would refuse the app's
 * owners (Stop, logs) for up to `ttlMs` after the entity appeared in the catalog.
 */
export class AppEntities {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #ttlMs: number;
  readonly #known = new Map<
    string,
    { refs: Promise<string[]>; expires: number }
  >();

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    /** How long a lookup is reused; default 5 s. */
    ttlMs?: number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  /** The refs of the entities describing the app, sorted; empty when none does. */
  refsOf(app: KsmlAppIdentity): Promise<string[]> {
    const key = `${app.tenant}/${app.instance}/${app.application}`;
    const now = Date.now();
    const known = this.#known.get(key);
    if (known && known.expires > now) return known.refs;
    if (this.#known.size > 10_000) this.#known.clear();
    const refs = this.#lookUp(app);
    this.#known.set(key, { refs, expires: now + this.#ttlMs });
    const forget = () => {
      if (this.#known.get(key)?.refs === refs) this.#known.delete(key);
    };
    refs.then(found => found.length === 0 && forget(), forget);
    return refs;
  }

  async #lookUp(app: KsmlAppIdentity): Promise<string[]> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${KSML_TENANT_ANNOTATION}`]: app.tenant,
          [`metadata.annotations.${KSML_INSTANCE_ANNOTATION}`]: app.instance,
          [`metadata.annotations.${KSML_APPLICATION_ANNOTATION}`]:
            app.application,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return items.map(entity => stringifyEntityRef(entity)).sort();
  }
}
