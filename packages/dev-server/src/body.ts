import type { IncomingMessage } from 'node:http';
import { OAuthError } from './oauthError.js';

const LIMIT = 64 * 1024;

/** A JSON object: not `null`, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw new OAuthError(413, 'invalid_request', 'request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads an `application/x-www-form-urlencoded` body (the login and register forms). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(req));
}

/** Reads a JSON object body; anything else is an `invalid_request`. */
export async function readJSONObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OAuthError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  if (!isPlainObject(value)) {
    throw new OAuthError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  return value;
}
