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

/**
 * `init`, with the body of a `Request` input read once (a copy: the Request itself is left unread), so that it can
 * be sent again; `init` as it is when the body comes from `init` or there is none. The public API cannot tell a
 * Request made from a `ReadableStream` from one made from a string: such a Request is read whole before it is sent.
 * Rejects with fetch's `TypeError` when the Request's body was already read, and with `signal`'s reason as soon as
 * it aborts (the read is then cancelled).
 */
export async function withRequestBody(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  signal?: AbortSignal | null,
): Promise<RequestInit | undefined> {
  const fromInit = init?.body !== undefined && init.body !== null;
  if (!(input instanceof Request) || input.body === null || fromInit) return init;
  // Through a pipe that the signal cuts: an abort cancels the copy's read and errors it with the signal's reason.
  const copy = input.clone().body?.pipeThrough(new TransformStream(), { signal: signal ?? undefined });
  return { ...init, body: await new Response(copy).arrayBuffer() };
}
