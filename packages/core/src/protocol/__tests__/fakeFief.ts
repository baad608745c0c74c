/**
 * A hand-made token server for the negative suite: the one place a fake is right, because the real server will
 * not forge tokens. It serves discovery, a mutable JWKS and a token endpoint whose answer each test chooses.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { vi } from 'vitest';

export const CLIENT_ID = 'client-under-test';
/** Where the fake serves its JWKS (to count key-set requests). */
export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * A clock for tests of time-dependent validation: `at(ms)` sets `Date.now()` to `ms` past this call (undone by
 * `vi.restoreAllMocks()`); tokens signed afterwards are signed at the moved present.
 */
export function movableClock(): (ms: number) => void {
  const start = Date.now();
  return (ms) => {
    vi.spyOn(Date, 'now').mockReturnValue(start + ms);
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status?: number;
  contentType?: string;
  /** More response headers (`location` of a redirect). */
  headers?: Record<string, string>;
  body: string;
  /** Sends this many bytes of `body`, then stalls: the rest never comes (a stalled link). */
  stallAfter?: number;
}

export interface SigningKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJWK: JWK;
}

export async function makeKey(
  alg = 'RS256',
  kid = `key-${alg}-${Math.random().toString(36).slice(2, 8)}`,
  options: Record<string, unknown> = {},
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...options });
  const publicJWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJWK };
}

/** OIDC Core §3.1.3.6: base64url of the left half of the hash. */
export function halfHash(value: string, bits: 256 | 384 | 512 = 256): string {
  const digest = createHash(`sha${bits}`).update(value).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export class FakeFief {
  url = '';
  issuer: string | undefined;
  discoveryExtras: Record<string, unknown> = {};
  jwks: { keys: JWK[] } = { keys: [] };
  requests: RecordedRequest[] = [];
  /** Answer of the token endpoint; by default `tokens` as JSON. */
  onToken: (request: RecordedRequest) => Promise<Answer> | Answer = () => ({
    body: JSON.stringify(this.tokens),
  });
  tokens: Record<string, unknown> = {};
  /** Answer of the JWKS endpoint instead of `jwks`, when set. */
  jwksAnswer: Answer | undefined;
  /** Answers each JWKS request instead of `jwksAnswer` and `jwks`, when set: a test can hold answers and reorder them. */
  onJWKS: ((request: RecordedRequest) => Promise<Answer> | Answer) | undefined;
  /** Answer of /userinfo and /api/*. */
  onUser: (request: RecordedRequest) => Promise<Answer> | Answer = () => ({
    body: JSON.stringify({ sub: 'user-1', email: 'anne@example.com', tenant_id: 't', fields: {} }),
  });
  readonly #server = createServer((req, res) => {
    void this.#handle(req, res);
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Forget recorded requests and per-test behaviour. */
  reset(keys: SigningKey[]): void {
    this.requests = [];
    this.issuer = undefined;
    this.discoveryExtras = {};
    this.jwks = { keys: keys.map((key) => key.publicJWK) };
    this.tokens = {};
    this.jwksAnswer = undefined;
    this.onJWKS = undefined;
    this.onToken = () => ({ body: JSON.stringify(this.tokens) });
  }

  count(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer ?? this.url,
      authorization_endpoint: `${this.url}/authorize`,
      token_endpoint: `${this.url}/api/token`,
      userinfo_endpoint: `${this.url}/api/userinfo`,
      jwks_uri: `${this.url}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['plain', 'S256'],
      ...this.discoveryExtras,
    };
  }

  /** Access token claims (the ID token's, and Fief's `acr`, `scope`, `permissions`), at the (mocked) present. */
  accessClaims(): JWTPayload & Record<string, unknown> {
    return { ...this.claims(), acr: '0', scope: 'openid', permissions: [] };
  }

  /** Default ID token claims, as Fief issues them. */
  claims(overrides: JWTPayload & Record<string, unknown> = {}): JWTPayload & Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.url,
      sub: 'user-1',
      aud: [CLIENT_ID],
      azp: CLIENT_ID,
      iat: now,
      exp: now + 3600,
      email: 'anne@example.com',
      email_verified: true,
      is_active: true,
      tenant_id: 'tenant-1',
      fields: { first_name: 'Anne' },
      ...overrides,
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    let answer: Answer;
    switch (request.path) {
      case '/.well-known/openid-configuration':
        answer = { body: JSON.stringify(this.discovery()) };
        break;
      case '/.well-known/jwks.json':
        answer = (await this.onJWKS?.(request)) ?? this.jwksAnswer ?? { body: JSON.stringify(this.jwks) };
        break;
      case '/api/token':
        answer = await this.onToken(request);
        break;
      default:
        answer = await this.onUser(request);
    }
    res.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? 'application/json',
      ...answer.headers,
    });
    if (answer.stallAfter === undefined) res.end(answer.body);
    else res.write(answer.body.slice(0, answer.stallAfter));
  }
}

/** Signs `claims` with `key`; `kid: null` leaves the kid out of the header. */
export async function sign(
  claims: JWTPayload,
  key: SigningKey,
  header: { kid?: string | null; alg?: string; typ?: string } = {},
): Promise<string> {
  const kid = header.kid === undefined ? key.kid : header.kid;
  const typ = header.typ === undefined ? {} : { typ: header.typ };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: header.alg ?? key.alg, ...(kid === null ? {} : { kid }), ...typ })
    .sign(key.privateKey);
}

/** An unsigned token (`alg: none`). */
export function unsigned(claims: JWTPayload, kid?: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', ...(kid ? { kid } : {}) })}.${encode(claims)}.`;
}
