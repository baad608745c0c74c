/**
 * The contract of the app's own API, `GET /api/whoami` (served by `server/whoamiApi.ts`): its path, and the
 * shape of its 200 answer with the parser the browser reads it through.
 */

/** The API's one endpoint. */
export const WHOAMI_PATH = '/api/whoami';

/** Who the access token says the caller is, and what it grants, as the API validated it. */
export interface Whoami {
  sub: string;
  scope: string[];
  acr: string;
  permissions: string[];
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The {@link Whoami} in `body`; `null` when `body` is not one (another server answered, say). */
export function parseWhoami(body: unknown): Whoami | null {
  if (typeof body !== 'object' || body === null) return null;
  const { sub, scope, acr, permissions } = body as Record<string, unknown>;
  if (
    typeof sub !== 'string' ||
    typeof acr !== 'string' ||
    !isStringArray(scope) ||
    !isStringArray(permissions)
  ) {
    return null;
  }
  return { sub, scope, acr, permissions };
}
