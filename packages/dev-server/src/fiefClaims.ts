import type Provider from 'oidc-provider';
import type { AccessTokenInstance, JWTStructured, KoaContext } from 'oidc-provider';
import type { UserStore } from './accounts.js';

/**
 * Shapes JWT access tokens like Fief's: `aud` = [client_id], `azp`, `auth_time`, `acr`, `permissions`, and a
 * space-separated `scope` (already set by oidc-provider). `client_id` is dropped (Fief does not send it).
 * `acr`/`auth_time` come from the code or refresh token being exchanged, so a refreshed token keeps them.
 */
export function addFiefTokenClaims(users: UserStore) {
  return (ctx: KoaContext | undefined, token: AccessTokenInstance, jwt: JWTStructured): void => {
    const clientId = token.clientId ?? (jwt.payload.client_id as string | undefined);
    const source = ctx?.oidc?.entities.RefreshToken ?? ctx?.oidc?.entities.AuthorizationCode;
    const user = token.accountId ? users.findById(token.accountId) : undefined;
    delete jwt.payload.client_id;
    Object.assign(jwt.payload, {
      aud: clientId ? [clientId] : jwt.payload.aud,
      azp: clientId,
      auth_time: source?.authTime,
      acr: source?.acr ?? '0',
      permissions: user ? [...user.permissions] : [],
    });
  };
}

/**
 * oidc-provider's code flow never puts `azp`, `at_hash` or `c_hash` in the ID token, and has no option for it.
 * Fief does, so extend `IdToken#issue`: it hashes `at_hash`/`c_hash` itself when given the raw values
 * (OIDC Core 3.3.2.11), so we hand it the access token we just issued and the code being exchanged.
 */
export function patchIdTokenClaims(provider: Provider): void {
  const issuedAccessTokens = new WeakMap<AccessTokenInstance, string>();

  const accessTokenProto = provider.AccessToken.prototype;
  const save = accessTokenProto.save;
  accessTokenProto.save = async function (this: AccessTokenInstance) {
    const value = await save.call(this);
    issuedAccessTokens.set(this, value);
    return value;
  };

  const idTokenProto = provider.IdToken.prototype;
  const issue = idTokenProto.issue;
  idTokenProto.issue = async function (this: typeof idTokenProto, options) {
    const oidc = this.ctx?.oidc;
    if (options?.use === 'idtoken' && oidc) {
      this.set('azp', this.client.clientId);
      const accessToken = oidc.entities.AccessToken && issuedAccessTokens.get(oidc.entities.AccessToken);
      if (accessToken) this.set('at_hash', accessToken);
      const { grant_type: grantType, code } = oidc.params ?? {};
      if (grantType === 'authorization_code' && typeof code === 'string') this.set('c_hash', code);
    }
    return issue.call(this, options);
  };
}
