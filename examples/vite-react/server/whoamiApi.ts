/**
 * The example app's own API: `GET /api/whoami`, protected by Fief access tokens. It is what a resource server of
 * a real app does with the token the SPA sends: validate it (signature against Fief's JWKS, issuer, `aud` = the
 * client id, expiry) and answer from its claims, never trusting anything the token does not prove.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Fief, FiefAccessTokenExpired, FiefAccessTokenInvalid, FiefRequestError } from '@fief-spa/core';
import { WHOAMI_PATH, type Whoami } from '../src/whoami.ts';

/** A Node `http` / Connect middleware (what Vite's servers and Express take). */
export type WhoamiMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void>;

/** Options of {@link whoamiApi}. */
export interface WhoamiOptions {
  /**
   * How long a request waits for Fief (discovery and the key set, fetched on first use and on a key rotation) before
   * the API answers 503, in milliseconds; default 5000. The Fief client's own timeout is 30 seconds: without this
   * deadline, a Fief that hangs would hold each request that long.
   */
  fiefDeadlineMs?: number;
}

/** Rejects a validation that outlived the deadline (it goes on, and its keys serve the next requests). */
class FiefTooSlow extends Error {}

/**
 * A Node/Connect middleware answering `GET /api/whoami` with the claims of a valid bearer token, and an RFC 6750
 * challenge otherwise: a 401 with `error="invalid_token"` for a token that fails validation, a 401 with no error
 * code for a request without a token, a 400 with `error="invalid_request"` for a malformed one (RFC 6750 §3.1),
 * and a 503 when Fief could not be asked in time.
 */
export function whoamiApi(fief: Fief, { fiefDeadlineMs = 5_000 }: WhoamiOptions = {}): WhoamiMiddleware {
  return async (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== WHOAMI_PATH) return next();
    response.setHeader('Cache-Control', 'no-store');
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      return send(response, 405, { error: 'method_not_allowed' });
    }

    const credentials = bearerToken(request);
    if (credentials === 'none') {
      response.setHeader('WWW-Authenticate', 'Bearer realm="example-api"');
      return send(response, 401, {
        error: 'unauthorized',
        error_description: 'a bearer access token is required',
      });
    }
    if (credentials === 'malformed') {
      // RFC 6750 §3.1: no token to refresh, nothing a retry would change.
      response.setHeader('WWW-Authenticate', 'Bearer realm="example-api", error="invalid_request"');
      return send(response, 400, {
        error: 'invalid_request',
        error_description: 'expected one Authorization header: Bearer and one token',
      });
    }

    try {
      const info = await withDeadline(fief.validateAccessToken(credentials.token), fiefDeadlineMs);
      const body: Whoami = {
        sub: info.id,
        scope: info.scope,
        acr: info.acr,
        permissions: info.permissions,
      };
      return send(response, 200, body);
    } catch (error) {
      if (error instanceof FiefAccessTokenExpired || error instanceof FiefAccessTokenInvalid) {
        // The reason, never the token: the client learns why and asks for a fresh one.
        const description =
          error instanceof FiefAccessTokenExpired
            ? 'the access token expired'
            : 'the access token is invalid';
        response.setHeader(
          'WWW-Authenticate',
          `Bearer realm="example-api", error="invalid_token", error_description="${description}"`,
        );
        return send(response, 401, { error: 'invalid_token', error_description: description });
      }
      if (error instanceof FiefRequestError || error instanceof FiefTooSlow) {
        // Fief unreachable, slow, or its keys unreadable: not the caller's fault, and no reason to drop the session.
        response.setHeader('Retry-After', '5');
        return send(response, 503, {
          error: 'temporarily_unavailable',
          error_description: 'could not check the token with Fief',
        });
      }
      return next(error); // a bug of ours: the server's own 500, never a token accepted
    }
  };
}

/**
 * The bearer token of `request` (RFC 6750 §2.1: `Authorization: Bearer <b64token>`); `'none'` when it carries no
 * Bearer credentials (no header, another scheme: RFC 6750 §3.1 asks for a challenge without an error code),
 * `'malformed'` when its Bearer credentials are not one token.
 */
function bearerToken(request: IncomingMessage): { token: string } | 'none' | 'malformed' {
  // Node keeps the first of repeated Authorization headers: a proxy in front may have checked another one.
  const headers = request.headersDistinct.authorization ?? [];
  if (headers.length > 1) return 'malformed';
  if (headers.length === 0) return 'none';
  // RFC 7235 §2.1: the scheme is case-insensitive, and one or more spaces come before the credentials.
  const [, scheme, credentials] = /^(\S+) *(.*)$/.exec(headers[0]!) ?? [];
  if (scheme?.toLowerCase() !== 'bearer') return 'none';
  return /^[A-Za-z0-9\-._~+/]+=*$/.test(credentials ?? '') ? { token: credentials! } : 'malformed';
}

/** `validation`, or a `FiefTooSlow` rejection once `ms` have passed. */
function withDeadline<T>(validation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FiefTooSlow(`Fief did not answer in ${ms} ms`)), ms);
  });
  return Promise.race([validation, deadline]).finally(() => clearTimeout(timer));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify(body));
}
