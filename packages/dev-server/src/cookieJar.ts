/** A minimal cookie jar for one agent: cookies per origin (host and port), by name; expiry honoured. */
export class CookieJar {
  readonly #byOrigin = new Map<string, Map<string, { value: string; expiresAt: number | undefined }>>();

  /** Stores the `Set-Cookie` headers of a response from `url`. */
  store(url: URL, setCookie: readonly string[]): void {
    let cookies = this.#byOrigin.get(url.origin);
    if (!cookies) {
      cookies = new Map();
      this.#byOrigin.set(url.origin, cookies);
    }
    for (const header of setCookie) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expiresAt: number | undefined;
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attrValue = rest.join('=').trim();
        if (key.trim().toLowerCase() === 'max-age') expiresAt = Date.now() + Number(attrValue) * 1000;
        else if (key.trim().toLowerCase() === 'expires' && expiresAt === undefined) {
          expiresAt = Date.parse(attrValue);
        }
      }
      if (value === '' || (expiresAt !== undefined && expiresAt <= Date.now())) cookies.delete(name);
      else cookies.set(name, { value, expiresAt });
    }
  }

  /** The `Cookie` header for a request to `url`, or undefined. */
  header(url: URL): string | undefined {
    const cookies = this.#byOrigin.get(url.origin);
    if (!cookies) return undefined;
    const now = Date.now();
    const pairs: string[] = [];
    for (const [name, cookie] of cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) cookies.delete(name);
      else pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length ? pairs.join('; ') : undefined;
  }

  clear(): void {
    this.#byOrigin.clear();
  }
}
