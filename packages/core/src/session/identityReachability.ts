/**
 * Whether Fief answers at all, asked just before the page leaves for it (login, logout). With the discovery document
 * cached, building those URLs asks Fief nothing: without this check, a Fief that is down only shows up as the
 * browser's "This site can't be reached" page, instead of a sentence in the app. Part of the session's chunk: the
 * engine loads it when it starts, long before a click (a login right at the start checks after that load).
 */
import { FiefError } from '../protocol/errors.js';

/** How long Fief has to answer. A refused connection or an unknown host fails at once; this bounds a silent one. */
export const REACHABILITY_TIMEOUT_MS = 5_000;

/**
 * Sends one cheap request to Fief (a `GET` of its discovery document) and resolves with `null` once any answer
 * came, whatever its status: the answer is opaque (`no-cors`), and that it came at all is what is asked. Resolves
 * with a {@link FiefError} of code `ERR_FIEF_UNREACHABLE` on a network error or no answer within `timeoutMs`.
 * Never rejects, so that an error found beside it (discovery's) stays the one reported.
 *
 * @example
 * ```ts
 * const unreachable = await probeReachability('https://example.fief.dev');
 * if (unreachable !== null) throw unreachable;
 * ```
 */
export async function probeReachability(
  baseURL: string,
  timeoutMs = REACHABILITY_TIMEOUT_MS,
): Promise<FiefError | null> {
  // `AbortSignal.timeout` is missing before Safari 16, a browser the engine's fallbacks otherwise serve.
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('no answer in time', 'TimeoutError')),
    timeoutMs,
  );
  try {
    await fetch(`${baseURL}/.well-known/openid-configuration`, {
      // No cookie sent, no CORS needed, no copy from the HTTP cache (it would say nothing about now). Redirects
      // stay `follow`: Fetch turns a cross-origin `no-cors` request with any other redirect mode into a network
      // error. Nothing of the answer is read.
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: timeout.signal,
    });
    return null;
  } catch (cause) {
    return new FiefError(
      `expected Fief at ${baseURL} to answer, but it could not be reached`,
      'ERR_FIEF_UNREACHABLE',
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
}
