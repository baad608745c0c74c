import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CookieJar } from './cookieJar.js';

/** A failure of the login agent: the server showed something other than the expected form or redirect. */
export class LoginAgentError extends Error {
  readonly code = 'login_agent_error';
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'LoginAgentError';
  }
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const MAX_STEPS = 20;

function send(
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false → one connection per request, closed after it: nothing keeps the test process alive.
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const decodeEntities = (value: string): string =>
  value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The login or register form of a dev-server page (`data-fief-form`), or undefined. */
function findForm(html: string): { action: string; kind: string } | undefined {
  const match = /<form\b[^>]*\baction="([^"]*)"[^>]*\bdata-fief-form="(login|register)"/i.exec(html);
  return match ? { action: decodeEntities(match[1]!), kind: match[2]! } : undefined;
}

function describePage(answer: Answer): string {
  const alert = /role="alert">([^<]*)</.exec(answer.body)?.[1];
  if (alert) return decodeEntities(alert);
  try {
    const json = JSON.parse(answer.body) as { error?: string; error_description?: string };
    if (json.error) return `${json.error}: ${json.error_description ?? ''}`;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${answer.status}`;
}

/**
 * Drives the dev server's login pages from Node, like a browser would, with its own cookie jar. It uses
 * `node:http` (not `fetch`), so it works the same in node and DOM test environments.
 *
 * @example
 * ```ts
 * import { DEMO_USER, LoginAgent } from '@fief-spa/dev-server';
 *
 * const agent = new LoginAgent();
 * const callback = await agent.login(authorizationURL, { email: DEMO_USER.email, password: DEMO_USER.password });
 * const code = new URL(callback).searchParams.get('code');
 * ```
 */
export class LoginAgent {
  readonly #jar = new CookieJar();

  /**
   * Opens the authorization URL, fills the login (or register) form with these credentials (or, when the
   * session cookie already signs the user in, just follows), and resolves with the final redirect URL to the
   * client (the callback URL with code & state, or with error=...).
   */
  async login(authorizationURL: string, credentials?: { email: string; password: string }): Promise<string> {
    const serverOrigin = new URL(authorizationURL).origin;
    let answer = await this.#walk(new URL(authorizationURL), serverOrigin);
    if (typeof answer === 'string') return answer;

    const form = findForm(answer.page.body);
    if (!form)
      throw new LoginAgentError(
        `no login form: ${describePage(answer.page)}`,
        answer.page.status,
        answer.page.body,
      );
    if (!credentials) {
      throw new LoginAgentError('the server asks for credentials and none were given', answer.page.status);
    }
    const action = new URL(form.action, answer.url);
    const body = new URLSearchParams({ email: credentials.email, password: credentials.password }).toString();
    const posted = await this.#request(action, 'POST', body);
    answer = await this.#continue(action, posted, serverOrigin);
    if (typeof answer === 'string') return answer;
    throw new LoginAgentError(
      `${form.kind} failed: ${describePage(answer.page)}`,
      answer.page.status,
      answer.page.body,
    );
  }

  /** Follows redirects from a URL without submitting anything and resolves with the first URL outside the server. */
  async follow(url: string): Promise<string> {
    const start = new URL(url);
    const answer = await this.#walk(start, start.origin);
    if (typeof answer === 'string') return answer;
    throw new LoginAgentError(
      `the server answered instead of redirecting: ${describePage(answer.page)}`,
      answer.page.status,
      answer.page.body,
    );
  }

  /** Forgets every cookie (a fresh browser). */
  clearCookies(): void {
    this.#jar.clear();
  }

  async #walk(url: URL, serverOrigin: string) {
    return this.#continue(url, await this.#request(url, 'GET'), serverOrigin);
  }

  /** Follows redirects; a URL outside the server ends the walk, a non-redirect answer is returned as a page. */
  async #continue(
    url: URL,
    first: Answer,
    serverOrigin: string,
  ): Promise<string | { url: URL; page: Answer }> {
    let current = url;
    let answer = first;
    for (let step = 0; step < MAX_STEPS; step++) {
      const location = answer.headers.location;
      if (answer.status < 300 || answer.status >= 400 || !location) return { url: current, page: answer };
      const next = new URL(location, current);
      if (next.origin !== serverOrigin) return next.href;
      current = next;
      answer = await this.#request(current, 'GET');
    }
    throw new LoginAgentError(`more than ${MAX_STEPS} redirects`);
  }

  async #request(url: URL, method: 'GET' | 'POST', body?: string): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = this.#jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const answer = await send(url, method, headers, body);
    const setCookie = answer.headers['set-cookie'];
    if (setCookie) this.#jar.store(url, setCookie);
    return answer;
  }
}
