import type Provider from 'oidc-provider';
import type { AccessTokenInstance, JWTStructured, KoaContext } from 'oidc-provider';
import type { UserStore } from './accounts.js';

/**
 * Shapes JWT access tokens like Fief's: `aud` = [client_id], `azp`, `auth_time`, `acr`, `permissions`, and a
 * space-separated `scope` (already set by oidc-provider). `client_id` is dropped (Fief does not send it).
 * `auth_time` comes from the code or refresh token being exchanged; `acr` from the code, and is "0" on a refresh,
 * as Fief's token endpoint sets it (`fief/dependencies/token.py`: `"acr": ACR.LEVEL_ZERO` for `refresh_token`).
 */
/** Whether the token endpoint is answering a refresh: Fief gives its tokens ACR "0" (no credentials entered). */
const isRefresh = (ctx: KoaContext | undefined): boolean => ctx?.oidc?.params?.grant_type === 'refresh_token';

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
      acr: isRefresh(ctx) ? '0' : (source?.acr ?? '0'),
      permissions: user ? [...user.permissions] : [],
    });
  };
}

/**
 * oidc-provider's code flow never puts `azp`, `at_hash` or `c_hash` in the ID token, and has no option for it.
 * Fief does, so extend `IdToken#issue`: it hashes `at_hash`/`c_hash` itself when given the raw values
 * (OIDC Core 3.3.2.11), so we hand it the access token we just issued and the code being exchanged. A refreshed ID
 * token has ACR "0" and no nonce, as on Fief.
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
      if (grantType === 'refresh_token') {
        this.set('acr', '0');
        this.set('nonce', undefined); // Fief's refresh has no nonce (fief/dependencies/token.py); oidc-provider keeps it
      }
    }
    return issue.call(this, options);
  };
}
