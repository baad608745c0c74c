/**
 * The door to the session's chunk with both its functions spied on, for `vi.mock('../loadSessionFlows.js', ...)`: a
 * test makes the chunk slow or failing (`loadSessionFlows`), or not there yet in this page (`loadedSessionFlows`
 * returning `null`, though an earlier test of the file loaded it in the module map).
 *
 * @example
 * ```ts
 * vi.mock('../loadSessionFlows.js', (original) => import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)));
 * ```
 */

import { vi } from 'vitest';

type SessionFlowsDoor = typeof import('../loadSessionFlows.js');

export async function spied(importOriginal: () => Promise<unknown>): Promise<SessionFlowsDoor> {
  const actual = (await importOriginal()) as SessionFlowsDoor;
  return {
    ...actual,
    loadSessionFlows: vi.fn(actual.loadSessionFlows),
    loadedSessionFlows: vi.fn(actual.loadedSessionFlows),
  };
}
