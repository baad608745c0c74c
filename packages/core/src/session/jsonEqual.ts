/**
 * Equality in value of what a session holds (JSON values), in the session's chunk: only the engine there replaces a
 * session's objects with copies that may be equal to them (a refresh, another tab's copy), so only it needs to know.
 */

/**
 * Structural equality of JSON values (what the session holds). An array compares as an object whose keys are its
 * indices: a JSON array has no holes, so two of one length have the same keys.
 *
 * @example
 * ```ts
 * jsonEqual({ sub: 'u', fields: { a: 1 } }, { fields: { a: 1 }, sub: 'u' }); // true
 * ```
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord);
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && jsonEqual(aRecord[key], bRecord[key]));
}
