/**
 * The user API calls (`refreshUserinfo`, `updateProfile`, `changePassword`, `emailChange`, `emailVerify`) need the
 * engine to store the answer and tell the other tabs. A session chunk whose download stalls (`import()` never
 * settles, and has no timeout) left them pending for good, even with a valid access token.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FiefUserInfo } from '../../protocol/types.js';
import * as door from '../loadSessionFlows.js';
import { MemoryStorage } from '../storage.js';
import { pageWithoutChunk, stalledLoad } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

describe('a user API call on a signed-in page whose session chunk stalls', () => {
  it('rejects with ERR_FIEF_CHUNK_LOAD within a request time, and sends nothing to Fief', async () => {
    page.withoutChunk(stalledLoad);
    const fief = new StubFief();
    const updateProfile = vi.fn(
      (_accessToken: string, fields: Record<string, unknown>): Promise<FiefUserInfo> =>
        Promise.resolve({ ...fief.claims(), fields }),
    );
    const t = tab(
      Object.assign(fief, { updateProfile }),
      new InTestTabs(),
      fief.session(),
      new MemoryStorage(),
    );
    t.auth.start();
    expect(t.auth.getSnapshot().status).toBe('authenticated');
    let outcome: unknown = 'pending';
    void t.auth.updateProfile({ first_name: 'Anne' }).then(
      () => {
        outcome = 'resolved';
      },
      (error: { code?: string }) => {
        outcome = error.code;
      },
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(outcome).toBe('ERR_FIEF_CHUNK_LOAD');
    expect(updateProfile).not.toHaveBeenCalled();
    expect(t.auth.getSnapshot().status).toBe('authenticated');
    t.auth.dispose();
  });
});
