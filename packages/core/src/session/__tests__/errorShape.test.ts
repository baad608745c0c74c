/**
 * The own properties of the request and callback errors, in order: their fields are assigned by their constructors
 * (`declare`d, so that the entry chunk holds no field list), and each is there even when undefined, as it was.
 */
import { describe, expect, it } from 'vitest';
import { FiefRequestError } from '../../protocol/errors.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';

describe('error shapes', () => {
  it('FiefRequestError has code, name, status, error, errorDescription and detail, in that order', () => {
    const error = new FiefRequestError('GET /x got no answer', {
      code: 'ERR_FIEF_NETWORK',
      status: 0,
      cause: 1,
    });
    expect(Object.keys(error)).toEqual(['code', 'name', 'status', 'error', 'errorDescription', 'detail']);
    expect(error).toMatchObject({ status: 0, error: undefined, errorDescription: undefined });
    expect(error.detail).toBe('GET /x got no answer');
  });

  it('FiefAuthCallbackError has code, name, reason, error and errorDescription, in that order', () => {
    const error = new FiefAuthCallbackError('missing_code', 'expected a code');
    expect(Object.keys(error)).toEqual(['code', 'name', 'reason', 'error', 'errorDescription']);
    expect(Object.hasOwn(error, 'error')).toBe(true);
    expect(error.reason).toBe('missing_code');
  });
});
