/** What createAuthFetch may do with a request's body: whether it can be sent more than once. */

/**
 * Whether a body can be sent twice: a type that fetch reads afresh on each send. Anything else (a `ReadableStream`,
 * an async iterable that Node's fetch accepts with `duplex: 'half'`, whatever comes next) is spent by the first send.
 */
export function isReusableBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  );
}
