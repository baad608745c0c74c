/**
 * Calls of an app on an engine disposed while its refresh was on its way (a provider unmounted; a loader or an
 * `authFetch` still asking): each gets the newest token with one token request, adopts what another tab refreshed,
 * honours a sign-out, and settles when Fief or the validation code fails. Helper 25's probes, which held up.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

function gate() {
  let open = (): void => {};
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
}

async function unmountedDuringRefresh(shared: MemoryStorage | null = new MemoryStorage()) {
  const fief = new StubFief();
  const session = fief.session();
  const g = gate();
  fief.validation = g.p;
  const tabs = new InTestTabs();
  const a = tab(fief, tabs, session, shared);
  vi.setSystemTime(Date.now() + 55_000);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  a.auth.dispose();
  return { fief, a, tabs, shared, validationArrives: g.open };
}

describe('calls after the unmount, while the refresh started before it is abandoned', () => {
  it('two forced calls after the unmount: one request, both new', async () => {
    const { fief, a, validationArrives } = await unmountedDuringRefresh();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    const t2 = a.auth.getAccessToken({ forceRefresh: true });
    const t3 = a.auth.getAccessToken();
    await vi.advanceTimersByTimeAsync(50);
    validationArrives();
    await vi.advanceTimersByTimeAsync(2_000);
    expect([await t1, await t2, await t3]).toEqual(['at-2', 'at-2', 'at-2']);
    expect(fief.sent).toEqual(['rt-1']);
  });

  it('remount (start) while the call waits: one request, new token', async () => {
    const { fief, a, validationArrives } = await unmountedDuringRefresh();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10);
    a.auth.start();
    validationArrives();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await t1).toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
    a.auth.dispose();
  });

  it('remount then unmount again while the call waits: new token', async () => {
    const { fief, a, validationArrives } = await unmountedDuringRefresh();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10);
    a.auth.start();
    await vi.advanceTimersByTimeAsync(10);
    a.auth.dispose();
    validationArrives();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await t1).toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
  });

  it('another tab refreshes meanwhile: adopted, no second request', async () => {
    const fief = new StubFief();
    const session = fief.session();
    const g = gate();
    fief.validation = g.p;
    const tabs = new InTestTabs();
    const shared = new MemoryStorage();
    const a = tab(fief, tabs, session, shared);
    const b = tab(fief, tabs, session, shared);
    vi.setSystemTime(Date.now() + 55_000);
    a.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    a.auth.dispose();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    b.auth.start(); // b refreshes the same session (also waiting on validation)
    await vi.advanceTimersByTimeAsync(10);
    g.open();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await t1).toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
    b.auth.dispose();
  });

  it('another tab signs out while the call waits: null, nothing sent', async () => {
    const { fief, a, tabs, shared, validationArrives } = await unmountedDuringRefresh();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10);
    const b = tab(fief, tabs, fief.session('sid-1'), shared);
    b.auth.start();
    await vi.advanceTimersByTimeAsync(10);
    await b.auth.logout('https://app.test/').catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    validationArrives();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await t1).toBeNull();
    expect(fief.sent).toEqual([]);
    b.auth.dispose();
  });

  it('Fief down: the call after the unmount makes one attempt and returns', async () => {
    const { fief, a, validationArrives } = await unmountedDuringRefresh();
    fief.down = true;
    const events = a.events;
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    validationArrives();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await t1).toBe('at-1');
    expect(events.filter((e) => e.type === 'refresh.started').length).toBe(1);
    fief.down = false;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fief.sent).toEqual([]);
  });

  it('validation fails to load: the call after the unmount returns (old token), nothing sent, no hang', async () => {
    const { fief, a, validationArrives } = await unmountedDuringRefresh();
    const t1 = a.auth.getAccessToken({ forceRefresh: true });
    fief.validation = 'failed';
    validationArrives();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await t1).toBe('at-1');
    expect(fief.sent).toEqual([]);
  });
});

describe('the user API and waits on another tab, after the unmount', () => {
  it('refreshUserinfo after the unmount, the refresh started before abandoned: new token, one request', async () => {
    const fief = new StubFief();
    let arrive = (): void => {};
    fief.validation = new Promise<void>((r) => {
      arrive = r;
    });
    const a = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
    vi.setSystemTime(Date.now() + 55_000);
    a.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    a.auth.dispose();
    vi.setSystemTime(Date.now() + 10_000); // expired
    const tokens: string[] = [];
    (fief as unknown as { userinfo: (t: string) => Promise<unknown> }).userinfo = (t: string) => {
      tokens.push(t);
      return Promise.resolve(fief.claims());
    };
    const info = a.auth.refreshUserinfo();
    await vi.advanceTimersByTimeAsync(50);
    arrive();
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(info).resolves.toMatchObject({ sub: 'u-1' });
    expect(tokens).toEqual(['at-2']);
    expect(fief.sent).toEqual(['rt-1']);
  });

  it("the refresh before the unmount waited on another tab's refresh: the call after adopts it, no resend", async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const shared = new MemoryStorage();
    const session = fief.session();
    const a = tab(fief, tabs, session, shared);
    const b = tab(fief, tabs, session, shared);
    fief.latencyMs = 5_000;
    vi.setSystemTime(Date.now() + 55_000);
    b.auth.start();
    await vi.advanceTimersByTimeAsync(100); // b sent rt-1, waits 5 s for the answer
    a.auth.start(); // a finds b's mark and waits for b's session
    await vi.advanceTimersByTimeAsync(100);
    a.auth.dispose();
    const token = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(token).resolves.toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
    b.auth.dispose();
  });
});
