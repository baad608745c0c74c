/** An OAuth client registered on the dev server. */
export interface DevClient {
  clientId: string;
  /** Required for the confidential methods, ignored for `none`. */
  clientSecret?: string;
  /** Matched exactly, as Fief does. Their origins are the origins allowed to call the server from a browser. */
  redirectURIs: string[];
  /** Defaults to `none` (a public client: PKCE S256 required) without a secret, `client_secret_basic` with one. */
  tokenEndpointAuthMethod?: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/** The public client of the example app (`examples/vite-react` on port 5173). */
export const DEMO_CLIENT: DevClient = Object.freeze({
  clientId: 'fief-spa-example',
  tokenEndpointAuthMethod: 'none',
  redirectURIs: Object.freeze([
    'http://127.0.0.1:5173/callback',
    'http://localhost:5173/callback',
    'http://127.0.0.1:5173/',
    'http://localhost:5173/',
  ]) as string[],
}) as DevClient;

/** A client with its defaults filled in. */
export interface ResolvedClient {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly redirectURIs: readonly string[];
  readonly tokenEndpointAuthMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/**
 * Told with a refused redirect URI (at login and at logout): how to register one. An app served from another port
 * than the demo client's (`vite preview` on 4173) is the usual cause.
 */
export const REGISTER_REDIRECT_URI =
  "(register it with the CLI's --redirect-uri <uri>, or in the client's redirectURIs)";

export function resolveClient(client: DevClient): ResolvedClient {
  const method = client.tokenEndpointAuthMethod ?? (client.clientSecret ? 'client_secret_basic' : 'none');
  if (method !== 'none' && !client.clientSecret) {
    throw new TypeError(`client ${client.clientId}: ${method} needs a clientSecret`);
  }
  if (client.redirectURIs.length === 0) {
    throw new TypeError(`client ${client.clientId}: at least one redirect URI is required`);
  }
  return {
    clientId: client.clientId,
    clientSecret: method === 'none' ? undefined : client.clientSecret,
    redirectURIs: [...client.redirectURIs],
    tokenEndpointAuthMethod: method,
  };
}

/** The client metadata oidc-provider expects. */
export function toClientMetadata(client: ResolvedClient): Record<string, unknown> {
  return {
    client_id: client.clientId,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    redirect_uris: [...client.redirectURIs],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

/** The browser origins allowed to call the token, userinfo and API endpoints: those of the redirect URIs. */
export function allowedOrigins(clients: readonly ResolvedClient[]): Set<string> {
  const origins = new Set<string>();
  for (const client of clients) {
    for (const uri of client.redirectURIs) {
      const origin = originOf(uri);
      if (origin && origin !== 'null') origins.add(origin);
    }
  }
  return origins;
}

/** Whether `uri` is, exactly, a redirect URI of one of the clients (the only places `/logout` goes to). */
export function isRegisteredRedirectURI(clients: readonly ResolvedClient[], uri: string): boolean {
  return clients.some((client) => client.redirectURIs.includes(uri));
}
