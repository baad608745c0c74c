/**
 * The redirects of a request carrying the access token, followed by createAuthFetch itself, hop by hop: fetch is
 * never left to follow one with the token (what it does with `Authorization` across origins varies).
 */
import { isReusableBody } from './requestBody.js';
import { checkIntegrity } from './subresourceIntegrity.js';

type Send = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** One request of a redirect chain, as sent: the one sent again when its answer refuses the token. */
export interface Hop {
  input: RequestInfo | URL;
  /** The absolute URL of `input`. */
  url: URL;
  init: RequestInit | undefined;
  /** How many redirects were followed to reach it. */
  hops: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** The Fetch standard's request-body-header names, and Content-Length: they describe a body a GET goes without. */
const BODY_HEADERS = [
  'Content-Encoding',
  'Content-Language',
  'Content-Location',
  'Content-Type',
  'Content-Length',
];
/** The Fetch standard's limit. */
const MAX_REDIRECTS = 20;

/**
 * Sends `first` with `Authorization: Bearer <token>`, and follows its redirects by hand when its redirect mode is
 * `follow`: a hop to an origin not `allowed` goes without the token (and fetch follows from there). `answered` is the
 * hop whose answer `response` is, when that hop got the token; `null` when it comes from an origin that did not.
 */
export async function sendWithToken(
  send: Send,
  allowed: (url: URL) => boolean,
  first: Hop,
  token: string,
): Promise<[response: Response, answered: Hop | null]> {
  const { input, init } = first;
  const request = input instanceof Request ? input : null;
  const redirectMode = init?.redirect ?? request?.redirect ?? 'follow';
  const byHand = redirectMode === 'follow';
  const headers = new Headers(init?.headers ?? request?.headers);
  headers.set('Authorization', `Bearer ${token}`);
  // Every hop, the first included, is the same request: the Request's own options are kept, `init` winning as in
  // fetch (a non-empty `init` alone would reset a Request's referrer and referrerPolicy).
  const options = requestOptions(request, init);
  // A hop sent with `redirect: 'manual'` carries no integrity: fetch would check it against a 3xx. It is checked
  // on the response that ends the chain instead (Fetch standard: the final response only).
  const integrity = options.integrity ?? '';
  const manualHop: RequestInit = { ...options, integrity: byHand ? '' : integrity };
  let response = await send(input, { ...manualHop, headers, redirect: byHand ? 'manual' : redirectMode });
  let url = first.url;
  const { origin } = url;
  let method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  let body = init?.body;
  let hop = first;
  let hops = first.hops;
  const final = async (response: Response): Promise<[Response, Hop]> => {
    const checked = byHand && integrity !== '' ? await checkIntegrity(response, integrity) : response;
    return [checked === response && hops === 0 ? response : asFetched(checked, response, hops > 0), hop];
  };
  for (; byHand && REDIRECT_STATUSES.has(response.status); hops += 1) {
    const location = response.headers.get('Location');
    if (location === null) return final(response);
    if (hops === MAX_REDIRECTS) throw new TypeError('expected at most 20 redirects, found more');
    // Fetch standard, HTTP-redirect fetch: a 303 after any method but GET or HEAD (and a 301/302 after a POST) goes on
    // as a GET, without the body and its headers; otherwise the method, body and headers stay.
    const seeOther = response.status === 303 && method !== 'GET' && method !== 'HEAD';
    if (seeOther || (method === 'POST' && response.status < 303)) {
      method = 'GET';
      body = undefined;
      for (const name of BODY_HEADERS) headers.delete(name);
    } else if (!isReusableBody(body) || (body === undefined && request?.body != null)) {
      return final(response); // the body cannot be sent again
    }
    const next = new URL(location, url);
    await response.body?.cancel();
    // Fetch standard (HTTP-redirect fetch, main fetch): a hop fetch would refuse is refused here too. A `data:` or
    // `blob:` answer would otherwise be handed to the app as the API's.
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new TypeError(`expected a redirect to an http(s) URL, found ${next.protocol}`);
    }
    if (options.mode === 'same-origin' && next.origin !== origin) {
      throw new TypeError(`expected a same-origin redirect (mode 'same-origin'), found ${next.origin}`);
    }
    // As fetch does (undici; the Fetch standard for Authorization): the app's credentials for one origin do not go
    // to another. Browsers never let a script set these two; Node, Deno and Bun do.
    if (next.origin !== url.origin) {
      for (const name of ['Cookie', 'Proxy-Authorization']) headers.delete(name);
    }
    url = next;
    if (!allowed(url)) headers.delete('Authorization');
    const withToken = headers.has('Authorization');
    const sent: RequestInit = { ...options, method, headers: new Headers(headers), body };
    // Without the token, fetch follows the rest of the chain itself, and checks the integrity at its end.
    response = await send(
      url.href,
      withToken ? { ...sent, integrity: '', redirect: 'manual' } : { ...sent, redirect: 'follow' },
    );
    if (!withToken) return [asFetched(response, response, true), null];
    hop = { input: url.href, url, init: sent, hops: hops + 1 };
  }
  return final(response);
}

/**
 * `response` as fetch gives it at the end of a chain, its clones too: with the URL and type of `from`, the response it
 * stands for (a checked copy has neither), and `redirected` true once a hop was followed (each hop went with
 * `redirect: 'manual'`, so no response says it).
 */
function asFetched(response: Response, from: Pick<Response, 'url' | 'type'>, redirected: boolean): Response {
  const { url, type } = from;
  const clone = response.clone.bind(response);
  return Object.defineProperties(response, {
    url: { value: url },
    type: { value: type },
    redirected: { value: redirected },
    clone: { value: () => asFetched(clone(), { url, type }, redirected) },
  });
}

/**
 * The options of each send: `init`, over the fields of a `Request` input that a redirect keeps (Fetch standard: the
 * same request goes on). Method, headers and body are set by the caller; `navigate` is not a mode a script may set
 * (`new Request(request)` makes it `same-origin`).
 */
function requestOptions(request: Request | null, init: RequestInit | undefined): RequestInit {
  const mode = init?.mode ?? request?.mode;
  return {
    ...init,
    cache: init?.cache ?? request?.cache,
    credentials: init?.credentials ?? request?.credentials,
    integrity: init?.integrity ?? request?.integrity,
    keepalive: init?.keepalive ?? request?.keepalive,
    mode: mode === 'navigate' ? 'same-origin' : mode,
    referrer: init?.referrer ?? request?.referrer,
    referrerPolicy: init?.referrerPolicy ?? request?.referrerPolicy,
    signal: init?.signal ?? request?.signal,
  };
}
