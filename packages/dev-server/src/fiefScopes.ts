import type { GrantInstance, KoaContext } from 'oidc-provider';

/** The scopes oidc-provider knows: OIDC's own. */
export const STATIC_SCOPES = 'openid offline_access';

/** The union of space-separated scope strings (anything not a string is skipped), in first-seen order. */
export function unionOfScopes(...values: unknown[]): string {
  const scopes = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const scope of value.split(' ')) if (scope !== '') scopes.add(scope);
  }
  return [...scopes].join(' ');
}

/**
 * The scopes of the request being answered: asked for at `/authorize` or on a refresh, or carried by the code or
 * refresh token being exchanged. Fief grants any scope an app asks for (`get_authorize_scope` in
 * `fief/dependencies/auth.py` only requires `openid`) and puts them all in the access token's `scope`; oidc-provider
 * would drop the ones it does not know, so the resource server and the grants are given these.
 */
export function scopesOfRequest(ctx: KoaContext): string {
  const { params, entities } = ctx.oidc ?? { entities: {} };
  return unionOfScopes(
    STATIC_SCOPES,
    params?.scope,
    entities.AuthorizationCode?.scope,
    entities.RefreshToken?.scope,
  );
}

/** Grants `scope` on `resource` (a first-party client never asks for consent on Fief). */
export function grantScopes(grant: GrantInstance, resource: string, scope: unknown): void {
  grant.addOIDCScope(STATIC_SCOPES);
  grant.addResourceScope(resource, unionOfScopes(STATIC_SCOPES, scope));
}

/**
 * oidc-provider's `loadExistingGrant`, which also grants the scopes this authorization request asks for: a resumed
 * session (`prompt=none` included) with a new scope gets it, as on Fief, instead of `consent_required`.
 */
export function loadGrantWithRequestedScopes(resource: string) {
  return async (ctx: KoaContext): Promise<GrantInstance | undefined> => {
    const oidc = ctx.oidc;
    const clientId = oidc?.client?.clientId;
    if (!oidc || !clientId) return undefined;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor?.(clientId);
    const grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if (!grant || grant.accountId !== oidc.session?.accountId) return grant;
    grantScopes(grant, resource, oidc.params?.scope);
    await grant.save();
    return grant;
  };
}
