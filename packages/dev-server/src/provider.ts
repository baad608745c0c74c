import Provider, { type ClientInstance, interactionPolicy, type KoaContext } from 'oidc-provider';
import type { UserStore } from './accounts.js';
import { REGISTER_REDIRECT_URI, type ResolvedClient, toClientMetadata } from './clients.js';
import { addFiefTokenClaims, patchIdTokenClaims } from './fiefClaims.js';
import { loadGrantWithRequestedScopes, STATIC_SCOPES, scopesOfRequest } from './fiefScopes.js';
import type { SigningKeys } from './keys.js';
import { createMemoryAdapter } from './memoryAdapter.js';

export interface ProviderSettings {
  issuer: string;
  clients: readonly ResolvedClient[];
  users: UserStore;
  keys: SigningKeys;
  allowedOrigins: ReadonlySet<string>;
  accessTokenTTL: number;
  idTokenTTL: number;
  refreshTokenTTL: number;
  logger: (line: string) => void;
}

/** The claims Fief puts in ID tokens and at `/userinfo` (plus `acr`/`auth_time`, dropped unless listed). */
const FIEF_CLAIMS = [
  'sub',
  'email',
  'email_verified',
  'is_active',
  'tenant_id',
  'fields',
  'acr',
  'auth_time',
];

/**
 * The single resource server of the dev server: every access token is a JWT for it. The URI is internal;
 * `aud` is rewritten to `[client_id]` as Fief does (see fiefClaims.ts).
 */
export const resourceIndicator = (issuer: string): string => `${issuer}/api`;

/** Fief's `acr_values=1` asks for a fresh credential login: a session resumed with ACR "0" must log in again. */
function loginPolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.push(
    new interactionPolicy.Check('acr_values', 'a credential login is required (acr_values=1)', (ctx) => {
      const requested = ctx.oidc.params?.acr_values;
      if (typeof requested !== 'string' || !requested.split(' ').includes('1')) {
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      }
      return ctx.oidc.acr === '1'
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

/**
 * oidc-provider drops `offline_access` from the request when a `prompt` other than `consent` is present
 * (OIDC Core 11); Fief issues a refresh token whenever `offline_access` is asked for. Restore it. This runs
 * as the validator of an extra parameter because that hook runs right after oidc-provider's scope check.
 */
async function restoreOfflineAccess(ctx: KoaContext): Promise<void> {
  const oidc = ctx.oidc;
  if (!oidc?.params || !oidc.client?.grantTypeAllowed('refresh_token')) return;
  const raw = (ctx.method === 'POST' ? oidc.body?.scope : ctx.query.scope) ?? '';
  const requested = typeof raw === 'string' ? raw.split(' ') : [];
  const current = typeof oidc.params.scope === 'string' ? oidc.params.scope.split(' ') : [];
  if (requested.includes('offline_access') && !current.includes('offline_access')) {
    oidc.params.scope = [...current, 'offline_access'].join(' ');
  }
}

export function createProvider(settings: ProviderSettings): Provider {
  const { issuer, users, keys } = settings;
  const resource = resourceIndicator(issuer);

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients: settings.clients.map(toClientMetadata),
    jwks: { keys: [keys.privateJWK] },
    cookies: { keys: keys.cookieKeys },
    routes: {
      authorization: '/authorize',
      token: '/api/token',
      jwks: '/.well-known/jwks.json',
      userinfo: '/api/userinfo',
    },
    scopes: STATIC_SCOPES.split(' '),
    loadExistingGrant: loadGrantWithRequestedScopes(resource),
    claims: { openid: FIEF_CLAIMS },
    acrValues: ['0', '1'],
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    pkce: { required: (_ctx: KoaContext, client: ClientInstance) => client.clientAuthMethod === 'none' },
    allowOmittingSingleRegisteredRedirectUri: false,
    conformIdTokenClaims: false,
    extraParams: { lang: null, screen: null, fief_offline_access: restoreOfflineAccess },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      // Fief has neither: keep discovery and behaviour alike.
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx: KoaContext, _indicator: string, client: ClientInstance) => ({
          scope: scopesOfRequest(ctx),
          audience: client.clientId,
          accessTokenFormat: 'jwt',
          accessTokenTTL: settings.accessTokenTTL,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    interactions: {
      policy: loginPolicy(),
      url: (_ctx: KoaContext, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: KoaContext, sub: string) => {
      const info = users.userinfo(sub);
      if (!info) return undefined;
      return { accountId: sub, claims: () => ({ ...info }) };
    },
    issueRefreshToken: (_ctx: KoaContext, client: ClientInstance, source: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && source.scopes.has('offline_access'),
    // Fief keeps refresh tokens valid after /logout; so must we.
    expiresWithSession: () => false,
    rotateRefreshToken: true,
    clientBasedCORS: (_ctx: KoaContext, origin: string) => settings.allowedOrigins.has(origin),
    ttl: {
      AccessToken: settings.accessTokenTTL,
      IdToken: settings.idTokenTTL,
      RefreshToken: settings.refreshTokenTTL,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: Math.max(settings.refreshTokenTTL, 14 * 24 * 3600),
    },
    formats: { customizers: { jwt: addFiefTokenClaims(users) } },
    renderError: (ctx: KoaContext, out: { error: string; error_description?: string }) => {
      ctx.type = 'json';
      const description = out.error_description ?? out.error;
      ctx.body = {
        error: out.error,
        // An app on another port than the demo client's is the usual cause: say how to register its URI.
        error_description:
          out.error === 'invalid_redirect_uri' ? `${description} ${REGISTER_REDIRECT_URI}` : description,
      };
    },
  });

  patchIdTokenClaims(provider);

  // A resumed session is "0"; only the login that just happened in this authorization request is "1".
  provider.on('authorization.success', (ctx: KoaContext) => {
    if (ctx.oidc?.session) ctx.oidc.session.acr = '0';
  });
  provider.on('server_error', (_ctx: KoaContext, error: Error) => {
    settings.logger(`[fief-dev-server] internal error: ${error.message}`);
  });

  return provider;
}
