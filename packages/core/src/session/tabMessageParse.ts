/**
 * Reads the messages of the other tabs (`tabSync.ts`): every message received is untrusted input, parsed, never
 * trusted for its shape. Part of the session's chunk, with the link.
 */

import { parseJSONObject } from '../protocol/json.js';
import type { HeldSignIn, SignInId, TabMessage } from './tabTypes.js';

/** Protocol marker and version of the messages (anything else on the channel is ignored). */
export const PROTOCOL = 'fief-spa/1';
const MAX_MESSAGE_LENGTH = 128 * 1024;

/**
 * Reads a message from another tab: `null` unless it is exactly a message {@link TabSync.post} sends.
 *
 * @example
 * ```ts
 * parseTabMessage('{"p":"fief-spa/1","from":"a1","kind":"query"}'); // { from: 'a1', message: { kind: 'query', holds: null } }
 * parseTabMessage({ kind: 'logout' }); // null: not ours
 * ```
 */
export function parseTabMessage(data: unknown): { from: string; message: TabMessage } | null {
  if (typeof data !== 'string' || data.length > MAX_MESSAGE_LENGTH) return null;
  const record = parseJSONObject(data);
  if (record === undefined) return null;
  if (record.p !== PROTOCOL || typeof record.from !== 'string' || record.from.length === 0) return null;
  const from = record.from;
  switch (record.kind) {
    case 'query': {
      // Without `holds` (a tab of an earlier release, or one holding no session): nothing named.
      const { holds = null } = record;
      if (holds !== null && !isHeldSignIn(holds)) return null;
      return { from, message: { kind: 'query', holds } };
    }
    case 'session':
      // The session itself is validated by the session store's parser, which knows the client.
      return 'session' in record ? { from, message: { kind: 'session', session: record.session } } : null;
    case 'spending':
      return isHeldSignIn(record.spends)
        ? { from, message: { kind: 'spending', spends: record.spends } }
        : null;
    case 'logout': {
      // Without `generation` (a tab of an earlier release): every generation of `sid`; without `ended`: any sign-in.
      const { sid, generation = null, ended = null } = record;
      if (sid !== null && typeof sid !== 'string') return null;
      if (generation !== null && typeof generation !== 'number') return null;
      if (ended !== null && !isSignInId(ended)) return null;
      return { from, message: { kind: 'logout', sid, generation, ended } };
    }
    default:
      return null;
  }
}

function isSignInId(value: unknown): value is SignInId {
  if (typeof value !== 'object' || value === null) return false;
  const { sid, createdAt } = value as Record<string, unknown>;
  return typeof sid === 'string' && Number.isFinite(createdAt);
}

/** Whether `a` and `b` name one generation of one sign-in. */
export function isSameSpend(
  a: Pick<HeldSignIn, 'sid' | 'generation'> | null | undefined,
  b: typeof a,
): boolean {
  return a != null && b != null && a.sid === b.sid && a.generation === b.generation;
}

function isHeldSignIn(value: unknown): value is HeldSignIn {
  return isSignInId(value) && Number.isSafeInteger((value as { generation?: unknown }).generation);
}
