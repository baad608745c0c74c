// What a user relies on: a FiefRequestError's message can be shown on a page or written to a log as it is: what the
// server chose to say is cut short and escaped there (protocol/json.ts `describe()`), and kept raw only on the
// error's fields (`error`, `errorDescription`, `detail`). A security review found requestJSON putting a non-2xx
// answer's `error` / `error_description` / `detail`, and a malformed answer's `content-type`, into the message raw
// and unbounded (markup, control and direction-override characters, 200 KB).
import { describe, expect, it } from 'vitest';
import { FiefRequestError } from '../errors.js';
import { requestJSON } from '../http.js';

const hostile = `<img src=x onerror=alert(1)>\u202e${'A'.repeat(200_000)}`;

async function requestError(response: Response): Promise<FiefRequestError> {
  const fetchFn = (async () => response) as typeof fetch;
  const error = await requestJSON({ fetch: fetchFn }, 'https://fief.example.test/token', {
    method: 'POST',
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FiefRequestError);
  return error as FiefRequestError;
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function expectSafe(message: string): void {
  expect(message.length).toBeLessThan(1_000);
  expect(message).not.toMatch(/[<>&\u202e]/);
}

describe('requestJSON error messages', () => {
  it('bounds and escapes the server error text in the message, and keeps it raw on the fields', async () => {
    const error = await requestError(json({ error: 'invalid_grant', error_description: hostile }, 400));
    expectSafe(error.message);
    expect(error.message).toContain('invalid_grant');
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant', errorDescription: hostile });
  });

  it('bounds and escapes a hostile error code and a Fief detail', async () => {
    expectSafe((await requestError(json({ error: hostile }, 400))).message);
    const detail = await requestError(json({ detail: hostile }, 403));
    expectSafe(detail.message);
    expect(detail).toMatchObject({ status: 403, error: hostile, detail: hostile });
  });

  it('bounds and escapes the content type of a malformed answer', async () => {
    const contentType = `text/html<script>${'x'.repeat(10_000)}`;
    const error = await requestError(new Response('<html>', { headers: { 'Content-Type': contentType } }));
    expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
    expectSafe(error.message);
    expect(error.message).toContain('text/html');
  });
});
