/**
 * The origins `createAuthFetch` sends the access token to: exact origins, or `scheme://*.domain[:port]`, whose `*`
 * stands for exactly one DNS label (as in a TLS certificate: not the bare domain, not two labels).
 */

/**
 * Parses `origins` once; throws a `TypeError` naming the first entry that is not an origin.
 *
 * @example
 * ```ts
 * const allowed = originMatcher(['https://api.example.com', 'https://*.example.net']);
 * allowed(new URL('https://eu.example.net/v1')); // true
 * allowed(new URL('https://a.b.example.net/v1')); // false: two labels
 * ```
 */
export function originMatcher(origins: readonly string[]): (url: URL) => boolean {
  const exact = new Set<string>();
  const wildcards: { protocol: string; suffix: string; port: string }[] = [];
  for (const entry of origins) {
    const wildcard = entry.startsWith('https://*.') || entry.startsWith('http://*.');
    // Parse with a placeholder label: the URL parser then normalises case, default ports and IDNs for us.
    const url = parseOrigin(wildcard ? entry.replace('*', 'wildcard-label') : entry);
    if (url === null || url.href !== `${url.origin}/` || entry.indexOf('*', wildcard ? 9 : 0) !== -1) {
      throw new TypeError(
        `expected an origin such as "https://api.example.com" in origins, found "${entry}"`,
      );
    }
    if (wildcard) {
      wildcards.push({
        protocol: url.protocol,
        suffix: url.hostname.slice('wildcard-label'.length),
        port: url.port,
      });
    } else exact.add(url.origin);
  }
  return (url) =>
    exact.has(url.origin) ||
    wildcards.some(
      ({ protocol, suffix, port }) =>
        url.protocol === protocol &&
        url.port === port &&
        url.hostname.endsWith(suffix) &&
        isOneLabel(url.hostname.slice(0, -suffix.length)),
    );
}

function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function isOneLabel(value: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(value);
}
