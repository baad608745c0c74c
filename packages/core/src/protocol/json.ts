/** Parsing of untrusted JSON: the one place where `unknown` becomes an object. */

/** A parsed JSON object (not an array, not `null`). */
export type JSONObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isJSONObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * No document of Fief's or of this library nests deeper. `JSON.parse` reads thousands of levels from a few KB, and
 * `JSON.stringify` (storing, telling the other tabs) then throws far from where the value was read.
 */
const MAX_DEPTH = 32;

const isShallow = (value: unknown, depth = MAX_DEPTH): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (depth > 0 && Object.values(value).every((item) => isShallow(item, depth - 1)));

/**
 * Parses `text` as a JSON object; `undefined` when it is not valid JSON, not an object, or nested deeper than
 * {@link MAX_DEPTH}.
 */
export function parseJSONObject(text: string): JSONObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJSONObject(value) && isShallow(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** True for an array of strings. */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Describes a value for an error message without echoing it in full (values may be attacker-chosen): its JSON, cut
 * to 64 characters, with `<`, `>`, `&` and what is not printable ASCII written as `\uXXXX`, so that no markup, control
 * or direction-override character reaches a page or a log that shows the message.
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  const short = text.length > 64 ? `${text.slice(0, 61)}...` : text;
  return short.replace(
    /[^\x20-\x7e]|[<>&]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
