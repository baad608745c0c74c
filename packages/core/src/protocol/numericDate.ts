/**
 * NumericDate (RFC 7519 §2), which only the token validation reads (the chunk loaded on demand): apart from
 * `json.ts`, which the entry chunk needs, so that it stays out of it.
 */

/** True for a NumericDate: a finite number of seconds. */
export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
