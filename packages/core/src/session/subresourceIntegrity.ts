/**
 * Subresource Integrity (W3C SRI, "Do bytes match metadataList") for the final response of the redirects that
 * createAuthFetch follows by hand. Those hops go to fetch with `redirect: 'manual'` and no integrity: fetch would
 * check it against each 3xx (Node) or fail the opaque redirect (browsers), not against the response that ends the
 * chain. The check is made here instead, on that response, as fetch makes it: the body is read whole first.
 */
import { encodeBase64url } from '../protocol/base64url.js';

/** The hash algorithms SRI knows, weakest first, with their WebCrypto names. */
const ALGORITHMS = new Map([
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
]);
const STRENGTH = [...ALGORITHMS.keys()];

/** Statuses whose response may not have a body (Fetch standard, null body status). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The metadata's hashes of known algorithms: `alg-value[?options]`, the value as unpadded base64url. */
function parseMetadata(metadata: string): { algorithm: string; value: string }[] {
  const hashes: { algorithm: string; value: string }[] = [];
  for (const item of metadata.split(/[\t\n\f\r ]+/)) {
    const hash = item.split('?')[0] ?? '';
    const dash = hash.indexOf('-');
    const algorithm = hash.slice(0, dash).toLowerCase();
    if (dash < 0 || !ALGORITHMS.has(algorithm)) continue; // SRI: an unknown algorithm is ignored
    const value = hash
      .slice(dash + 1)
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    hashes.push({ algorithm, value });
  }
  return hashes;
}

/**
 * Resolves with `response` when its body matches `metadata` (the body read, in a copy with the same status and
 * headers: a `Response` cannot be built with a URL or a type, the caller gives them back), or as it is when
 * `metadata` names no known algorithm; rejects with a `TypeError`, as fetch does, when it does not match or there is
 * no body to check.
 */
export async function checkIntegrity(response: Response, metadata: string): Promise<Response> {
  const hashes = parseMetadata(metadata);
  if (hashes.length === 0) return response;
  if (response.body === null) {
    throw new TypeError('expected a response body to check against the request’s integrity, found none');
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined)
    throw new TypeError('expected WebCrypto to check the request’s integrity, found none');
  const bytes = new Uint8Array(await response.arrayBuffer());
  // SRI: only the strongest algorithm listed counts.
  const strongest = STRENGTH.filter((name) => hashes.some((hash) => hash.algorithm === name)).at(-1) ?? '';
  const digest = encodeBase64url(new Uint8Array(await subtle.digest(ALGORITHMS.get(strongest) ?? '', bytes)));
  if (!hashes.some((hash) => hash.algorithm === strongest && hash.value === digest)) {
    throw new TypeError(`expected the response to match the request’s integrity (${strongest}), it does not`);
  }
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
