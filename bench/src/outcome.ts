/** A measurement of one library, or why it could not be made. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };
