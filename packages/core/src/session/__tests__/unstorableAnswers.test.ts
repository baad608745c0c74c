/**
 * What a tab uses is what it stores and what the other tabs adopt. A token response or user-info answer the store
 * would not read back (an expiry past any date, an empty refresh token, a mistyped claim) was used in memory, refused
 * by every other tab, and dropped from storage on the next read: a reload signed the user out, and another tab kept
 * the refresh token just spent (found by a review, stop 25). Such an answer is now refused whole, with a typed error.
 */
import { expect, it, vi } from 'vitest';
import type { FiefTokenResponse, FiefUserInfo } from '../../protocol/types.js';
import { FiefAuth } from '../fiefAuth.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

const oddAnswers: [string, (fief: StubFief) => void][] = [
  ['expires_in 1e300', (fief) => Object.assign(fief, { ttlSeconds: 1e300 })],
  ['refresh_token ""', (fief) => replaceTokens(fief, { refresh_token: '' })],
  ['email null', (fief) => replaceClaims(fief, { email: null })],
  ['fields "x"', (fief) => replaceClaims(fief, { fields: 'x' })],
  ['tenant_id 42', (fief) => replaceClaims(fief, { tenant_id: 42 })],
];

for (const [odd, answerWith] of oddAnswers) {
  it(`a refresh answered with ${odd} is refused with a typed error, in every tab, and nothing odd is stored`, async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const a = tab(fief, tabs, fief.session(), null);
    const b = tab(fief, tabs, null, null);
    a.auth.start();
    b.auth.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.auth.getSnapshot().tokenInfo?.access_token).toBe('at-1');
    answerWith(fief);
    const token = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(2_000);
    // Fief answered 2xx: rt-1 is spent, and the new tokens cannot be kept. The sign-in ends, in every tab.
    await expect(token).resolves.toBeNull();
    expect(a.auth.getSnapshot().error?.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
    expect(b.auth.getSnapshot().tokenInfo).toBeNull();
    const reloaded = new FiefAuth(fief.asFief(), { storage: a.storage, navigate: () => {} });
    expect(reloaded.getSnapshot().tokenInfo).toBeNull();
    expect(fief.sent).toEqual(['rt-1']);
  });
}

it('a user-info answer with a mistyped claim is refused with a typed error; the session stays as it was', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const a = tab(fief, tabs, fief.session(), null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  const before = a.auth.getSnapshot();
  Object.assign(fief, { userinfo: async () => ({ ...fief.claims(), email: null }) });
  await expect(a.auth.refreshUserinfo()).rejects.toMatchObject({ code: 'ERR_FIEF_RESPONSE_MALFORMED' });
  expect(a.auth.getSnapshot().userinfo).toBe(before.userinfo);
  const reloaded = new FiefAuth(fief.asFief(), { storage: a.storage, navigate: () => {} });
  expect(reloaded.getSnapshot().userinfo).toEqual(before.userinfo);
});

function replaceTokens(fief: StubFief, odd: Partial<FiefTokenResponse>): void {
  const issue = fief.issue.bind(fief);
  fief.issue = () => ({ ...issue(), ...odd });
}

function replaceClaims(fief: StubFief, odd: Record<string, unknown>): void {
  const claims = fief.claims.bind(fief);
  fief.claims = () => ({ ...claims(), ...odd }) as FiefUserInfo;
}
