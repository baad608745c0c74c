/** Authentication Context Class References used by Fief, and their order. */

/**
 * Authentication levels Fief puts in the `acr` claim. `FiefACR` is also the type `'0' | '1'`.
 *
 * - `LEVEL_ZERO` (`"0"`): the session was resumed from a cookie, no credentials were entered.
 * - `LEVEL_ONE` (`"1"`): the user has just authenticated with credentials.
 *
 * @example
 * ```ts
 * const info = await fief.validateAccessToken(accessToken, undefined, FiefACR.LEVEL_ONE);
 * const level: FiefACR = info.acr; // '0' | '1'
 * ```
 */
export const FiefACR = {
  LEVEL_ZERO: '0',
  LEVEL_ONE: '1',
} as const;

/** An authentication level: `'0'` or `'1'`. */
export type FiefACR = (typeof FiefACR)[keyof typeof FiefACR];

/** Levels from lowest to highest. */
const ORDER: readonly string[] = [FiefACR.LEVEL_ZERO, FiefACR.LEVEL_ONE];

/** True when `value` is a level Fief issues. */
export function isFiefACR(value: unknown): value is FiefACR {
  return typeof value === 'string' && ORDER.includes(value);
}

/** True when `actual` is at least `required` ("0" < "1"). */
export function acrSatisfies(actual: FiefACR, required: FiefACR): boolean {
  return ORDER.indexOf(actual) >= ORDER.indexOf(required);
}
