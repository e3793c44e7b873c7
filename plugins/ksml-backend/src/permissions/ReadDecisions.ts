import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';

/** Entries kept at most; expired ones are dropped when it is reached. */
const MAX_ENTRIES = 10_000;

/**
 * Permission decisions on read routes, remembered per principal, permission and resource (the
 * app's catalog entity, for logs) for a few seconds. A decision costs the permission backend a signed on-behalf token, an HTTP round trip
 * and two token verifications; a status card polled by many tabs asks the same question again
 * and again, and profiling 50 concurrent status reads showed that round trip as the largest cost
 * after Backstage's own request handling. A policy or group change reaches reads after at most
 * `ttlMs`; changes (deploy, undeploy) are always decided afresh.
 */
export class ReadDecisions {
  readonly #permissions: PermissionsService;
  readonly #ttlMs: number;
  /** Decisions by principal and permission; a pending one is shared by concurrent requests. */
  readonly #decisions = new Map<string, Decision>();

  constructor(permissions: PermissionsService, ttlMs: number) {
    this.#permissions = permissions;
    this.#ttlMs = ttlMs;
  }

  /**
   * The decision for this principal, from memory while it is younger than the TTL. In the
   * second half of its life it is renewed in the background, so a steady stream of reads never
   * waits for the permission backend (a decision is still never used past its TTL).
   */
  authorize(
    request: AuthorizePermissionRequest,
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult> {
    const principal = principalKey(credentials);
    const ask = () => this.#ask(request, credentials);
    if (!principal || this.#ttlMs <= 0) return ask();
    const key = `${principal}\n${request.permission.name}\n${
      request.resourceRef ?? ''
    }`;
    const now = Date.now();
    const known = this.#decisions.get(key);
    if (known && known.expires > now) {
      if (now >= known.renewAt && !known.renewing) {
        known.renewing = true;
        this.#remember(key, ask, now).catch(() => {
          known.renewing = false; // the known one stays until it expires
        });
      }
      return known.result;
    }
    if (this.#decisions.size >= MAX_ENTRIES) this.#prune(now);
    // Every request that finds the decision expired waits for the same one call (many tabs
    // polling at once would otherwise all ask the permission backend in the same instant).
    return this.#remember(key, ask, now, true);
  }

  /**
   * Asks the permission backend and keeps the answer; `atOnce` keeps the pending call for
   * concurrent requests to share, otherwise the answer replaces the known one when it comes.
   */
  #remember(
    key: string,
    ask: () => Promise<AuthorizeResult>,
    now: number,
    atOnce = false,
  ): Promise<AuthorizeResult> {
    const result = ask();
    const decision = (): Decision => ({
      result,
      expires: now + this.#ttlMs,
      renewAt: now + this.#ttlMs / 2,
      renewing: false,
    });
    if (atOnce) {
      this.#decisions.set(key, decision());
      result.catch(() => this.#decisions.delete(key));
      return result;
    }
    return result.then(answer => {
      this.#decisions.set(key, decision());
      return answer;
    });
  }

  async #ask(
    request: AuthorizePermissionRequest,
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult> {
    const [decision] = await this.#permissions.authorize([request], {
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

/** A remembered decision: pending or known, until when, and whether it is being renewed. */
interface Decision {
  result: Promise<AuthorizeResult>;
  expires: number;
  renewAt: number;
  renewing: boolean;
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
