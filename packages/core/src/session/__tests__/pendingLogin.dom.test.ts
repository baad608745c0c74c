import { describe, expect, it } from 'vitest';
import { hasCallbackParams, parseCallbackParams, removeCallbackParams } from '../callbackParams.js';
import { prunePendingLogins, savePendingLogin } from '../loginRedirect.js';
import {
  PENDING_LOGIN_MAX_AGE_MS,
  type PendingLogin,
  pendingLoginKey,
  takePendingLogin,
} from '../pendingLogin.js';
import { MemoryStorage } from '../storage.js';

const NOW = 1_800_000_000_000;

function pending(state: string, overrides: Partial<PendingLogin> = {}): PendingLogin {
  return {
    state,
    codeVerifier: 'v'.repeat(43),
    nonce: 'nonce-value',
    redirectURI: 'http://127.0.0.1:5173/callback',
    returnTo: '/',
    createdAt: NOW,
    discovery: { issuer: 'http://127.0.0.1:8000' },
    issuer: 'http://127.0.0.1:8000',
    clientId: 'spa',
    acrValues: null,
    maxAge: null,
    ...overrides,
  };
}

describe('pending login', () => {
  it('is kept under its state, several at once, and can be taken once', () => {
    const storage = new MemoryStorage();
    const a = pending('state-aaaaaaaa');
    const b = pending('state-bbbbbbbb');
    expect(savePendingLogin(storage, a)).toBe(true);
    expect(savePendingLogin(storage, b)).toBe(true);

    expect(takePendingLogin(storage, a.state, NOW)).toEqual(a);
    expect(takePendingLogin(storage, a.state, NOW)).toBeNull();
    expect(takePendingLogin(storage, b.state, NOW)).toEqual(b);
  });

  it('is refused when too old, tampered, or looked up with another state', () => {
    const storage = new MemoryStorage();
    savePendingLogin(storage, pending('state-oldoldold'));
    expect(takePendingLogin(storage, 'state-oldoldold', NOW + PENDING_LOGIN_MAX_AGE_MS + 1)).toBeNull();

    storage.setItem(
      pendingLoginKey('state-cccccccc'),
      JSON.stringify({ v: 1, pending: pending('state-dddddddd') }),
    );
    expect(takePendingLogin(storage, 'state-cccccccc', NOW)).toBeNull();
    expect(storage.getItem(pendingLoginKey('state-cccccccc'))).toBeNull();

    storage.setItem(pendingLoginKey('state-eeeeeeee'), '{"v":1,"pending":{"state":"state-eeeeeeee"}}');
    expect(takePendingLogin(storage, 'state-eeeeeeee', NOW)).toBeNull();

    expect(takePendingLogin(storage, '../../etc', NOW)).toBeNull();
  });

  it('is refused when its start time is not a time we write (negative, fractional, a string, huge)', () => {
    const storage = new MemoryStorage();
    // A clock at the epoch: a start time before it is within the age limit, and must still be refused.
    for (const createdAt of [-1, -0.5, 0.5, '0', 2 ** 53, Number.NaN]) {
      const record = { ...pending('state-ffffffff'), createdAt };
      storage.setItem(pendingLoginKey('state-ffffffff'), JSON.stringify({ v: 1, pending: record }));
      expect(takePendingLogin(storage, 'state-ffffffff', 0), String(createdAt)).toBeNull();
    }
    savePendingLogin(storage, pending('state-ffffffff', { createdAt: 0 }));
    expect(takePendingLogin(storage, 'state-ffffffff', 0)).not.toBeNull();
  });

  it('prunes stale and unreadable records, keeps fresh ones', () => {
    const storage = new MemoryStorage();
    savePendingLogin(storage, pending('state-freshfresh'));
    savePendingLogin(storage, pending('state-stalestale', { createdAt: NOW - PENDING_LOGIN_MAX_AGE_MS - 1 }));
    storage.setItem(pendingLoginKey('state-garbage1'), 'garbage');
    storage.setItem('unrelated', 'kept');

    prunePendingLogins(storage, NOW);

    expect(storage.getItem(pendingLoginKey('state-freshfresh'))).not.toBeNull();
    expect(storage.getItem(pendingLoginKey('state-stalestale'))).toBeNull();
    expect(storage.getItem(pendingLoginKey('state-garbage1'))).toBeNull();
    expect(storage.getItem('unrelated')).toBe('kept');
  });
});

describe('callback parameters', () => {
  it('reads the authorization response', () => {
    const params = parseCallbackParams('http://app/callback?code=c&state=s&iss=http%3A%2F%2Fidp');
    expect(params).toEqual({
      code: 'c',
      state: 's',
      error: undefined,
      errorDescription: undefined,
      iss: 'http://idp',
    });
  });

  it('refuses a parameter given twice (RFC 6749 §3.1), naming it and its count', () => {
    for (const [query, name] of [
      ['code=a&code=b&state=s', 'code'],
      ['code=a&state=s&state=t', 'state'],
      ['state=s&error=x&error=y', 'error'],
      ['state=s&iss=a&iss=a', 'iss'],
    ]) {
      let refusal: unknown;
      try {
        parseCallbackParams(`http://app/callback?${query}`);
      } catch (thrown) {
        refusal = thrown;
      }
      expect(refusal).toEqual(['duplicate_parameter', name, 2]);
    }
  });

  it('checks nothing of a URL without state, which has no login to finish (its duplicates are not read)', () => {
    expect(parseCallbackParams('http://app/callback?code=a&code=b&iss=a&iss=a')).toMatchObject({
      state: undefined,
    });
  });

  it('removes the response parameters and keeps the rest of the URL', () => {
    const url = 'http://app/callback?code=c&state=s&iss=i&session_state=x&keep=1#frag';
    expect(hasCallbackParams(url)).toBe(true);
    expect(removeCallbackParams(url)).toBe('http://app/callback?keep=1#frag');
    expect(hasCallbackParams('http://app/callback?keep=1')).toBe(false);
  });
});
