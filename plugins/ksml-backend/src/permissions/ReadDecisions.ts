import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/** Entries kept at most; expired ones are dropped when it is reached. */
const MAX_ENTRIES = 10_000;

/**
 * Permission decisions on read routes, remembered per principal and permission for a few
 * seconds. A decision costs the permission backend a signed on-behalf token, an HTTP round trip
 * and two token verifications; a status card polled by many tabs asks the same question again
 * and again, and profiling 50 concurrent status reads showed that round trip as the largest cost
 * after Backstage's own request handling. A policy or group change reaches reads after at most
 * `ttlMs`; changes (deploy, undeploy) are always decided afresh.
 */
export class ReadDecisions {
  readonly #permissions: PermissionsService;
  readonly #ttlMs: number;
  /** Decisions by principal and permission; a pending one is shared by concurrent requests. */
  readonly #decisions = new Map<
    string,
    { result: Promise<AuthorizeResult>; expires: number }
  >();

  constructor(permissions: PermissionsService, ttlMs: number) {
    this.#permissions = permissions;
    this.#ttlMs = ttlMs;
  }

  /** The decision for this principal, from memory while it is younger than the TTL. */
  authorize(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult> {
    const principal = principalKey(credentials);
    if (!principal || this.#ttlMs <= 0)
      return this.#ask(permission, credentials);
    const key = `${principal}\n${permission.name}`;
    const now = Date.now();
    const known = this.#decisions.get(key);
    if (known && known.expires > now) return known.result;
    if (this.#decisions.size >= MAX_ENTRIES) this.#prune(now);
    // Every request that finds the decision expired waits for the same one call (many tabs
    // polling at once would otherwise all ask the permission backend in the same instant).
    const result = this.#ask(permission, credentials);
    this.#decisions.set(key, { result, expires: now + this.#ttlMs });
    result.catch(() => this.#decisions.delete(key));
    return result;
  }

  async #ask(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult> {
    const [decision] = await this.#permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#decisions) {
      if (entry.expires <= now) this.#decisions.delete(key);
    }
    if (this.#decisions.size >= MAX_ENTRIES) this.#decisions.clear();
  }
}

/** Who a decision is about: a user's entity ref or a service's subject; none for others. */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return `user:${principal.userEntityRef}`;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return undefined;
}
