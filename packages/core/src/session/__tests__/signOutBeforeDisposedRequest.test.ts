/**
 * A disposed engine asked for a token (a loader, an `authFetch` 401) hears the tabs from the call on, not only once its
 * token request leaves: before, it was deaf while it waited for its validation code (a chunk over the network, up to
 * 30 s), for the lock and for discovery. Without shared storage (no logout mark), a sign-out in another tab meanwhile
 * was missed: the engine spent the ended sign-in's refresh token and handed out its token (asking the tabs just
 * before sending does not help: a signed-out tab answers nothing). Found by a review, h37 finding 2.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { newTabStatus, type StubFief, twoTabs } from './stubFiefKit.js';

useModelClock();

/** What disposed A waits for before it sends, held back until the test lets it go. */
const waits = {
  'its validation code': (fief: StubFief, until: Promise<void>) => {
    fief.validation = until; // the validation chunk is on its way (a slow network)
  },
  discovery: (fief: StubFief, until: Promise<void>) => {
    const discover = fief.getOpenIDConfiguration.bind(fief);
    fief.getOpenIDConfiguration = () => until.then(discover);
  },
};

it.each(Object.entries(waits))(
  'no shared storage: B signs out while disposed A waits for %s (before it sends): A sends nothing and hands out nothing',
  async (_wait, holdBack) => {
    const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
    a.auth.dispose(); // A's provider unmounted
    let arrived = () => {};
    holdBack(
      fief,
      new Promise<void>((resolve) => {
        arrived = resolve;
      }),
    );
    const token = a.auth.getAccessToken({ forceRefresh: true }); // A's loader asks (an API refused at-1)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fief.sent).toEqual([]);
    await b.auth.logout('https://app.test/').catch(() => {});
    await vi.advanceTimersByTimeAsync(100); // B's sign-out reached every tab that listens
    arrived();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(await newTabStatus(fief, tabs)).toBe('anonymous');
    expect(fief.sent).toEqual([]); // the ended sign-in's refresh token is not spent
    await expect(token).resolves.toBeNull();
  },
);
