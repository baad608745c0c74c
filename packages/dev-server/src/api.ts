import type { IncomingMessage } from 'node:http';
import type { KoaContext, Middleware } from 'oidc-provider';
import { DuplicateEmailError, type FiefUserinfo, type UserStore } from './accounts.js';
import { FiefAPIError, unauthorized, unprocessable } from './apiError.js';
import { type BearerSettings, type VerifiedAccessToken, verifyBearer } from './bearer.js';
import { isPlainObject, readJSONObject } from './body.js';
import type { EmailVerifications } from './emailVerification.js';
import { OAuthError } from './oauthError.js';

export interface ApiDeps {
  users: UserStore;
  emailVerifications: EmailVerifications;
  bearer: BearerSettings;
  logger: (line: string) => void;
}

type Handler = (ctx: KoaContext, token: VerifiedAccessToken) => Promise<FiefUserinfo>;

/** Fief's ACR rule: changing credentials needs a fresh credential login (ACR "1"): else 403 `ACR_TOO_LOW`. */
function requireFreshLogin(token: VerifiedAccessToken): void {
  if (token.acr !== '1') throw new FiefAPIError(403, 'ACR_TOO_LOW');
}

/** Fief's `APIErrorCode`s of the user API (`fief/errors.py`), answered 400 `{ "detail": code }`. */
const EMAIL_ALREADY_EXISTS = 'USER_UPDATE_EMAIL_ALREADY_EXISTS';
const INVALID_EMAIL_VERIFICATION_CODE = 'USER_UPDATE_INVALID_EMAIL_VERIFICATION_CODE';

function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw unprocessable([name], `"${name}" must be a non-empty string`, 'string_type');
  }
  return value;
}

/** The JSON object body; anything else is FastAPI's 422. */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return await readJSONObject(req);
  } catch (error) {
    if (error instanceof OAuthError && error.status === 400) {
      throw unprocessable([], 'the request body must be a JSON object', 'json_invalid');
    }
    throw error;
  }
}

/** `/api/userinfo` (GET, POST) and Fief's `/api/profile|password|email/change|email/verify`, with Bearer JWTs. */
export function apiRoutes(deps: ApiDeps): Middleware {
  const { users, emailVerifications } = deps;

  const userinfoOf = (token: VerifiedAccessToken): FiefUserinfo => {
    const info = users.userinfo(token.sub);
    if (!info?.is_active) throw unauthorized();
    return info;
  };

  const routes: Record<string, Handler> = {
    'GET /api/userinfo': async (_ctx, token) => userinfoOf(token),
    'POST /api/userinfo': async (_ctx, token) => userinfoOf(token),

    'PATCH /api/profile': async (ctx, token) => {
      userinfoOf(token);
      const body = await readBody(ctx.req);
      if (body.fields !== undefined && !isPlainObject(body.fields)) {
        throw unprocessable(['fields'], '"fields" must be an object', 'model_type');
      }
      if (body.fields) users.mergeFields(token.sub, body.fields);
      return userinfoOf(token);
    },

    'PATCH /api/password': async (ctx, token) => {
      userinfoOf(token);
      requireFreshLogin(token);
      const password = requireString(await readBody(ctx.req), 'password');
      users.setPassword(token.sub, password);
      deps.logger(`[fief-dev-server] password changed for ${userinfoOf(token).email}`);
      return userinfoOf(token);
    },

    'PATCH /api/email/change': async (ctx, token) => {
      const current = userinfoOf(token);
      requireFreshLogin(token);
      const email = requireString(await readBody(ctx.req), 'email').trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw unprocessable(['email'], 'value is not a valid email address', 'value_error');
      }
      // As Fief (`UserManager.request_verify_email`): the exact current address gets a code (it verifies it);
      // any other address a user has, this one's in another case included, is taken.
      if (email !== current.email && users.findByEmail(email))
        throw new FiefAPIError(400, EMAIL_ALREADY_EXISTS);
      const code = emailVerifications.start(token.sub, email);
      deps.logger(`[fief-dev-server] email verification code for ${current.email} -> ${email}: ${code}`);
      ctx.status = 202;
      return current;
    },

    'POST /api/email/verify': async (ctx, token) => {
      userinfoOf(token);
      requireFreshLogin(token);
      const code = requireString(await readBody(ctx.req), 'code').trim();
      const email = emailVerifications.consume(token.sub, code);
      if (!email) throw new FiefAPIError(400, INVALID_EMAIL_VERIFICATION_CODE);
      try {
        users.setVerifiedEmail(token.sub, email);
      } catch (error) {
        if (error instanceof DuplicateEmailError) throw new FiefAPIError(400, EMAIL_ALREADY_EXISTS);
        throw error;
      }
      return userinfoOf(token);
    },
  };

  const knownPaths = new Set(Object.keys(routes).map((key) => key.split(' ')[1]));

  return async (ctx, next) => {
    const handler = routes[`${ctx.method} ${ctx.path}`];
    if (!handler) {
      if (knownPaths.has(ctx.path)) throw new FiefAPIError(405, 'Method Not Allowed');
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
