import { createHash, randomBytes } from 'node:crypto';
import { DEMO_USER } from '../accounts.js';
import { DEMO_CLIENT } from '../clients.js';
import { LoginAgent } from '../loginAgent.js';
import { type DevServer, type DevServerOptions, startDevServer } from '../server.js';

export { DEMO_CLIENT, DEMO_USER };
export const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
export const SPA_ORIGIN = 'http://127.0.0.1:5173';

export const startQuietServer = (options: DevServerOptions = {}): Promise<DevServer> =>
  startDevServer({ logger: () => {}, ...options });

export interface PKCE {
  verifier: string;
  challenge: string;
}

export function pkce(): PKCE {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizationURL(
  server: DevServer,
  challenge: string,
  params: Record<string, string> = {},
): string {
  const url = new URL('/authorize', server.url);
  const all = {
    response_type: 'code',
    client_id: DEMO_CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid offline_access',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url.href;
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

export async function exchangeCode(
  server: DevServer,
  callbackURL: string,
  verifier: string,
): Promise<TokenSet> {
  const code = new URL(callbackURL).searchParams.get('code');
  if (!code) throw new Error(`no code in ${callbackURL}`);
  const { status, json } = await postForm(`${server.url}/api/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: DEMO_CLIENT.clientId,
    code_verifier: verifier,
  });
  if (status !== 200) throw new Error(`token request failed: ${JSON.stringify(json)}`);
  return json as unknown as TokenSet;
}

/** Logs the demo user in with a fresh agent (or the given one) and returns the tokens. */
export async function loginAndExchange(
  server: DevServer,
  options: {
    agent?: LoginAgent;
    params?: Record<string, string>;
    credentials?: { email: string; password: string };
  } = {},
): Promise<{ tokens: TokenSet; agent: LoginAgent; callback: string; nonce: string }> {
  const agent = options.agent ?? new LoginAgent();
  const { verifier, challenge } = pkce();
  const url = authorizationURL(server, challenge, options.params);
  const nonce = new URL(url).searchParams.get('nonce')!;
  const callback = await agent.login(url, options.credentials ?? DEMO_USER);
  return { tokens: await exchangeCode(server, callback, verifier), agent, callback, nonce };
}

export async function api(
  server: DevServer,
  method: string,
  path: string,
  accessToken: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
