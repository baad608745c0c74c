/**
 * Where to send the user after login. Only a path of the app's own origin is accepted: anything that could leave
 * the origin (`//evil`, `/\evil`, `https://evil`, `javascript:`, control characters...) becomes `/`.
 */

/** Where the user lands when no `returnTo` was given or the one given was refused. */
export const DEFAULT_RETURN_TO = '/';

// C0 controls, DEL and C1 controls: browsers strip tabs and newlines from URLs, which turns `/\t/evil` into `//evil`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Returns `value` as a same-origin path (`/path?query#hash`), or `'/'` when it is anything else.
 *
 * @param value - What the caller asked for (untrusted: it may come from a query string).
 * @param origin - The app's origin, `window.location.origin` in a browser.
 *
 * @example
 * ```ts
 * safeReturnTo('/account?tab=security', 'https://app.example'); // '/account?tab=security'
 * safeReturnTo('//evil.example/', 'https://app.example');       // '/'
 * ```
 */
export function safeReturnTo(value: unknown, origin: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return DEFAULT_RETURN_TO;
  // A path, not a scheme (`javascript:`, `https:`) nor a network-path reference (`//host`, `/\host`).
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_RETURN_TO;
  if (CONTROL_CHARACTERS.test(value)) return DEFAULT_RETURN_TO;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(value, base);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (resolved.origin !== base.origin) return DEFAULT_RETURN_TO;
  // Dot segments and backslashes are normalised by the URL parser: `/.\/evil` becomes `//evil`. Check the result.
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return DEFAULT_RETURN_TO;
  return path;
}
