import {
  type BackstageIdentityApi,
  type BackstageIdentityResponse,
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  type DiscoveryApi,
  type ProfileInfo,
  type ProfileInfoApi,
  type SessionApi,
  SessionState,
} from '@backstage/core-plugin-api';

type ProxySignInApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;

/**
 * The dev portal's second identity: the backend's `outsider` sign-in (development only), who
 * owns no app, to see what the permission policy hides. A proxy provider needs no login: the
 * backend's `/api/auth/outsider/refresh` hands out the token.
 */
export const outsiderAuthApiRef = createApiRef<ProxySignInApi>({
  id: 'ksml.dev-portal.auth.outsider',
});

/** A session of a proxy sign-in provider: refreshed from the backend when near expiry. */
export class ProxySignIn
  implements ProfileInfoApi, BackstageIdentityApi, SessionApi
{
  readonly #discovery: DiscoveryApi;
  readonly #provider: string;
  #session?: {
    identity: BackstageIdentityResponse;
    profile: ProfileInfo;
    expiresAt: number;
  };

  constructor(discovery: DiscoveryApi, provider: string) {
    this.#discovery = discovery;
    this.#provider = provider;
  }

  async #refresh() {
    if (this.#session && this.#session.expiresAt > Date.now() + 60_000) {
      return this.#session;
    }
    const base = await this.#discovery.getBaseUrl('auth');
    const response = await fetch(`${base}/${this.#provider}/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!response.ok) {
      throw new Error(
        `Sign-in with ${this.#provider} failed: ${
          response.status
        } ${await response.text()}`,
      );
    }
    const body = await response.json();
    const identity = body.backstageIdentity;
    this.#session = {
      identity: {
        token: identity.token,
        identity: identity.identity,
        expiresAt: new Date(Date.now() + identity.expiresInSeconds * 1000),
      },
      profile: body.profile ?? {},
      expiresAt: Date.now() + identity.expiresInSeconds * 1000,
    };
    return this.#session;
  }

  async getBackstageIdentity(): Promise<BackstageIdentityResponse | undefined> {
    return (await this.#refresh()).identity;
  }

  async getProfile(): Promise<ProfileInfo | undefined> {
    return (await this.#refresh()).profile;
  }

  async signIn(): Promise<void> {
    await this.#refresh();
  }

  async signOut(): Promise<void> {
    this.#session = undefined;
  }

  sessionState$(): any {
    const state = () =>
      this.#session ? SessionState.SignedIn : SessionState.SignedOut;
    const observable = {
      subscribe(
        observer:
          | { next?(s: SessionState): void }
          | ((s: SessionState) => void),
      ) {
        const next = typeof observer === 'function' ? observer : observer.next;
        next?.(state());
        return { unsubscribe() {}, closed: false };
      },
      [Symbol.observable ?? '@@observable']() {
        return observable;
      },
    };
    return observable;
  }
}

/** Registers {@link outsiderAuthApiRef}. */
export const outsiderAuthApiFactory = createApiFactory({
  api: outsiderAuthApiRef,
  deps: { discoveryApi: discoveryApiRef },
  factory: ({ discoveryApi }) => new ProxySignIn(discoveryApi, 'outsider'),
});
