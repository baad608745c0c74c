import { FiefAuthCallbackError, FiefError, FiefRequestError } from '@fief-spa/core';
import { describe, expect, it } from 'vitest';
import { signOutMessage, userMessage } from '../userMessage';

const exchangeRefused = new FiefAuthCallbackError(
  'token_exchange',
  'expected to exchange the code for tokens, but it failed: grant request is invalid',
  {
    error: 'invalid_grant',
    cause: new FiefRequestError('grant request is invalid', { status: 400, error: 'invalid_grant' }),
  },
);

describe('userMessage', () => {
  it('never shows the library’s developer wording', () => {
    const errors = [
      exchangeRefused,
      new FiefAuthCallbackError(
        'issuer_mismatch',
        'expected the callback’s iss to be http://a, found http://b',
      ),
      new FiefAuthCallbackError('unknown_state', 'expected the state of a login started in this tab'),
      new FiefError(
        'expected the session another tab refreshed, but it never arrived',
        'ERR_FIEF_REFRESH_LOST',
      ),
      new FiefRequestError('no answer', { status: 0, code: 'ERR_FIEF_NETWORK' }),
      new FiefRequestError('refused', {
        status: 400,
        error: 'invalid_request',
        errorDescription: 'BAD_CODE',
      }),
      new TypeError('Failed to fetch'),
    ];
    for (const error of errors)
      expect(userMessage(error)).not.toMatch(/expected|invalid_|grant|iss\b|_CODE|fetch/);
  });

  it('says what happened, by reason and code', () => {
    expect(userMessage(exchangeRefused)).toMatch(/may have expired or been used already/);
    expect(userMessage(new FiefRequestError('x', { status: 0, code: 'ERR_FIEF_NETWORK' }))).toBe(
      'The identity server could not be reached. Check your connection and try again.',
    );
    expect(userMessage(new FiefRequestError('x', { status: 400, error: 'invalid_grant' }))).toBe(
      'Your session has expired. Please sign in again.',
    );
    const signedOut = new FiefAuthCallbackError('signed_out', 'expected to keep the new sign-in');
    expect(userMessage(signedOut)).toMatch(/^You signed out while this sign-in was finishing/);
    const clockSetBack = new FiefAuthCallbackError('clock_set_back', 'expected the clock to keep time');
    expect(userMessage(clockSetBack)).toMatch(/clock changed while this sign-in was finishing/);
  });

  it('asks for a reload when the code the library loads on demand did not load', () => {
    const chunk = new FiefError(
      'expected to load code on demand, but it failed: reload the page',
      'ERR_FIEF_CHUNK_LOAD',
    );
    expect(userMessage(chunk)).toBe(
      'This page needs to be reloaded to go on (a new version of the app, or the connection dropped).',
    );
  });

  it('says the identity server could not be reached when the check before leaving for it failed', () => {
    const unreachable = new FiefError(
      'expected Fief at http://127.0.0.1:8000 to answer, but it could not be reached',
      'ERR_FIEF_UNREACHABLE',
    );
    expect(userMessage(unreachable)).toBe(
      'The identity server could not be reached. Check your connection and try again.',
    );
    expect(signOutMessage(unreachable)).toBe(
      'You are signed out of this app. The identity server could not be reached, so your session there may ' +
        'still be open: the next sign-in on this browser may not ask for your password.',
    );
    expect(signOutMessage(new TypeError('Failed to fetch'))).toMatch(
      /^You are signed out of this app\. The identity server could not be told/,
    );
  });

  it('keeps a refused change’s own words when the server sent a sentence', () => {
    const taken = new FiefRequestError('x', {
      status: 400,
      error: 'invalid_request',
      errorDescription: 'a user with this email already exists',
    });
    expect(userMessage(taken)).toBe('A user with this email already exists.');
  });

  it('names the changes Fief refused by their code (its detail), as Fief sends no sentence', () => {
    const refused = (detail: string, status = 400) => new FiefRequestError('x', { status, error: detail });
    expect(userMessage(refused('USER_UPDATE_EMAIL_ALREADY_EXISTS'))).toBe(
      'Another account already uses this email address.',
    );
    expect(userMessage(refused('USER_UPDATE_INVALID_EMAIL_VERIFICATION_CODE'))).toMatch(
      /code is wrong or has expired/,
    );
    expect(userMessage(refused('ACR_TOO_LOW', 403))).toMatch(/sign in with your password again/);
    expect(userMessage(refused('SOMETHING_NEW'))).toBe('The identity server refused the request.');
    expect(userMessage(refused('toString'))).toBe('The identity server refused the request.');
  });
});
