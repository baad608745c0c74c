/**
 * Without shared storage, a tab whose refresh is due may ask the other tabs before it spends its refresh token, and
 * wait for their news (an answer it refused puts it behind). An engine disposed during that wait (its tab closing, its
 * provider unmounting) must not spend the token: its answer would reach no tab, as for an engine disposed before.
 */

import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('an engine disposed while it waits for the tabs before spending sends no refresh token', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const c = tab(fief, tabs, fief.session('sid-1'), null); // due at 50 s (a 60 s token, a 10 s margin)
  const odd = tabs.channel(`fief-spa/1:${NS}`); // a tab whose every answer is a later sign-in C refuses (expired)
  odd.addEventListener('message', (event) => {
    if ((JSON.parse(String(event.data)) as { kind: string }).kind !== 'query') return;
    const later = fief.session('sid-9');
    const expired = {
      ...later,
      refreshToken: null,
      tokenInfo: { ...later.tokenInfo, expires_at: Date.now() - 1_000 },
    };
    odd.postMessage(JSON.stringify({ p: 'fief-spa/1', from: 'odd', kind: 'session', session: expired }));
  });
  c.auth.start();
  await vi.advanceTimersByTimeAsync(50_200); // due: behind, it asks the tabs and waits for their news
  expect(fief.sent).toEqual([]);
  c.auth.dispose(); // its tab closes during the wait
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual([]);
  odd.close();
});
