import type { KoaContext, Middleware } from 'oidc-provider';
import { DuplicateEmailError, type FiefUserinfo, type UserStore } from './accounts.js';
import { type BearerSettings, type VerifiedAccessToken, verifyBearer } from './bearer.js';
import { readJSONObject } from './body.js';
import type { EmailVerifications } from './emailVerification.js';
import { OAuthError } from './oauthError.js';

export interface ApiDeps {
  users: UserStore;
  emailVerifications: EmailVerifications;
  bearer: BearerSettings;
  logger: (line: string) => void;
}

type Handler = (ctx: KoaContext, token: VerifiedAccessToken) => Promise<FiefUserinfo>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fief's ACR rule: changing credentials needs a fresh credential login (ACR "1"), not a resumed session. */
function requireFreshLogin(token: VerifiedAccessToken): void {
  if (token.acr !== '1') {
    throw new OAuthError(
      403,
      'insufficient_user_authentication',
      `this operation needs a fresh credential login (acr "1"); the access token has acr "${token.acr}"`,
    );
  }
}

function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OAuthError(400, 'invalid_request', `"${name}" must be a non-empty string`);
  }
  return value;
}

/** `/userinfo` (GET, POST) and Fief's `/api/profile|password|email/change|email/verify`, with Bearer JWTs. */
export function apiRoutes(deps: ApiDeps): Middleware {
  const { users, emailVerifications } = deps;

  const userinfoOf = (token: VerifiedAccessToken): FiefUserinfo => {
    const info = users.userinfo(token.sub);
    if (!info?.is_active) throw new OAuthError(401, 'invalid_token', 'the user of this token is gone');
    return info;
  };

  const routes: Record<string, Handler> = {
    'GET /userinfo': async (_ctx, token) => userinfoOf(token),
    'POST /userinfo': async (_ctx, token) => userinfoOf(token),

    'PATCH /api/profile': async (ctx, token) => {
      userinfoOf(token);
      const body = await readJSONObject(ctx.req);
      if (body.fields !== undefined && !isPlainObject(body.fields)) {
        throw new OAuthError(400, 'invalid_request', '"fields" must be an object');
      }
      if (body.fields) users.mergeFields(token.sub, body.fields);
      return userinfoOf(token);
    },

    'PATCH /api/password': async (ctx, token) => {
      userinfoOf(token);
      requireFreshLogin(token);
      const password = requireString(await readJSONObject(ctx.req), 'password');
      users.setPassword(token.sub, password);
      deps.logger(`[fief-dev-server] password changed for ${userinfoOf(token).email}`);
      return userinfoOf(token);
    },

    'PATCH /api/email/change': async (ctx, token) => {
      const current = userinfoOf(token);
      requireFreshLogin(token);
      const email = requireString(await readJSONObject(ctx.req), 'email').trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email))
        throw new OAuthError(400, 'invalid_request', '"email" is not an email');
      // As Fief: the current address is not a change (no code is sent for it).
      if (email.toLowerCase() === current.email.toLowerCase()) {
        throw new OAuthError(400, 'invalid_request', 'this is already the email of the account');
      }
      const owner = users.findByEmail(email);
      if (owner && owner.id !== token.sub) {
        throw new OAuthError(400, 'invalid_request', 'a user with this email already exists');
      }
      const code = emailVerifications.start(token.sub, email);
      deps.logger(`[fief-dev-server] email verification code for ${current.email} -> ${email}: ${code}`);
      ctx.status = 202;
      return current;
    },

    'POST /api/email/verify': async (ctx, token) => {
      userinfoOf(token);
      requireFreshLogin(token);
      const code = requireString(await readJSONObject(ctx.req), 'code').trim();
      const email = emailVerifications.consume(token.sub, code);
      if (!email) throw new OAuthError(400, 'invalid_request', 'the verification code is invalid or expired');
      try {
        users.setVerifiedEmail(token.sub, email);
      } catch (error) {
        if (error instanceof DuplicateEmailError) {
          throw new OAuthError(400, 'invalid_request', 'a user with this email already exists');
        }
        throw error;
      }
      return userinfoOf(token);
    },
  };

  const knownPaths = new Set(Object.keys(routes).map((key) => key.split(' ')[1]));

  return async (ctx, next) => {
    const handler = routes[`${ctx.method} ${ctx.path}`];
    if (!handler) {
      if (knownPaths.has(ctx.path)) {
        throw new OAuthError(405, 'invalid_request', `${ctx.method} is not allowed on ${ctx.path}`);
      }
      return next();
    }
    const token = await verifyBearer(ctx, deps.bearer);
    ctx.status = 200;
    const info = await handler(ctx, token);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'json';
    ctx.body = info;
  };
}
