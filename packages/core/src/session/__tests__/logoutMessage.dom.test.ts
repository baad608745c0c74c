/**
 * A sign-out from another tab names the sign-in it ended; whether it ends this tab's depends on that sign-in only,
 * never on the clocks of the tabs (review finding: a sender whose clock went back, or a forged time, made a live
 * sign-out be ignored).
 */

import { describe, expect, it } from 'vitest';
import { namespaceOf, sleep, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness({ accessTokenTTL: 60, refreshMarginSeconds: 1 });

/** Posts a full sign-out from another tab, as `TabSync` sends it, naming the sign-in `ended`. */
async function signOutFromAnotherTab(ended: unknown): Promise<void> {
  const channel = harness.tabs.channel(`fief-spa/1:${namespaceOf(harness.server)}`);
  // `at`: the sender's clock, 10 minutes behind (corrected backwards after the sign-in): it must not matter.
  const at = Date.now() - 600_000;
  channel.postMessage(
    JSON.stringify({ p: 'fief-spa/1', from: 'x', kind: 'logout', sid: null, generation: null, ended, at }),
  );
  await sleep(200);
  channel.close();
}

describe('a sign-out from another tab', () => {
  it('ends the sign-in it names, whatever the clock of the tab that sent it', async () => {
    const a = await harness.signedInTab();
    const session = JSON.parse(a.storage.getItem(a.storage.key(0) ?? '') ?? '{}').session;
    await signOutFromAnotherTab({ sid: session.sid, createdAt: session.createdAt });
    expect(a.auth.getSnapshot().status).toBe('anonymous');
  });

  it('ends an earlier sign-in (this tab missed the later one), and any sign-in when it names none', async () => {
    const a = await harness.signedInTab();
    await signOutFromAnotherTab({ sid: 'a-later-sign-in', createdAt: Date.now() + 1_000 });
    expect(a.auth.getSnapshot().status).toBe('anonymous');
    const b = await harness.signedInTab();
    await signOutFromAnotherTab(null);
    expect(b.auth.getSnapshot().status).toBe('anonymous');
  });

  it('keeps a sign-in created after the one it ended (the sign-out waited for its link)', async () => {
    const a = await harness.signedInTab();
    await signOutFromAnotherTab({ sid: 'an-earlier-sign-in', createdAt: 0 });
    expect(a.auth.getSnapshot().status).toBe('authenticated');
  });
});
